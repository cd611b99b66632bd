"""The demo initiatives, as data. Every fact and figure comes from one of the five articles in
../shared/seeds/ (cited per initiative); summaries and bodies are our own wording, not the articles'.

Units are the HISTORIC (pre-1 July 2025) units the articles name, by key ("h" + official code).
Status follows what the article says, nothing more:
- "province": the article says the province approved the initiative -> recognised at province level;
- "district": the article says the district chairman directed its replication -> recognised at district level;
- "submitted": the article only reports the model in operation.
"""

import datetime

# Seed file -> how to cite it. Titles in square brackets are descriptive: the stored copy has no headline.
SOURCES = {
    "000_3f645dbd44546458.txt": {
        "title": "Huyện Xuân Lộc: Nỗ lực giữ vững vị trí tốp đầu trong cải cách hành chính",
        "publisher": "Báo Đồng Nai điện tử",
        "published_on": datetime.date(2024, 8, 6),
    },
    "001_1161eb7e2359c4d9.txt": {
        "title": "Huyện Nga Sơn đổi mới, xây dựng nền hành chính phục vụ Nhân dân",
        "publisher": "Báo Thanh Hóa (đăng lại)",
        "published_on": datetime.date(2021, 4, 27),
    },
    "002_aae7396db1233190.txt": {
        "title": "[10 năm cải cách hành chính ở huyện Lạc Thủy] (năm 2020)",
        "publisher": "Báo Hòa Bình điện tử (HBĐT)",
        "published_on": None,
    },
    "003_78a41de7d8ebfa09.txt": {
        "title": "[Huyện Tây Hòa: Nhiều chuyển biến tích cực trong cải cách hành chính] (06/2024)",
        "publisher": "",
        "published_on": None,
    },
    "004_b644bbf001a7fc5a.txt": {
        "title": "Huyện Hồng Ngự nỗ lực xây dựng chính quyền thân thiện, phục vụ (năm 2024)",
        "publisher": "",
        "published_on": None,
    },
}

# (name, English name) of the groups the initiatives serve.
TARGET_GROUPS = {
    "nguoi-dan": ("Người dân", "Citizens"),
    "doanh-nghiep": ("Doanh nghiệp", "Businesses"),
    "kho-khan": ("Người có hoàn cảnh khó khăn", "People in difficult circumstances"),
    "bao-tro": ("Đối tượng bảo trợ xã hội", "Social assistance beneficiaries"),
    "khuyet-tat": ("Người khuyết tật", "People with disabilities"),
    "xa-nha": ("Học sinh, sinh viên, người đi làm ăn xa", "Students and people working away from home"),
    "thuc-pham": ("Cơ sở sản xuất, kinh doanh thực phẩm", "Food businesses"),
    "cong-chuc": ("Cán bộ, công chức", "Civil servants"),
}

XL, NS, LT, TH, HN = SOURCES.keys()

