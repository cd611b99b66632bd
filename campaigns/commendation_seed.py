"""The Law's titles and forms as data (loaded by migration 0005; editors change them as snippets).
Plain literals only: the migration imports this module. Sources: docs/commendation.md.

"L" is Law 06/2022/QH15 (Luật Thi đua, khen thưởng); articles marked "†" were located by the order of
Chương II and are not yet checked one by one against the Official Gazette (Công báo số 571+572/2022);
Art. 80 was read there. A power marked "cấu hình" is the setting COMMENDATION_COMMUNE_HAS_DISTRICT_POWERS.
"""

HISTORIC_UNTIL = "2025-06-30"  # districts ceased on 1 July 2025

# code, name, category, level, recipients, authority today, legal basis, criteria, required recognition,
# valid_until
KINDS = [
    # -- danh hiệu thi đua, cá nhân ------------------------------------------------------------------
    ("ld_tien_tien", "Lao động tiên tiến", "title", "base", "individual",
     "Chủ tịch UBND cấp xã; thủ trưởng cơ quan, đơn vị có tư cách pháp nhân",
     "L Điều 24; Điều 80 khoản 1, 3",
     "Hoàn thành tốt nhiệm vụ được giao, chấp hành tốt chủ trương, chính sách, pháp luật.", "", None),
    ("cstd_co_so", "Chiến sĩ thi đua cơ sở", "title", "base", "individual",
     ("Thủ trưởng cơ quan chuyên môn thuộc UBND cấp tỉnh và tương đương (Điều 80 khoản 1); Chủ tịch UBND "
      "cấp xã chỉ khi cấu hình cho phép (quyền của cấp huyện theo Điều 80 khoản 2 chưa xác nhận được chuyển)"),
     "L Điều 23†; Điều 80 khoản 1, 2",
     "Đạt danh hiệu Lao động tiên tiến và có sáng kiến được công nhận.", "commune", None),
    ("cstd_tinh", "Chiến sĩ thi đua cấp tỉnh", "title", "province", "individual",
     "Chủ tịch UBND cấp tỉnh", "L Điều 22†",
     ("Tiêu biểu trong số cá nhân có 03 lần liên tục đạt Chiến sĩ thi đua cơ sở; sáng kiến có hiệu quả, "
      "có khả năng nhân rộng trong phạm vi tỉnh."), "province", None),
    ("cstd_toan_quoc", "Chiến sĩ thi đua toàn quốc", "title", "state", "individual",
     "Thủ tướng Chính phủ", "L Điều 21",
     ("Tiêu biểu trong số cá nhân có 02 lần liên tục đạt Chiến sĩ thi đua cấp tỉnh; sáng kiến đã áp dụng "
      "hiệu quả, có khả năng nhân rộng trong toàn quốc."), "national", None),
    # -- danh hiệu thi đua, tập thể -------------------------------------------------------------------
    ("tt_ld_tien_tien", "Tập thể lao động tiên tiến", "title", "base", "collective",
     ("Thủ trưởng cơ quan, đơn vị có tư cách pháp nhân (Điều 80 khoản 1); Chủ tịch UBND cấp xã chỉ khi "
      "cấu hình cho phép"), "L Điều 28; Điều 80 khoản 1, 2", "Hoàn thành tốt nhiệm vụ và kế hoạch được giao.", "",
     None),
    ("tt_ld_xuat_sac", "Tập thể lao động xuất sắc", "title", "province", "collective",
     "Chủ tịch UBND cấp tỉnh; Bộ trưởng, thủ trưởng ngành", "L Điều 27†",
     "Sáng tạo, vượt khó, hoàn thành xuất sắc nhiệm vụ; là tập thể tiêu biểu.", "", None),
    ("co_thi_dua_tinh", "Cờ thi đua của UBND tỉnh", "title", "province", "collective",
     "Chủ tịch UBND cấp tỉnh", "L Điều 26†",
     "Dẫn đầu cụm, khối thi đua của tỉnh; hoàn thành vượt mức chỉ tiêu.", "", None),
    ("co_thi_dua_cp", "Cờ thi đua của Chính phủ", "title", "state", "collective",
     "Thủ tướng Chính phủ", "L Điều 25†; Nghị định 98/2023/NĐ-CP (chi tiết khoản 4 Điều 25)",
     "Tiêu biểu xuất sắc trong số tập thể dẫn đầu cụm, khối thi đua cấp tỉnh, Bộ, ngành.", "", None),
    # -- hình thức khen thưởng ------------------------------------------------------------------------
    ("bk_thu_tuong", "Bằng khen của Thủ tướng Chính phủ", "form", "state", "both",
     "Thủ tướng Chính phủ", "L Chương III (Bằng khen); Nghị định 98/2023/NĐ-CP", "", "", None),
    ("bk_tinh", "Bằng khen của Chủ tịch UBND tỉnh", "form", "province", "both",
     "Chủ tịch UBND cấp tỉnh", "L Chương III (Bằng khen); Nghị định 98/2023/NĐ-CP", "", "", None),
    ("bk_bo", "Bằng khen cấp Bộ, ban, ngành", "form", "province", "both",
     "Bộ trưởng, thủ trưởng cơ quan ngang bộ, ban, ngành trung ương", "L Chương III (Bằng khen)", "", "", None),
    ("gk_xa", "Giấy khen của Chủ tịch UBND xã", "form", "base", "both",
     "Chủ tịch UBND cấp xã", "L Chương III (Giấy khen); Điều 80 khoản 3", "", "", None),
    ("gk_co_quan", "Giấy khen của thủ trưởng cơ quan, đơn vị", "form", "base", "both",
     "Thủ trưởng cơ quan, đơn vị có tư cách pháp nhân; thủ trưởng cơ quan chuyên môn thuộc UBND cấp tỉnh",
     "L Chương III (Giấy khen); Điều 80 khoản 1", "", "", None),
    # -- trước 01/07/2025 (cấp huyện) ------------------------------------------------------------------
    ("gk_huyen", "Giấy khen của Chủ tịch UBND huyện", "form", "district", "both",
     "Không còn (cấp huyện kết thúc hoạt động từ 01/07/2025)", "L Điều 80 khoản 2", "", "", HISTORIC_UNTIL),
    ("cstd_co_so_huyen", "Chiến sĩ thi đua cơ sở do Chủ tịch UBND huyện tặng", "title", "district", "individual",
     "Không còn (cấp huyện kết thúc hoạt động từ 01/07/2025)", "L Điều 80 khoản 2", "", "commune",
     HISTORIC_UNTIL),
]
