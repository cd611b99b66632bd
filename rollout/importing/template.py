"""The spreadsheet template offered on the import page: the user's unit, one row per quarter of the
current year, one column per indicator (its name as header, its code in the header's note and in the
guide; the importer reads either), and a second sheet explaining the formats and listing the indicators. Uploaded as it is
(blank values), or filled in, it imports without error (tests/test_import_template.py)."""

import io

from django.utils.translation import gettext as _

from ..models import Metric
from ..periods import Period

UNIT_HEADER = "Mã đơn vị"
PERIOD_HEADER = "Kỳ"
NOTE_HEADER = "Ghi chú"  # ignored by the importer (layout.IGNORED): carries the unit's name for people


def unit_cell(unit):
    """The official code, unless a unit in force shares it (codes were kept across the 2025 merger):
    then the importer's stable key ("h" + code), which it resolves without doubt."""
    from units.models import AdministrativeUnit

    if unit.is_historic and AdministrativeUnit.objects.filter(code=unit.code, valid_until__isnull=True).exists():
        return unit.key
    return unit.code


def build_template(unit, year):
    """XLSX bytes of the template for `unit` (None: an empty unit column for staff) and `year`."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    metrics = list(Metric.objects.order_by("name_vi"))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Số liệu")
    header = [UNIT_HEADER, PERIOD_HEADER, NOTE_HEADER] + [m.name_vi for m in metrics]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell, metric in zip(sheet[1][3:], metrics, strict=True):  # the code, for those who know it
        cell.comment = Comment(_("Mã chỉ tiêu: %(code)s (%(unit)s)") % {
            "code": metric.code, "unit": metric.get_unit_display()}, "Nhân Rộng")
    code, name = (unit_cell(unit), str(unit)) if unit is not None else ("", "")
    for quarter in range(1, 5):
        sheet.append([code, Period.quarter(year, quarter).label_vi, name] + [None] * len(metrics))
    for row in sheet.iter_rows(min_row=2, max_col=1):
        for cell in row:
            cell.number_format = "@"  # a code stays text ("01", not 1)
    for index in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14 if index <= 2 else 24
    sheet.freeze_panes = "D2"

    guide = workbook.create_sheet(_("Hướng dẫn"))
    lines = [
        [_("Cách điền tệp mẫu")],
        [_("Điền giá trị vào các ô trống của trang “Số liệu”; để trống chỉ tiêu chưa có số liệu. Không đổi dòng tiêu đề.")],
        [_("Mã đơn vị: mã đơn vị hành chính chính thức (hoặc tên đầy đủ). Có thể thêm dòng cho đơn vị khác mình phụ trách.")],
        [_("Kỳ: 2026 ; Quý 1/2026 ; 6 tháng đầu năm 2026 ; T3/2026 ; 11 tháng năm 2026.")],
        [_("Giá trị: viết kiểu Việt Nam, dấu phẩy thập phân, dấu chấm hàng nghìn: 96,5 ; 98,9% ; 9.470.")],
        [_("Cột “Ghi chú” chỉ để đọc, không được nhập vào hệ thống.")],
        [],
        [_("Mã chỉ tiêu"), _("Tên chỉ tiêu"), _("Đơn vị tính"), _("Nhỏ nhất"), _("Lớn nhất")],
    ]
    for line in lines:
        guide.append(line)
    guide["A1"].font = Font(bold=True)
    for metric in metrics:
        guide.append([metric.code, metric.name_vi, metric.get_unit_display(),
                      float(metric.min_value) if metric.min_value is not None else None,
                      float(metric.max_value) if metric.max_value is not None else None])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 60
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
