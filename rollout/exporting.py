"""Exporting observations as CSV and XLSX, in the very layout the importer reads back.

CSV is written for Vietnamese Excel: UTF-8 with a BOM (so Excel detects the encoding), ";" as the
separator (Excel with Vietnamese regional settings uses "," as the decimal mark, so it splits on
";"), numbers the Vietnamese way ("98,52", "9.470") through home.formatting. XLSX holds real numeric
cells. Both stream from `.iterator()`: memory stays flat for any selection. Importing an export
changes nothing (tested), so offices can export, correct and re-import.
"""

import csv
import tempfile

from django.db.models import Q
from django.utils.translation import gettext as _

from core.formatting import format_number
from units.models import AdministrativeUnit

from .models import Observation, Period

HEADER = ["Mã đơn vị", "Tên đơn vị", "Chỉ tiêu", "Tên chỉ tiêu", "Kỳ", "Giá trị", "Nguồn", "Sáng kiến"]


def observations(units=None, province=None, initiative=None, empty=False):
    """Observations of the selection; a unit includes its historic predecessors (and, for a province
    or district, the units below it). Only live initiatives' adoptions are shown. `empty`: the
    selection named something that does not exist, so nothing matches (never "everything")."""
    rows = Observation.objects.filter(Q(adoption__isnull=True) | Q(adoption__initiative__live=True))
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


class _Echo:
    def write(self, value):
        return value


def csv_chunks(rows):
    """The CSV file as a stream of strings (BOM first)."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(HEADER)
    for observation in rows.iterator(chunk_size=2000):
        cells = _cells(observation)
        cells[5] = format_number(cells[5])
        yield writer.writerow(cells)


def xlsx_file(rows):
    """A temporary file holding the XLSX workbook (openpyxl write-only mode: rows are not kept)."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Số liệu chỉ tiêu"))
    sheet.append(HEADER)
    for observation in rows.iterator(chunk_size=2000):
        cells = _cells(observation)
        cells[5] = float(cells[5]) if cells[5] % 1 else int(cells[5])  # a real number cell
        sheet.append(cells)
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


def selection_from_query(params):
    """observations() keyword arguments from ?don_vi=29950&don_vi=29953&tinh=87&sang_kien=12.
    A key that names nothing selects nothing (and is never a server error)."""
    from initiatives.models import InitiativePage

    selection, empty = {}, False
    keys = [key for key in params.getlist("don_vi") if key]
    if keys:
        selection["units"] = list(AdministrativeUnit.objects.filter(key__in=keys))
        empty |= not selection["units"]
    if params.get("tinh"):
        selection["province"] = AdministrativeUnit.objects.filter(key=params["tinh"]).first()
        empty |= selection["province"] is None
    if params.get("sang_kien"):
        text = params["sang_kien"]
        selection["initiative"] = InitiativePage.objects.live().filter(pk=int(text)).first() if text.isdigit() else None
        empty |= selection["initiative"] is None
    selection["empty"] = empty
    return selection