INITIATIVES = [
    # --- Xuân Lộc (Đồng Nai): three initiatives approved by the province, replicated in 2023 ---
    {
        "slug": "xuan-loc-nang-ty-le-ho-so-truc-tuyen",
        "title": "Giải pháp nâng tỷ lệ hồ sơ dịch vụ công trực tuyến toàn trình và một phần",
        "unit": "h741", "office": "UBND huyện Xuân Lộc", "area": "chinh-phu-so",
        "tags": ["dịch vụ công trực tuyến", "một cửa", "chỉ số CCHC"], "groups": ["nguoi-dan", "doanh-nghiep"],
        "summary": "Nhóm giải pháp của huyện Xuân Lộc giúp nhiều hồ sơ thủ tục hành chính được nộp và xử lý "
                   "trực tuyến hơn (toàn trình hoặc một phần); được các sở, ngành thẩm định, UBND tỉnh Đồng Nai "
                   "thống nhất cho triển khai và đã nhân rộng tại các bộ phận một cửa trong huyện năm 2023.",
        "body": [
            ("Cách làm", "Huyện đặt mục tiêu đưa phần lớn hồ sơ lên môi trường trực tuyến: cán bộ một cửa "
                         "hướng dẫn người dân nộp qua cổng dịch vụ công, rà soát những thủ tục đủ điều kiện "
                         "xử lý toàn trình, và theo dõi tỷ lệ này như một chỉ tiêu của kế hoạch CCHC."),
            ("Kết quả", "Theo bài báo, tỷ lệ hồ sơ xử lý trực tuyến toàn trình và một phần tại các bộ phận "
                        "một cửa vượt 61,5%, cao hơn chỉ tiêu kế hoạch; cùng với hai sáng kiến còn lại, tỷ lệ "
                        "hồ sơ giải quyết trước và đúng hạn của huyện giữ ở mức 98,9%."),
        ],
        "figures": [
            ("Tỷ lệ hồ sơ trực tuyến toàn trình và một phần tại bộ phận một cửa (trên)", "61.5", "%",
             "Đến 08/2024"),
            ("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn (kết quả chung của 3 sáng kiến)", "98.9", "%",
             "Đến 08/2024"),
        ],
        "source": XL, "status": "province", "featured": True,
    },
    {
        "slug": "xuan-loc-thanh-toan-khong-dung-tien-mat",
        "title": "Giải pháp đẩy mạnh thanh toán không dùng tiền mặt đối với dịch vụ công",
        "unit": "h741", "office": "UBND huyện Xuân Lộc", "area": "chinh-phu-so",
        "tags": ["không dùng tiền mặt", "dịch vụ công trực tuyến", "một cửa"], "groups": ["nguoi-dan", "doanh-nghiep"],
        "summary": "Sáng kiến khuyến khích người dân, doanh nghiệp ở Xuân Lộc trả phí, lệ phí dịch vụ công "
                   "bằng phương thức điện tử thay cho tiền mặt; được tỉnh Đồng Nai thống nhất cho triển khai "
                   "và nhân rộng tại các bộ phận tiếp nhận và trả kết quả của huyện trong năm 2023.",
        "body": [
            ("Cách làm", "Tại bộ phận một cửa, người nộp hồ sơ được giới thiệu và hỗ trợ thanh toán phí, lệ "
                         "phí qua chuyển khoản hoặc cổng thanh toán trực tuyến, để việc nộp hồ sơ trực tuyến "
                         "không bị đứt quãng ở khâu trả tiền."),
            ("Kết quả", "Bài báo ghi nhận sáng kiến này cùng hai sáng kiến khác giúp huyện giữ tỷ lệ hồ sơ "
                        "giải quyết trước và đúng hạn ở mức 98,9%; bài không nêu số liệu riêng về thanh toán "
                        "không dùng tiền mặt."),
        ],
        "figures": [
            ("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn (kết quả chung của 3 sáng kiến)", "98.9", "%",
             "Đến 08/2024"),
        ],
        "source": XL, "status": "province", "featured": False,
    },
    {
        "slug": "xuan-loc-goc-cntt-huong-dan-dich-vu-cong",
        "title": "Mô hình ứng dụng CNTT tuyên truyền, hướng dẫn trải nghiệm dịch vụ công trực tuyến "
                 "tại Bộ phận Một cửa huyện",
        "unit": "h741", "office": "Bộ phận Một cửa huyện Xuân Lộc", "area": "chinh-phu-so",
        "tags": ["dịch vụ công trực tuyến", "một cửa", "tuyên truyền"], "groups": ["nguoi-dan"],
        "summary": "Một góc công nghệ thông tin đặt ngay tại Bộ phận Một cửa huyện Xuân Lộc, nơi người dân "
                   "được giới thiệu và cầm tay chỉ việc khi tự thực hiện dịch vụ công trực tuyến; mô hình "
                   "được tỉnh Đồng Nai thống nhất cho triển khai và nhân rộng trong huyện năm 2023.",
        "body": [
            ("Cách làm", "Thay vì chỉ nhận hồ sơ giấy, bộ phận một cửa dành chỗ có thiết bị để người dân tự "
                         "thao tác trên cổng dịch vụ công với sự hướng dẫn của cán bộ, đồng thời dùng các "
                         "phương tiện trực quan để giới thiệu dịch vụ trực tuyến."),
            ("Kết quả", "Theo bài báo, người dân hài lòng trên 98% khi đến làm thủ tục tại huyện năm 2023, "
                        "và huyện Xuân Lộc đứng đầu các đơn vị cấp huyện của tỉnh về CCHC năm 2023 "
                        "(năm 2022 xếp thứ 4)."),
        ],
        "figures": [
            ("Tỷ lệ người dân hài lòng khi thực hiện thủ tục tại huyện (trên)", "98", "%", "Năm 2023"),
            ("Thứ hạng CCHC trong các đơn vị cấp huyện của tỉnh", "1", "", "Năm 2023"),
            ("Thứ hạng CCHC trong các đơn vị cấp huyện của tỉnh", "4", "", "Năm 2022"),
            ("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn (kết quả chung của 3 sáng kiến)", "98.9", "%",
             "Đến 08/2024"),
        ],
        "source": XL, "status": "province", "featured": True,
    },
    # --- Hồng Ngự (Đồng Tháp): models of 2023 whose replication the district chairman directed ---
    {
        "slug": "phu-thuan-a-giam-thoi-gian-ngoi-cho",
        "title": "Giảm thời gian ngồi chờ giải quyết thủ tục hành chính tại Bộ phận một cửa",
        "unit": "h29998", "office": "UBND xã Phú Thuận A", "area": "thu-tuc-hanh-chinh",
        "tags": ["một cửa", "thời gian chờ"], "groups": ["nguoi-dan"],
        "summary": "Xã Phú Thuận A tổ chức lại việc tiếp nhận ở bộ phận một cửa để người dân phải ngồi chờ "
                   "ít hơn khi làm thủ tục; mô hình được Chủ tịch UBND huyện Hồng Ngự chỉ đạo nhân rộng.",
        "body": [
            ("Mô hình", "Mục tiêu là rút ngắn quãng thời gian người dân ngồi đợi từ lúc đến bộ phận một cửa "
                        "đến khi được tiếp nhận và giải quyết hồ sơ."),
            ("Ghi nhận", "Bài báo nêu đây là một trong các mô hình năm 2023 được Chủ tịch UBND huyện chỉ đạo "
                         "nhân rộng; bài không công bố số liệu đo thời gian chờ."),
        ],
        "figures": [],
        "source": HN, "status": "district", "featured": False,
    },
    {
        "slug": "long-thuan-doan-thanh-nien-ho-tro-nop-truc-tuyen",
        "title": "Đoàn Thanh niên hỗ trợ người dân nộp hồ sơ trực tuyến mức độ 3, 4 và dịch vụ bưu chính công ích",
        "unit": "h29992", "office": "UBND xã Long Thuận", "area": "chinh-phu-so",
        "tags": ["đoàn thanh niên", "dịch vụ công trực tuyến", "bưu chính công ích", "một cửa"],
        "groups": ["nguoi-dan"],
        "summary": "Đoàn viên thanh niên xã Long Thuận túc trực tại bộ phận tiếp nhận và trả kết quả để giúp "
                   "người dân nộp hồ sơ trực tuyến (mức độ 3, 4) và dùng dịch vụ bưu chính công ích; mô hình "
                   "được Chủ tịch UBND huyện Hồng Ngự chỉ đạo nhân rộng.",
        "body": [
            ("Mô hình", "Thanh niên có kỹ năng số hướng dẫn trực tiếp người dân thao tác nộp hồ sơ trên mạng, "
                        "và giới thiệu việc gửi hồ sơ, nhận kết quả qua bưu điện để đỡ phải đi lại."),
            ("Ghi nhận", "Một trong các mô hình năm 2023 được Chủ tịch UBND huyện chỉ đạo nhân rộng theo bài "
                         "báo; bài không nêu số liệu kết quả."),
        ],
        "figures": [],
        "source": HN, "status": "district", "featured": False,
    },
    {
        "slug": "long-khanh-b-nguoi-dan-khong-viet",
        "title": "Người dân không viết và trả kết quả tại nhà cho người có hoàn cảnh khó khăn",
        "unit": "h29983", "office": "UBND xã Long Khánh B", "area": "thu-tuc-hanh-chinh",
        "tags": ["người dân không viết", "trả kết quả tại nhà", "một cửa"],
        "groups": ["nguoi-dan", "kho-khan"],
        "summary": "Ở xã Long Khánh B, cán bộ một cửa điền tờ khai thay cho người dân, và mang kết quả thủ "
                   "tục đến tận nhà những người gặp khó khăn; mô hình được Chủ tịch UBND huyện Hồng Ngự chỉ "
                   "đạo nhân rộng.",
        "body": [
            ("Mô hình", "Người đến làm thủ tục chỉ cần trình bày nhu cầu và xuất trình giấy tờ; phần kê khai "
                        "do công chức tiếp nhận đảm nhận. Với người già yếu, neo đơn hoặc hoàn cảnh khó khăn, "
                        "xã đưa kết quả về nhà thay vì hẹn họ quay lại."),
            ("Ghi nhận", "Bài báo liệt kê mô hình trong nhóm được Chủ tịch UBND huyện chỉ đạo nhân rộng năm "
                         "2023; không có số liệu định lượng."),
        ],
        "figures": [],
        "source": HN, "status": "district", "featured": True,
    },
    {
        "slug": "hong-ngu-ngay-khong-dung-tien-mat",
        "title": "Ngày không dùng tiền mặt tại Bộ phận Tiếp nhận và Trả kết quả",
        "unit": "h870", "office": "Phòng Văn hóa và Thông tin huyện Hồng Ngự", "area": "chinh-phu-so",
        "tags": ["không dùng tiền mặt", "một cửa"], "groups": ["nguoi-dan", "doanh-nghiep"],
        "summary": "Phòng Văn hóa và Thông tin huyện Hồng Ngự dành một ngày cố định để mọi khoản phí, lệ phí "
                   "tại bộ phận tiếp nhận và trả kết quả được thanh toán không dùng tiền mặt; mô hình được "
                   "Chủ tịch UBND huyện chỉ đạo nhân rộng.",
        "body": [
            ("Mô hình", "Một ngày trong tuần được chọn làm ngày thanh toán điện tử, giúp người dân quen dần "
                        "với chuyển khoản và thanh toán trực tuyến khi làm thủ tục."),
            ("Ghi nhận", "Bài báo nêu mô hình trong nhóm được Chủ tịch UBND huyện chỉ đạo nhân rộng năm 2023."),
        ],
        "figures": [],
        "source": HN, "status": "district", "featured": False,
    },
    # --- Hồng Ngự: models started in early 2024 (reported in operation only) ---
    {
        "slug": "hong-ngu-phong-y-te-cap-giay-attp-tai-nha",
        "title": "Nộp hồ sơ, thanh toán trực tuyến và trả tại nhà Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        "unit": "h870", "office": "Phòng Y tế huyện Hồng Ngự", "area": "chinh-phu-so",
        "tags": ["an toàn thực phẩm", "dịch vụ công trực tuyến", "không dùng tiền mặt", "trả kết quả tại nhà"],
        "groups": ["thuc-pham", "doanh-nghiep"],
        "summary": "Với thủ tục cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm, Phòng Y tế huyện "
                   "Hồng Ngự nhận hồ sơ và phí trực tuyến, rồi gửi giấy chứng nhận đến tận nơi cho cơ sở.",
        "body": [
            ("Mô hình", "Cơ sở sản xuất, kinh doanh thực phẩm không phải đến cơ quan: nộp hồ sơ qua mạng, trả "
                        "phí bằng thanh toán trực tuyến và nhận giấy chứng nhận tại địa chỉ của mình."),
            ("Ghi nhận", "Theo bài báo, mô hình được triển khai trong những tháng đầu năm 2024."),
        ],
        "figures": [],
        "source": HN, "status": "submitted", "featured": False,
    },
    {
        "slug": "long-khanh-a-ngay-thu-nam-khong-hen",
        "title": "Ngày thứ Năm tập thể cán bộ, công chức xã giải quyết thủ tục hành chính không hẹn",
        "unit": "h29980", "office": "UBND xã Long Khánh A", "area": "thu-tuc-hanh-chinh",
        "tags": ["một cửa", "giải quyết trong ngày", "thời gian chờ"], "groups": ["nguoi-dan"],
        "start": datetime.date(2024, 3, 1),
        "summary": "Từ tháng 3/2024, mỗi thứ Năm toàn bộ cán bộ, công chức xã Long Khánh A cùng giải quyết "
                   "thủ tục ngay tại chỗ, không viết giấy hẹn: hồ sơ được xử lý và trả kết quả trong vòng "
                   "một giờ kể từ khi nhận.",
        "body": [
            ("Mô hình", "Vào thứ Năm hằng tuần, các công chức chuyên môn cùng có mặt để tiếp nhận và xử lý "
                        "ngay các thủ tục thuộc lĩnh vực tài nguyên và môi trường, tư pháp, lao động - thương "
                        "binh và xã hội, việc làm, công an và quân sự."),
            ("Kết quả", "Cam kết trả kết quả không quá 1 giờ sau khi nhận hồ sơ. Bài báo cho biết mô hình "
                        "nâng chất lượng phục vụ nhưng không công bố số hồ sơ đã giải quyết."),
        ],
        "figures": [("Thời gian tối đa từ khi nhận hồ sơ đến khi trả kết quả", "1", "giờ", "Từ 03/2024")],
        "source": HN, "status": "submitted", "featured": True,
    },
    {
        "slug": "phu-thuan-b-tiep-nhan-truc-tuyen-hop-xet-tai-nha",
        "title": "Tiếp nhận trực tuyến, họp xét tại nhà, trả kết quả tại chỗ",
        "unit": "h29995", "office": "UBND xã Phú Thuận B", "area": "thu-tuc-hanh-chinh",
        "tags": ["bảo trợ xã hội", "trả kết quả tại nhà", "dịch vụ công trực tuyến"],
        "groups": ["bao-tro", "khuyet-tat", "kho-khan"],
        "summary": "Xã Phú Thuận B nhận trực tuyến hồ sơ bảo trợ xã hội (xác định mức độ khuyết tật, trợ cấp "
                   "xã hội hằng tháng), cử đoàn cán bộ đến nhà người dân để xét và trao kết quả ngay, thay cho "
                   "việc bắt người bệnh đến xã nộp giấy và chờ hẹn.",
        "body": [
            ("Trước khi có mô hình", "Người vừa xuất viện phải tự mang giấy tờ đến bộ phận một cửa của xã; "
                                     "giấy hẹn là 25 ngày với thủ tục xác định mức độ khuyết tật và 5 ngày "
                                     "với thủ tục trợ cấp xã hội hằng tháng, sau đó xã mới họp tổ đánh giá."),
            ("Mô hình", "Xã nhận thông tin qua kênh trực tuyến, đoàn công chức đến tận nhà xem xét hồ sơ và "
                        "làm thủ tục ngay. Bài báo kể trường hợp một người dân ở ấp Phú Lợi B được xét hưởng "
                        "trợ cấp hằng tháng sau khi xuất viện theo cách này."),
        ],
        "figures": [
            ("Thời hạn hẹn trước đây: xác định mức độ khuyết tật", "25", "ngày", "Trước mô hình"),
            ("Thời hạn hẹn trước đây: trợ cấp xã hội hằng tháng", "5", "ngày", "Trước mô hình"),
        ],
        "source": HN, "status": "submitted", "featured": False,
    },
    # --- Nga Sơn (Thanh Hóa) ---
    {
        "slug": "nga-son-mot-cua-4-tang-2-giam-3-khong",
        "title": "Cơ chế một cửa, một cửa liên thông theo Nghị định 61/2018/NĐ-CP với “4 tăng, 2 giảm, 3 không”",
        "unit": "h401", "office": "UBND huyện Nga Sơn", "area": "thu-tuc-hanh-chinh",
        "tags": ["một cửa", "một cửa liên thông", "công khai xin lỗi"], "groups": ["nguoi-dan", "doanh-nghiep"],
        "start": datetime.date(2018, 10, 17),
        "summary": "Huyện Nga Sơn kiện toàn bộ phận tiếp nhận và trả kết quả ở huyện và các xã, thị trấn theo "
                   "Nghị định 61/2018/NĐ-CP, niêm yết và thực hiện nội dung “4 tăng, 2 giảm, 3 không”, công "
                   "khai kết quả và xin lỗi khi trễ hẹn; thời gian giải quyết còn khoảng một phần ba so với "
                   "quy định.",
        "body": [
            ("Cách làm", "Theo kế hoạch 3159/QĐ-UBND ngày 17/10/2018, huyện chuẩn hoá tổ chức, nhân sự và "
                         "trang thiết bị của bộ phận một cửa từ huyện đến xã, ứng dụng CNTT trong xử lý hồ sơ, "
                         "và niêm yết yêu cầu “4 tăng, 2 giảm, 3 không” của Chủ tịch UBND tỉnh tại trụ sở."),
            ("Kết quả", "Trong 11 tháng năm 2020, bộ phận một cửa huyện nhận 9.470 hồ sơ (nhiều nhất là đất "
                        "đai và chế độ, chính sách), giải quyết đúng hạn 9.315 hồ sơ (98%), 155 hồ sơ còn trong "
                        "hạn và không có hồ sơ quá hạn."),
        ],
        "figures": [
            ("Hồ sơ tiếp nhận tại bộ phận một cửa huyện", "9470", "hồ sơ", "11 tháng năm 2020"),
            ("Hồ sơ giải quyết đúng hạn", "9315", "hồ sơ", "11 tháng năm 2020"),
            ("Tỷ lệ giải quyết đúng hạn", "98", "%", "11 tháng năm 2020"),
            ("Hồ sơ đang trong hạn giải quyết", "155", "hồ sơ", "11 tháng năm 2020"),
            ("Hồ sơ quá hạn", "0", "hồ sơ", "11 tháng năm 2020"),
        ],
        "source": NS, "status": "submitted", "featured": True,
        "extra_sources": [{
            "title": "Kế hoạch triển khai Nghị định 61/2018/NĐ-CP về cơ chế một cửa, một cửa liên thông "
                     "trên địa bàn huyện Nga Sơn",
            "publisher": "UBND huyện Nga Sơn", "published_on": datetime.date(2018, 10, 17),
            "decision_number": "3159/QĐ-UBND",
        }],
    },
    {
        "slug": "nga-son-danh-gia-can-bo-hang-thang",
        "title": "Đánh giá, xếp loại cán bộ, công chức hằng tháng theo hiệu quả công việc",
        "unit": "h401", "office": "UBND huyện Nga Sơn", "area": "cong-vu",
        "tags": ["đánh giá cán bộ", "công vụ"], "groups": ["cong-chuc"],
        "summary": "Nga Sơn lấy kết quả công việc làm thước đo mức độ hoàn thành nhiệm vụ: cán bộ, công chức, "
                   "viên chức được đánh giá, xếp loại hằng tháng và các tổ chức hằng năm, kèm giao chỉ tiêu "
                   "cụ thể cho từng ban, ngành, xã, thị trấn.",
        "body": [
            ("Cách làm", "Huyện ban hành quy chế đánh giá hằng tháng, xác định nhiệm vụ trọng tâm từng năm và "
                         "phân công mỗi thành viên UBND huyện phụ trách một lĩnh vực."),
            ("Ghi nhận", "Bài báo mô tả cách làm này như một phần đổi mới quản lý của huyện, không nêu số liệu "
                         "riêng."),
        ],
        "figures": [],
        "source": NS, "status": "submitted", "featured": False,
    },
    # --- Lạc Thủy (Hòa Bình) ---
    {
        "slug": "lac-thuy-bo-phan-tiep-nhan-hien-dai",
        "title": "Đầu tư Bộ phận Tiếp nhận và trả kết quả hiện đại ở huyện và 10 xã, dịch vụ công mức độ 3",
        "unit": "h159", "office": "UBND huyện Lạc Thủy", "area": "thu-tuc-hanh-chinh",
        "tags": ["một cửa", "dịch vụ công trực tuyến"], "groups": ["nguoi-dan", "doanh-nghiep"],
        "summary": "Lạc Thủy chi 8,3 tỷ đồng xây dựng, trang bị bộ phận tiếp nhận và trả kết quả của huyện và "
                   "10 đơn vị cấp xã, đồng thời đưa dịch vụ công trực tuyến lên mức độ 3 để người dân, doanh "
                   "nghiệp đỡ tốn thời gian, chi phí.",
        "body": [
            ("Cách làm", "Cơ sở vật chất và thiết bị của các điểm tiếp nhận được đầu tư đồng bộ; huyện là một "
                         "trong số ít địa phương của tỉnh có hệ thống dịch vụ công trực tuyến mức độ 3."),
            ("Kết quả", "Sáu tháng đầu năm 2020, 94,6% hồ sơ đã được giải quyết, trong đó đúng hạn đạt 98,73%."),
        ],
        "figures": [
            ("Kinh phí đầu tư bộ phận tiếp nhận và trả kết quả", "8.3", "tỷ đồng", "2011–2020"),
            ("Số đơn vị cấp xã được đầu tư", "10", "đơn vị", "2011–2020"),
            ("Tỷ lệ hồ sơ đã giải quyết", "94.6", "%", "6 tháng đầu năm 2020"),
            ("Tỷ lệ giải quyết đúng hạn", "98.73", "%", "6 tháng đầu năm 2020"),
        ],
        "source": LT, "status": "submitted", "featured": False,
    },
    {
        "slug": "lac-thuy-kiem-tra-cong-vu-qua-camera",
        "title": "Kiểm tra việc thực thi công vụ qua hệ thống camera giám sát",
        "unit": "h159", "office": "Văn phòng HĐND và UBND huyện Lạc Thủy", "area": "cong-vu",
        "tags": ["kiểm tra công vụ", "kỷ cương hành chính"], "groups": ["cong-chuc", "nguoi-dan"],
        "summary": "Văn phòng HĐND và UBND huyện Lạc Thủy được giao theo dõi việc thực thi công vụ của công "
                   "chức qua camera, bên cạnh các tổ kiểm tra kỷ luật, kỷ cương hành chính và các đợt kiểm "
                   "tra CCHC theo kế hoạch và đột xuất.",
        "body": [
            ("Cách làm", "Ngoài kiểm tra trực tiếp, huyện dùng camera để giám sát thái độ và việc thực hiện "
                         "nhiệm vụ tại nơi làm việc, và lấy kết quả CCHC hằng năm làm căn cứ đánh giá người "
                         "đứng đầu."),
            ("Kết quả", "Từ năm 2011 đến thời điểm bài báo, huyện ban hành 36 kế hoạch và 85 văn bản chỉ đạo "
                        "về CCHC, thực hiện 55 lượt kiểm tra theo kế hoạch và 18 lượt kiểm tra đột xuất."),
        ],
        "figures": [
            ("Lượt kiểm tra CCHC theo kế hoạch", "55", "lượt", "2011–2020"),
            ("Lượt kiểm tra CCHC đột xuất", "18", "lượt", "2011–2020"),
            ("Kế hoạch về CCHC đã ban hành", "36", "kế hoạch", "2011–2020"),
            ("Văn bản chỉ đạo về CCHC", "85", "văn bản", "2011–2020"),
        ],
        "source": LT, "status": "submitted", "featured": False,
    },
    # --- Tây Hòa (Phú Yên) ---
    {
        "slug": "tay-hoa-chuyen-doi-so-dich-vu-cong",
        "title": "Chuyển đổi số trong giải quyết thủ tục: dịch vụ công trực tuyến và chữ ký số ở mọi đơn vị",
        "unit": "h562", "office": "UBND huyện Tây Hòa", "area": "chinh-phu-so",
        "tags": ["chuyển đổi số", "chữ ký số", "dịch vụ công trực tuyến", "SIPAS"],
        "groups": ["nguoi-dan", "doanh-nghiep"],
        "summary": "Tây Hòa đưa dịch vụ công trực tuyến và chữ ký số đến tất cả cơ quan, đơn vị và UBND các "
                   "xã, thị trấn, số hoá và tái sử dụng kết quả số hoá hồ sơ; năm 2023 chỉ số CCHC của huyện "
                   "đạt 88,78 điểm, xếp loại Tốt.",
        "body": [
            ("Cách làm", "Năm 2022 huyện phối hợp với Sở Thông tin và Truyền thông và Hội Doanh nghiệp tỉnh "
                         "tổ chức hội thảo về chuyển đổi số đồng hành cùng người dân, doanh nghiệp; mọi văn bản "
                         "đều dùng chứng thư số và kết quả giải quyết được cập nhật lên cổng dịch vụ công tỉnh."),
            ("Kết quả", "Năm 2023, cấp huyện giải quyết đúng và trước hạn 4.936 hồ sơ (98,52%), cấp xã 17.329 "
                        "hồ sơ đúng hạn (100%); chỉ số hài lòng SIPAS tại bộ phận một cửa huyện đạt 98,6% "
                        "(năm 2022: 98,4%)."),
        ],
        "figures": [
            ("Hồ sơ cấp huyện giải quyết đúng và trước hạn", "4936", "hồ sơ", "Năm 2023"),
            ("Tỷ lệ hồ sơ cấp huyện đúng và trước hạn", "98.52", "%", "Năm 2023"),
            ("Hồ sơ cấp xã giải quyết đúng hạn", "17329", "hồ sơ", "Năm 2023"),
            ("Tỷ lệ hồ sơ cấp xã đúng hạn", "100", "%", "Năm 2023"),
            ("Đơn vị cung cấp dịch vụ công trực tuyến và dùng chữ ký số", "100", "%", "Năm 2023"),
            ("Chỉ số hài lòng SIPAS tại bộ phận một cửa huyện", "98.6", "%", "Năm 2023"),
            ("Chỉ số hài lòng SIPAS tại bộ phận một cửa huyện", "98.4", "%", "Năm 2022"),
            ("Chỉ số CCHC của huyện", "88.78", "điểm", "Năm 2023"),
        ],
        "source": TH, "status": "submitted", "featured": False,
    },
    {
        "slug": "tay-hoa-tuyen-truyen-cchc",
        "title": "Kế hoạch thông tin, tuyên truyền cải cách hành chính hằng năm",
        "unit": "h562", "office": "UBND huyện Tây Hòa", "area": "chi-dao-dieu-hanh",
        "tags": ["tuyên truyền", "chỉ số CCHC"], "groups": ["nguoi-dan", "cong-chuc"],
        "summary": "Hằng năm UBND huyện Tây Hòa lập kế hoạch thông tin, tuyên truyền CCHC bằng nhiều hình thức "
                   "và phân công trách nhiệm theo từng chỉ số thành phần; năm 2023 huyện đạt giải nhì cuộc "
                   "thi tuyên truyền về CCHC của tỉnh Phú Yên.",
        "body": [
            ("Cách làm", "Tuyên truyền được coi là một nhiệm vụ có kế hoạch riêng, gắn với bộ tiêu chí đánh "
                         "giá chỉ số CCHC, cùng tinh thần phục vụ “biết chào hỏi, biết lắng nghe, biết giải "
                         "thích, biết xin lỗi, biết cảm ơn” tại nơi tiếp dân."),
            ("Ghi nhận", "Theo bài báo, huyện đạt giải nhì cuộc thi tuyên truyền về CCHC nhà nước của tỉnh năm "
                         "2023."),
        ],
        "figures": [],
        "source": TH, "status": "submitted", "featured": False,
    },
]
