"""The legal basis of the 2025 reorganisation, as far as it could be confirmed (see units/DATA.md).

The `vietnamadminunits` package gives the old → new mapping but not the legal acts. The provinces
were merged by Resolution 202/2025/QH15 of the National Assembly (12/06/2025); the communes of each
new province were reorganised by one resolution of the National Assembly Standing Committee
(Ủy ban Thường vụ Quốc hội) adopted on 16/06/2025, 34 in all. Their numbers below were read in
public pages found with the search tool (cited per entry); they are secondary sources, not the
Official Gazette. Provinces without an entry: the number could not be confirmed here, and the data
says so (AdministrativeUnit.reorganisation_resolution stays empty, pages print UNKNOWN) — never
guessed.
"""

from django.utils.translation import gettext_lazy as _

PROVINCE_RESOLUTION = "Nghị quyết số 202/2025/QH15 ngày 12/06/2025 của Quốc hội"
UNKNOWN = _("chưa xác định được số nghị quyết từ dữ liệu (xem units/DATA.md)")

_LIST = "https://thuviennhadat.vn/phap-luat/tai-file-toan-bo-34-nghi-quyet-sap-xep-don-vi-hanh-chinh-cap-xa-nam-2025-685791.html"

# New province short name -> (resolution number, where it was read)
COMMUNE_RESOLUTIONS = {
    "Hà Nội": ("1656/NQ-UBTVQH15", _LIST),
    "Hồ Chí Minh": ("1685/NQ-UBTVQH15", _LIST),
    "Hải Phòng": ("1669/NQ-UBTVQH15", _LIST),
    "Đà Nẵng": ("1659/NQ-UBTVQH15", _LIST),
    "Huế": ("1675/NQ-UBTVQH15", _LIST),
    "Cần Thơ": ("1668/NQ-UBTVQH15", _LIST),
    "Tuyên Quang": ("1684/NQ-UBTVQH15", _LIST),
    "Đồng Tháp": ("1663/NQ-UBTVQH15", "https://tienphong.vn/102-xa-phuong-cua-tinh-dong-thap-moi-post1751812.tpo"),
    "Đồng Nai": ("1662/NQ-UBTVQH15",
                 "https://baotintuc.vn/infographics/thong-tin-chi-tiet-sap-xep-cac-don-vi-hanh-chinh-cap-xa-cua-tinh-dong-nai-20250627110335679.htm"),
}


def commune_resolution(province_short_name):
    """'Nghị quyết số 1663/NQ-UBTVQH15 ngày 16/06/2025 của Ủy ban Thường vụ Quốc hội', or '' when not confirmed."""
    entry = COMMUNE_RESOLUTIONS.get(province_short_name)
    if entry is None:
        return ""
    return f"Nghị quyết số {entry[0]} ngày 16/06/2025 của Ủy ban Thường vụ Quốc hội"
