"""Load Vietnam's administrative units from the `vietnamadminunits` package (MIT) — see units/DATA.md.

Two eras from one dataset: the 34 provinces and 3,321 commune-level units in force since 1 July 2025,
and the 63 provinces with their districts and communes that ended on 30 June 2025 (key "h" + code).
Successor links follow the package's official old->new conversion table.

The load is a diff: rows are read once, compared in memory and written with bulk_create/bulk_update,
so a second run writes nothing and the whole load stays a few seconds on SQLite and PostgreSQL.
"""

import datetime
import importlib.util
import json
import logging
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import REORGANISATION_DATE, AdministrativeUnit, UnitLevel
from .resolutions import commune_resolution
from .text import fold

logger = logging.getLogger("nhanrong.units")

HISTORIC_UNTIL = REORGANISATION_DATE - datetime.timedelta(days=1)
HISTORIC_PREFIX = "h"
BATCH = 1000
# Fields the loader owns on every unit; anything else (e.g. links added by hand) is left alone.
DATA_FIELDS = ["code", "name", "short_name", "name_folded", "unit_type", "level", "valid_from", "valid_until",
               "latitude", "longitude", "parent_id", "province_id", "split", "reorganisation_resolution"]

# Cache key of the units map's version: bumped by `map_changed()` (load_units when anything changed, a unit's edit), so values
# cached about the map (campaigns.replication.region_units, page roll-up tags) are recomputed.
MAP_VERSION_KEY = "units:map-version"


def map_changed():
    """What was cached about the units map is void (load_units, and a unit edited through units.actions)."""
    import time

    from django.core.cache import cache

    cache.set(MAP_VERSION_KEY, time.time_ns(), None)
    from .signals import map_changed as changed

    changed.send(sender=None)


def package_data_dir() -> Path:
    # find_spec locates the package without importing it: its __init__ builds address parsers (~2 s).
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Thiếu gói vietnamadminunits (xem requirements.txt): không có dữ liệu đơn vị hành chính.")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@dataclass
class UnitRow:
    key: str
    code: str
    name: str
    short_name: str
    unit_type: str
    level: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    latitude: float | None = None
    longitude: float | None = None
    parent_key: str | None = None
    province_key: str | None = None
    split: bool = False  # went into several successors (set from the links by read_source)
    resolution: str = ""  # current provinces: units.resolutions.commune_resolution


@dataclass
class SourceData:
    """What the package says, as plain rows keyed by our `key`, plus successor pairs (old key, new key)."""

    rows: dict[str, UnitRow] = field(default_factory=dict)
    links: set[tuple[str, str]] = field(default_factory=set)
    unresolved: list[str] = field(default_factory=list)


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    links_created: int = 0
    links_removed: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    unresolved: list[str] = field(default_factory=list)


def _type_of(full_name: str, short_name: str) -> str:
    """'Thành phố Hà Nội' with short 'Hà Nội' -> 'Thành phố' (province rows carry no type column)."""
    if short_name and full_name.endswith(short_name):
        return full_name[: -len(short_name)].strip()
    return full_name.split(" ", 1)[0]


def _hkey(code: str) -> str:
    return HISTORIC_PREFIX + code


