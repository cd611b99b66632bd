"""The default point rules and badges, as data (loaded by migration 0002; editors change them in the admin).
Plain literals only: the migration imports this module."""

POINT_RULES = [
    # code, description, points
    ("initiative_submitted", "Đơn vị gửi một sáng kiến đi thẩm định", 5),
    ("initiative_recognised_commune", "Sáng kiến được công nhận cấp xã", 10),
    ("initiative_recognised_district", "Sáng kiến được công nhận cấp huyện", 20),
    ("initiative_recognised_province", "Sáng kiến được công nhận cấp tỉnh", 40),
    ("initiative_recognised_national", "Sáng kiến được công nhận cấp toàn quốc", 80),
    ("initiative_adopted", "Sáng kiến của đơn vị được một đơn vị khác áp dụng (tính cho đơn vị sáng kiến, mỗi đơn vị áp dụng)", 15),
    ("adoption_operating", "Mô hình đơn vị áp dụng đi vào vận hành ổn định", 10),
    ("indicator_target_reached", "Một chỉ số của mô hình đạt chỉ tiêu trong kỳ", 5),
    ("indicators_on_time", "Báo cáo đủ chỉ số đúng hạn trong kỳ", 2),
]

BADGES = [
    # code, name, description, criterion, measure label, [(level, name, threshold)]
    ("tien-phong", "Tiên phong", "Đơn vị đầu tiên trong tỉnh áp dụng một mô hình", "first_adopter_in_province",
     "mô hình", [(1, "Đồng", 1), (2, "Bạc", 3), (3, "Vàng", 5)]),
    ("lan-toa", "Lan toả", "Một sáng kiến của đơn vị được nhiều đơn vị khác nhân rộng", "initiative_replicated",
     "đơn vị", [(1, "Đồng", 5), (2, "Bạc", 10), (3, "Vàng", 25)]),
    ("dung-hen", "Đúng hẹn", "100% hồ sơ giải quyết đúng hạn nhiều tháng liên tục", "on_time_streak_months",
     "tháng", [(1, "6 tháng", 6), (2, "12 tháng", 12)]),
    ("hai-long", "Hài lòng", "Chỉ số hài lòng của người dân (SIPAS) từ 95% trở lên", "sipas_percent",
     "%", [(1, "SIPAS ≥ 95%", 95)]),
]

PEER_GROUPS = [
    ("phuong-do-thi", "Phường đô thị", "Các phường, thị trấn khu vực đô thị"),
    ("xa-nong-thon", "Xã nông thôn", "Các xã khu vực nông thôn"),
    ("xa-bien-gioi", "Xã biên giới", "Các xã biên giới, vùng sâu, vùng xa"),
]
