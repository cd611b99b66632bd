"""Rendered pages in process, page cache off (what a logged-in officer and the first visitor after a
change get): p50/p95 over N requests per page, queries per page, and where the SQL time goes — each
statement attributed to the innermost function of ours that ran it (its module and name), so a slow
section of a page shows up by name.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench10 PUBLIC_PAGE_CACHE_SECONDS=0 \\
        .venv/bin/python -m bench.rendered [--requests 20] [--sections] [--explain 3] [path …]

Without paths it measures the pages issue 17 names (the busiest commune, Hà Nội, the initiative index,
the most adopted initiative, a three-unit comparison, the search with facets), the home page, the
leaderboard, the showcase, the unit list, a province's feed and the open-data API's first pages. It
only reads.
"""

import argparse
import os
import statistics
import sys
import time
import traceback
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OURS = ("core", "units", "initiatives", "appraisal", "rollout", "campaigns", "search", "opendata", "public",
        "following", "home")


def setup():
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("PUBLIC_PAGE_CACHE_SECONDS", "0")
    # One client reads every path many times: the anonymous API budget (120/min) would answer 429.
    os.environ.setdefault("API_ANON_RATE", "100000/m")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def default_paths():
    from .targets import discover

    targets = discover()
    paths = {name: targets[name] for name in ("home", "unit_commune", "unit_province", "initiative_index",
                                              "initiative_top", "initiative_typical", "campaign_leaderboard",
                                              "search_facets", "compare_units") if name in targets}
    # The other public pages and the open-data API's first pages (session 11: the showcase took 4,7 s
    # and /api/v1/observations/ 5,5 s at national scale before they were measured here).
    paths.update({"showcase": "/mo-hinh-tieu-bieu/", "showcase_impact": "/mo-hinh-tieu-bieu/?xep-theo=hieu-qua",
                  "unit_list": "/don-vi/", "open_data": "/du-lieu-mo/", "api_initiatives": "/api/v1/initiatives/",
                  "api_adoptions": "/api/v1/adoptions/", "api_observations": "/api/v1/observations/",
                  "api_leaderboards": "/api/v1/leaderboards/", "api_awards": "/api/v1/awards/",
                  "api_units": "/api/v1/units/"})
    if "unit_province" in targets:
        paths["unit_feed"] = f"/nguon-tin{targets['unit_province']}sang-kien.atom"
    return paths


def _caller():
    """'module.function' of the innermost frame of our code that issued the statement."""
    for frame in reversed(traceback.extract_stack()[:-3]):
        rel = os.path.relpath(frame.filename, ROOT)
        if rel.split(os.sep)[0] in OURS:
            return f"{rel[:-3].replace(os.sep, '.')}.{frame.name}"
    return "(other)"


class Recorder:
    def __init__(self, sections):
        self.sections = sections
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.statements.append((elapsed, _caller() if self.sections else "", sql, params))


def measure(client, path, requests, sections):
    from django.db import connection

    client.get(path)  # warm-up (imports, Wagtail's site cache, the database's buffers)
    times, cpu, counts, sql, per_section, slowest = [], [], [], [], defaultdict(list), []
    for _ in range(requests):
        recorder = Recorder(sections)
        with connection.execute_wrapper(recorder):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200, (path, response.status_code)
        counts.append(len(recorder.statements))
        sql.append(sum(s[0] for s in recorder.statements))
        totals = defaultdict(float)
        for elapsed, where, _sql, _params in recorder.statements:
            totals[where] += elapsed
        for where, total in totals.items():
            per_section[where].append(total)
        slowest.extend(recorder.statements)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"path": path, "p50_ms": round(1000 * statistics.median(times), 1), "p95_ms": round(1000 * p95, 1),
            # CPU time of this process (Python: templates, ORM, rendering), which the load of other
            # processes on the machine does not inflate as it does the wall-clock times.
            "cpu_ms": round(1000 * statistics.median(cpu), 1),
            "queries": max(counts), "sql_ms": round(1000 * statistics.median(sql), 1),
            "sections": sorted(((k, round(1000 * statistics.median(v), 1)) for k, v in per_section.items()),
                               key=lambda kv: -kv[1]),
            "slowest": sorted(slowest, key=lambda s: -s[0])[:10]}


def explain(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--sections", action="store_true", help="SQL time per function of ours")
    parser.add_argument("--explain", type=int, default=0, help="EXPLAIN ANALYZE the N slowest statements")
    args = parser.parse_args(argv)
    setup()
    from django.test import Client

    paths = {p: p for p in args.paths} if args.paths else default_paths()
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
    for name, path in paths.items():
        row = measure(client, path, args.requests, args.sections)
        print(f"{name:20} p50 {row['p50_ms']:8.1f} ms  p95 {row['p95_ms']:8.1f} ms  {row['queries']:3d} queries  "
              f"cpu {row['cpu_ms']:.1f} ms  sql {row['sql_ms']:.1f} ms  {path}", flush=True)
        if args.sections:
            for where, ms in row["sections"][:12]:
                print(f"    {ms:8.1f} ms  {where}")
        seen = set()
        for elapsed, where, sql, params in row["slowest"][:args.explain * 3]:
            if len(seen) >= args.explain or sql in seen:
                continue
            seen.add(sql)
            print(f"  -- {1000 * elapsed:.1f} ms {where}\n  {sql[:1500]}\n  params {str(params)[:300]}")
            print("  " + explain(sql, params).replace("\n", "\n  "))
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)


if __name__ == "__main__":
    main()