def read_source(data_dir: Path | None = None) -> SourceData:
    data_dir = data_dir or package_data_dir()
    src = SourceData()
    conn = sqlite3.connect(f"file:{data_dir / 'dataset.db'}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        current = conn.execute(
            "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, provinceKey, "
            "ward, wardShort, wardType, wardCode, wardLat, wardLon, wardKey FROM admin_units ORDER BY wardCode"
        ).fetchall()
        legacy = conn.execute(
            "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, provinceKey, "
            "district, districtShort, districtType, districtCode, districtLat, districtLon, districtKey, "
            "ward, wardShort, wardType, wardCode, wardLat, wardLon, wardKey FROM admin_units_legacy "
            "ORDER BY districtCode, wardCode"
        ).fetchall()
    finally:
        conn.close()
    conversion = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))

    rows = src.rows
    new_province_by_pkey, new_ward_by_key = {}, {}
    for r in current:
        pkey = r["provinceCode"]
        if pkey not in rows:
            rows[pkey] = UnitRow(pkey, r["provinceCode"], r["province"], r["provinceShort"],
                                 _type_of(r["province"], r["provinceShort"]), UnitLevel.PROVINCE,
                                 REORGANISATION_DATE, None, r["provinceLat"], r["provinceLon"], None, pkey)
            new_province_by_pkey[r["provinceKey"]] = pkey
        rows[r["wardCode"]] = UnitRow(r["wardCode"], r["wardCode"], r["ward"], r["wardShort"], r["wardType"],
                                      UnitLevel.COMMUNE, REORGANISATION_DATE, None, r["wardLat"], r["wardLon"],
                                      pkey, pkey)
        new_ward_by_key[(r["provinceKey"], r["wardKey"])] = r["wardCode"]

    old_province_by_pkey, old_by_path = {}, {}
    for r in legacy:
        pkey, dkey = _hkey(r["provinceCode"]), _hkey(r["districtCode"])
        if pkey not in rows:
            rows[pkey] = UnitRow(pkey, r["provinceCode"], r["province"], r["provinceShort"],
                                 _type_of(r["province"], r["provinceShort"]), UnitLevel.PROVINCE,
                                 None, HISTORIC_UNTIL, r["provinceLat"], r["provinceLon"], None, pkey)
            old_province_by_pkey[r["provinceKey"]] = pkey
        if dkey not in rows:
            rows[dkey] = UnitRow(dkey, r["districtCode"], r["district"], r["districtShort"], r["districtType"],
                                 UnitLevel.DISTRICT, None, HISTORIC_UNTIL, r["districtLat"], r["districtLon"],
                                 pkey, pkey)
        path = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        if r["wardCode"]:
            ckey = _hkey(r["wardCode"])
            rows[ckey] = UnitRow(ckey, r["wardCode"], r["ward"], r["wardShort"], r["wardType"], UnitLevel.COMMUNE,
                                 None, HISTORIC_UNTIL, r["wardLat"], r["wardLon"], dkey, pkey)
            old_by_path[path] = ckey
        else:
            # Island districts without communes (Côn Đảo, Lý Sơn, …): the conversion maps the district
            # itself, to the special zone (đặc khu) that replaced it.
            old_by_path[path] = dkey

    _read_links(src, conversion, new_province_by_pkey, new_ward_by_key, old_province_by_pkey, old_by_path)
    return src


