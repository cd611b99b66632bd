"""`python -m bench.report results/<file>.json`: a results file as Markdown tables (for docs/performance.md)."""

import json
import sys

from .__main__ import GOALS, page_goal_met


def markdown(report):
    out = [f"Run {report['started_at']}, dataset {report['dataset']}, gunicorn {report['settings']['workers']} workers, "
           f"{report['settings']['concurrency']} client threads, {report['settings']['rounds']} interleaved rounds × "
           f"{report['settings']['requests']} requests, load average at start {report['machine']['load_avg']}.", ""]
    for key, heading in (("pages", "Rendered on every request (page cache off)"),
                         ("pages_cached", "Anonymous visitors (page cache on)")):
        if not report.get(key):
            continue
        out += [f"{heading}:", "",
                "| page | path | req/s | p50 ms | p95 ms | req/s ÷ ceiling | p95 ÷ ceiling | queries | goal met |",
                "|---|---|---:|---:|---:|---:|---:|---:|---|"]
        for name, row in report[key].items():
            queries = report["queries_per_page"].get(name, {}).get("queries", "")
            met = "" if name == "ceiling" else ("yes" if page_goal_met(row) else "no")
            errors = f" ({row['errors']} errors)" if row["errors"] else ""
            out.append(f"| {name} | `{row['path']}` | {row['rps']} | {row['p50_ms']} | {row['p95_ms']}{errors} | "
                       f"{row.get('rps_ratio', '')} | {row.get('p95_ratio', '')} | {queries} | {met} |")
        out.append("")
    if "leaderboard" in report:
        lb = report["leaderboard"]
        out.append(f"- Leaderboard refresh ({lb['ledger_entries']} ledger entries): {lb['refresh_ms']} ms vs raw SQL "
                   f"aggregate {lb['raw_aggregate_ms']} ms → ratio {lb['ratio']} (goal ≤ {GOALS['leaderboard_ratio']}).")
    if "import" in report:
        imp = report["import"]
        out.append(f"- Observation import, {imp['rows']}-row CSV: {imp['import_rows_per_s']} rows/s ({imp['import_s']} s)"
                   f" vs COPY {imp['copy_rows_per_s']} rows/s ({imp['copy_s']} s) → {imp['ratio_to_copy']} of COPY "
                   f"(goal ≥ {GOALS['import_rows_per_s']} rows/s).")
    if "search" in report:
        se = report["search"]
        out.append(f"- Database search, {se['queries']} diacritic-free queries with facets: p50 {se['p50_ms']} ms, "
                   f"p95 {se['p95_ms']} ms, max {se['max_ms']} ms (goal p95 < {GOALS['search_p95_ms']} ms).")
    if report["machine"].get("load_avg_end"):
        out.append(f"- Load average at the end: {report['machine']['load_avg_end']}.")
    return "\n".join(out)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(markdown(json.load(handle)))
