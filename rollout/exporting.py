"""Exporting observations as CSV and XLSX, in the very layout the importer reads back.

CSV is written for Vietnamese Excel: UTF-8 with a BOM (so Excel detects the encoding), ";" as the
separator (Excel with Vietnamese regional settings uses "," as the decimal mark, so it splits on
";"), numbers the Vietnamese way ("98,52", "9.470") through home.formatting. XLSX holds real numeric
cells, under a frozen, filtered header row. Both stream from `.iterator()`: memory stays flat for
any selection. Text (a source an officer typed) is neutralised against formula injection by
core.spreadsheets, which the importer undoes, so importing an export still changes nothing (tested)
and offices can export, correct and re-import.
"""

import csv
import tempfile

from django.db.models import Q
from django.utils.translation import gettext as _

from core.formatting import format_number
from core.ids import parse_id
from core.spreadsheets import Echo, Formatted, XlsxSheet, csv_row
from units.models import AdministrativeUnit

from .models import Period

HEADER = ["Mã đơn vị", "Tên đơn vị", "Chỉ tiêu", "Tên chỉ tiêu", "Kỳ", "Giá trị", "Nguồn", "Sáng kiến"]


class BadSelection(ValueError):
    """A query parameter that cannot name anything (the message says which, in Vietnamese)."""


def observations(units=None, province=None, initiative=None, empty=False):
    """Observations of the selection; a unit includes its historic predecessors (and, for a province
    or district, the units below it). Only public initiatives' adoptions are shown (public/rules.py). `empty`: the
    selection named something that does not exist, so nothing matches (never "everything")."""
    from public.rules import public_observations

    rows = public_observations()
    if empty:
        return rows.none()
    if units is not None:
        ids = set()
        for unit in units:
            ids |= unit.rollup_ids()
        rows = rows.filter(unit_id__in=ids)
    if province is not None:
        rows = rows.filter(unit_id__in=province.rollup_ids())
    if initiative is not None:
        adopters = set(initiative.adoptions.values_list("unit_id", flat=True)) | {initiative.origin_unit_id}
        rows = rows.filter(Q(adoption__initiative=initiative) | Q(adoption__isnull=True, unit_id__in=adopters))
    return rows.select_related("unit", "metric", "adoption").order_by(
        "unit__key", "metric__sort_order", "metric__code", "period_start", "period_end", "adoption_id")


def _cells(observation):
    return [observation.unit.key, observation.unit.name, observation.metric.code, observation.metric.name_vi,
            Period.from_key(observation.period_key).label_vi, observation.value, observation.source,
            observation.adoption.initiative_id if observation.adoption_id else ""]


def csv_chunks(rows):
    """The CSV file as a stream of strings (BOM first)."""
    writer = csv.writer(Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(HEADER)
    for observation in rows.iterator(chunk_size=2000):
        cells = _cells(observation)
        cells[5] = Formatted(format_number(cells[5]))
        if cells[7] != "":
            cells[7] = Formatted(str(cells[7]))
        yield writer.writerow(csv_row(cells))


def xlsx_file(rows):
    """A temporary file holding the XLSX workbook (openpyxl write-only mode: rows are not kept)."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = XlsxSheet(workbook, _("Số liệu chỉ tiêu"), HEADER)
    for observation in rows.iterator(chunk_size=2000):
        cells = _cells(observation)
        cells[5] = float(cells[5]) if cells[5] % 1 else int(cells[5])  # a real number cell
        sheet.append(cells)
    sheet.finish()
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


def selection_from_query(params):
    """observations() keyword arguments from ?don_vi=29950&don_vi=29953&tinh=87&sang_kien=12.
    A key that names nothing selects nothing (and is never a server error)."""
    selection, empty = {}, False
    keys = [key for key in params.getlist("don_vi") if key]
    if keys:
        selection["units"] = list(AdministrativeUnit.objects.filter(key__in=keys))
        empty |= not selection["units"]
    if params.get("tinh"):
        selection["province"] = AdministrativeUnit.objects.filter(key=params["tinh"]).first()
        if selection["province"] is None:  # a province's name, today's or a former one ("Phú Yên" → Đắk Lắk)
            from units.vocabulary import resolve_current_province

            selection["province"] = resolve_current_province(params["tinh"])
        empty |= selection["province"] is None
    if params.get("sang_kien"):
        text = params["sang_kien"]
        number = parse_id(text)
        if number is None:  # letters, a sign, more digits than a key holds: refused (422), never a 500
            raise BadSelection(_("Tham số không hợp lệ: sang_kien: “%(value)s” không phải mã sáng kiến hợp lệ "
                                 "(số nguyên dương).") % {"value": text[:40]})
        from public.rules import public_initiatives

        selection["initiative"] = public_initiatives().filter(pk=number).first()
        empty |= selection["initiative"] is None
    selection["empty"] = empty
    return selection