def _read_links(src, conversion, new_province_by_pkey, new_ward_by_key, old_province_by_pkey, old_by_path):
    """converter_2025.json: DICT_PROVINCE {new province: [old provinces]}, DICT_PROVINCE_WARD_NO_DIVIDED
    {new province: {new ward: ["oldprov_olddistrict_oldward", …]}} and DICT_PROVINCE_WARD_DIVIDED
    {new province: {"oldprov_olddistrict_oldward": [{newWardKey, isDefaultNewWard, …}, …]}} for old
    communes split between several new ones."""

    def link(old_path, new_pkey, new_wkey):
        old = old_by_path.get(old_path)
        new = new_ward_by_key.get((new_pkey, new_wkey))
        if old is None or new is None:
            src.unresolved.append(f"{old_path} -> {new_pkey}/{new_wkey}")
            return
        src.links.add((old, new))

    for new_pkey, old_pkeys in conversion["DICT_PROVINCE"].items():
        for old_pkey in old_pkeys:
            old, new = old_province_by_pkey.get(old_pkey), new_province_by_pkey.get(new_pkey)
            if old is None or new is None:
                src.unresolved.append(f"{old_pkey} -> {new_pkey}")
            else:
                src.links.add((old, new))
    for new_pkey, wards in conversion["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_paths in wards.items():
            for old_path in old_paths:
                link(old_path, new_pkey, new_wkey)
    for new_pkey, old_paths in conversion["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_path, targets in old_paths.items():
            for target in targets:
                link(old_path, new_pkey, target["newWardKey"])

    # A district succeeded into the province(s) its communes went to.
    rows = src.rows
    district_provinces = defaultdict(set)
    for old, new in src.links:
        row = rows[old]
        if row.level == UnitLevel.COMMUNE:
            district_provinces[row.parent_key].add(rows[new].province_key)
    for dkey, pkeys in district_provinces.items():
        src.links.update((dkey, pkey) for pkey in pkeys)

    # Whole or in part: an old unit with several successors was split between them.
    successors = defaultdict(set)
    for old, new in src.links:
        successors[old].add(new)
    for old, news in successors.items():
        rows[old].split = len(news) > 1
    for row in rows.values():
        if row.level == UnitLevel.PROVINCE and row.valid_until is None:
            row.resolution = commune_resolution(row.short_name)


def load_units(source: SourceData | None = None) -> LoadResult:
    """Create or update every unit of the source and its successor links; idempotent."""
    source = source or read_source()
    result = LoadResult(unresolved=source.unresolved)
    with transaction.atomic():
        ids = _upsert_units(source, result)
        _sync_links(source, ids, result)
    units = AdministrativeUnit.objects.all()
    result.counts = {
        "current_provinces": units.current().provinces().count(),
        "current_communes": units.current().communes().count(),
        "historic_provinces": units.historic().provinces().count(),
        "historic_districts": units.historic().filter(level=UnitLevel.DISTRICT).count(),
        "historic_communes": units.historic().communes().count(),
        "successor_links": AdministrativeUnit.successors.through.objects.count(),
    }
    logger.info("load_units: %s created, %s updated, %s unchanged, %s links created, %s removed",
                result.created, result.updated, result.unchanged, result.links_created, result.links_removed)
    return result


def _values(row: UnitRow, ids: dict[str, int]) -> dict:
    return {
        "code": row.code, "name": row.name, "short_name": row.short_name, "name_folded": fold(row.name),
        "unit_type": row.unit_type, "level": row.level, "valid_from": row.valid_from,
        "valid_until": row.valid_until, "latitude": row.latitude, "longitude": row.longitude,
        "parent_id": ids.get(row.parent_key), "province_id": ids.get(row.province_key),
        "split": row.split, "reorganisation_resolution": row.resolution,
    }


def _upsert_units(source: SourceData, result: LoadResult) -> dict[str, int]:
    # All units fit in memory (~14,000 rows); one query instead of a huge IN list.
    existing = AdministrativeUnit.objects.in_bulk(field_name="key")
    ids = {key: u.pk for key, u in existing.items()}
    created = set()
    # Parents first, so children can point at them on creation; a province points at itself,
    # which needs its own id, so that is filled in by the update pass below.
    for level in (UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE):
        new = [AdministrativeUnit(key=row.key, **_values(row, ids))
               for row in source.rows.values() if row.level == level and row.key not in existing]
        AdministrativeUnit.objects.bulk_create(new, batch_size=BATCH)
        if new and new[0].pk is None:  # no RETURNING support: read the ids back
            new = list(AdministrativeUnit.objects.filter(key__in=[u.key for u in new]))
        for unit in new:
            existing[unit.key] = unit
            ids[unit.key] = unit.pk
            created.add(unit.key)

    changed = []
    for key, row in source.rows.items():
        unit, dirty = existing[key], False
        for name, value in _values(row, ids).items():
            if getattr(unit, name) != value:
                setattr(unit, name, value)
                dirty = True
        if dirty:
            changed.append(unit)
    AdministrativeUnit.objects.bulk_update(changed, DATA_FIELDS, batch_size=BATCH)
    result.created = len(created)
    result.updated = sum(1 for u in changed if u.key not in created)
    result.unchanged = len(source.rows) - result.created - result.updated
    return ids


def _sync_links(source: SourceData, ids: dict[str, int], result: LoadResult) -> None:
    """Make the successor links between loaded units exactly those of the conversion table.
    Links that touch a unit the loader does not manage (added by hand) are left alone."""
    through = AdministrativeUnit.successors.through
    managed = {ids[key] for key in source.rows}
    wanted = {(ids[old], ids[new]) for old, new in source.links}
    have = {
        (a, b): pk for pk, a, b in through.objects.values_list(
            "pk", "from_administrativeunit_id", "to_administrativeunit_id")
    }
    stale = [pk for (a, b), pk in have.items() if a in managed and b in managed and (a, b) not in wanted]
    missing = [through(from_administrativeunit_id=a, to_administrativeunit_id=b) for a, b in wanted - have.keys()]
    for start in range(0, len(stale), BATCH):
        through.objects.filter(pk__in=stale[start:start + BATCH]).delete()
    through.objects.bulk_create(missing, batch_size=BATCH, ignore_conflicts=True)
    result.links_created, result.links_removed = len(missing), len(stale)
