"""`python -m bench [--quick] [--generate]`: see bench/__init__.py and docs/performance.md."""

import argparse
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
GOALS = {"page_p95_ms": 150, "page_rps_ratio": 0.5, "leaderboard_ratio": 2.0, "import_rows_per_s": 20_000,
         "search_p95_ms": 200}


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=(
        "Đo hiệu năng Nhân Rộng trên PostgreSQL (DATABASE_URL) qua gunicorn trên 127.0.0.1."))
    parser.add_argument("--quick", action="store_true", help="Chạy thử nhanh: ít yêu cầu, dữ liệu nhỏ.")
    parser.add_argument("--generate", action="store_true", help="Sinh dữ liệu quy mô trước khi đo (generate_scale).")
    parser.add_argument("--scale", type=float, default=None,
                        help="Hệ số quy mô khi --generate (1 = 100.000 sáng kiến…; mặc định 1, với --quick 0,01).")
    parser.add_argument("--workers", type=int, default=3, help="Số tiến trình gunicorn.")
    parser.add_argument("--concurrency", type=int, default=None, help="Số luồng gửi yêu cầu đồng thời.")
    parser.add_argument("--rounds", type=int, default=None, help="Số vòng đo xen kẽ.")
    parser.add_argument("--requests", type=int, default=None, help="Số yêu cầu mỗi trang mỗi vòng.")
    parser.add_argument("--seconds", type=float, default=None, help="Giới hạn thời gian mỗi đợt (giây).")
    parser.add_argument("--import-rows", type=int, default=None, help="Số dòng CSV khi đo nhập số liệu.")
    parser.add_argument("--search-repeats", type=int, default=None, help="Số lần lặp bộ truy vấn tìm kiếm.")
    parser.add_argument("--pages", default="",
                        help="Chỉ đo các trang này (tên cách nhau dấu phẩy, ví dụ search_facets,search_filtered); "
                             "trần luôn được đo. Mặc định: mọi trang.")
    parser.add_argument("--page-cache", choices=["off", "on", "both"], default="both",
                        help="Đo trang khi tắt bộ nhớ đệm trang công khai (trang được dựng mỗi lần), khi bật "
                             "(khách ẩn danh), hay cả hai (mặc định).")
    parser.add_argument("--skip", default="",
                        help="Bỏ qua các phép đo này (pages, leaderboard, import, search, staff, writes; cách nhau dấu phẩy).")
    parser.add_argument("--writes", type=int, default=None,
                        help="Số lần ghi đo trong tiến trình (record_observation/record_adoption; Celery như cấu "
                             "hình: chạy ngay khi không có broker). Mặc định 40, với --quick 10.")
    parser.add_argument("--mixed", action="store_true",
                        help="Tải hỗn hợp: khách đến theo Poisson trong khi ghi số liệu qua các hành động, một worker "
                             "Celery thật trên broker (cần CELERY_BROKER_URL=redis://…); chỉ đo phần này.")
    parser.add_argument("--rate", type=float, default=30.0, help="Tải hỗn hợp: số yêu cầu mỗi giây (mặc định 30).")
    parser.add_argument("--phase-seconds", type=float, default=None,
                        help="Tải hỗn hợp: thời gian mỗi pha (giây; mặc định 60, với --quick 15).")
    parser.add_argument("--visitor-timeout", type=float, default=30.0,
                        help="Tải hỗn hợp: quá thời gian này một yêu cầu tính là không được trả lời (mặc định 30 s).")
    args = parser.parse_args(argv)
    args.pages = {name for name in args.pages.split(",") if name}
    args.skip = {name for name in args.skip.split(",") if name}
    unknown = args.skip - {"pages", "leaderboard", "import", "search", "writes", "staff"}
    if unknown:
        parser.error(f"--skip không biết: {', '.join(sorted(unknown))}")
    quick = args.quick
    defaults = {"concurrency": 2 if quick else 4, "rounds": 2 if quick else 5, "requests": 15 if quick else 60,
                "seconds": 10.0 if quick else 30.0, "import_rows": 5_000 if quick else 100_000,
                "scale": 0.01 if quick else 1.0, "search_repeats": 2 if quick else 5,
                "writes": 10 if quick else 40, "phase_seconds": 15.0 if quick else 60.0}
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def require_postgres():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Benchmark chỉ chạy trên PostgreSQL: đặt DATABASE_URL=postgres://… (SQLite không đại diện cho "
                 "triển khai quy mô toàn quốc). Ví dụ: DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale make bench")


def setup_django():
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(RESULTS.parent.parent))
    import django

    django.setup()


def generate(scale):
    from django.core.management import call_command

    call_command("generate_scale", "--clear", initiatives=int(100_000 * scale), adoptions=int(1_000_000 * scale),
                 observations=int(5_000_000 * scale), ledger=int(1_000_000 * scale), seed=2025)


def dataset_size():
    from initiatives.models import InitiativePage
    from rollout.models import Adoption, Observation

    size = {"initiatives": InitiativePage.objects.count(), "adoptions": Adoption.objects.count(),
            "observations": _estimate("rollout_observation") or Observation.objects.count()}
    try:
        from campaigns.models import PointEntry

        size["ledger"] = _estimate("campaigns_pointentry") or PointEntry.objects.count()
    except ImportError:
        pass
    return size


def _estimate(table):
    """Exact count for small tables; the planner's estimate would do, but we want the figure exact."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        return cursor.fetchone()[0]


def say(text):
    print(text, flush=True)


def run(args):
    from . import measures
    from .load import measure
    from .server import Server
    from .targets import _campaign, ceiling_path, discover

    report = {"started_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
              "quick": args.quick, "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                               "load_avg": os.getloadavg()},
              "settings": {k: getattr(args, k) for k in ("workers", "concurrency", "rounds", "requests", "seconds")},
              "goals": GOALS}
    report["dataset"] = dataset_size()
    say(f"Dữ liệu: {report['dataset']}")
    if args.mixed:
        return run_mixed(args, report)
    report["pages"], report["queries_per_page"] = {}, {}
    if "pages" not in args.skip:
        targets = discover()
        if args.pages:
            unknown = args.pages - set(targets)
            if unknown:
                sys.exit(f"--pages: không có trang {', '.join(sorted(unknown))} (có: {', '.join(targets)})")
            targets = {name: path for name, path in targets.items() if name in args.pages}
        report["settings"]["pages"] = sorted(targets)
        ceiling = ceiling_path()
        report["queries_per_page"] = measures.queries_per_page({**targets, "ceiling": ceiling})
        say(f"Số truy vấn mỗi trang: { {k: v['queries'] for k, v in report['queries_per_page'].items()} }")

        modes = {"off": ["off"], "on": ["on"], "both": ["off", "on"]}[args.page_cache]
        for mode in modes:
            # off: every request renders (the product's own work); on: what anonymous visitors get.
            env = {"PUBLIC_PAGE_CACHE_SECONDS": "0" if mode == "off" else "300"}
            with Server(workers=args.workers, env=env) as server:
                say(f"gunicorn {args.workers} worker tại {server.base_url} (bộ nhớ đệm trang: {mode}); đo "
                    f"{len(targets)} trang + trần, {args.rounds} vòng × {args.requests} yêu cầu, "
                    f"{args.concurrency} luồng")
                pages = measure(server.base_url, {**targets, "ceiling": ceiling}, rounds=args.rounds,
                                requests=args.requests, concurrency=args.concurrency, seconds=args.seconds,
                                progress=lambda done, total: say(f"  vòng {done}/{total}"))
            top = pages["ceiling"]
            for name, row in pages.items():
                if row["rps"] and top["rps"]:
                    row["rps_ratio"] = round(row["rps"] / top["rps"], 3)
                if row["p95_ms"] and top["p95_ms"]:
                    row["p95_ratio"] = round(row["p95_ms"] / top["p95_ms"], 2)
            report["pages" if mode == "off" else "pages_cached"] = pages

    campaign = _campaign()
    if campaign is not None and "leaderboard" not in args.skip:
        say("Đo làm mới bảng xếp hạng…")
        report["leaderboard"] = measures.leaderboard(campaign, repeats=1 if args.quick else 7)
    if "import" not in args.skip:
        say(f"Đo nhập {args.import_rows} dòng số liệu…")
        report["import"] = measures.observation_import(args.import_rows)
    if "search" not in args.skip:
        say("Đo tìm kiếm trong cơ sở dữ liệu…")
        report["search"] = measures.search(repeats=args.search_repeats)
    if "staff" not in args.skip:
        from . import staff

        say("Đo các trang quản trị cán bộ dùng nhiều nhất (trong tiến trình)…")
        report["staff"] = staff.measure(requests=5 if args.quick else 20)
        say(staff.table(report["staff"]))
    if "writes" not in args.skip and args.writes:
        from .writer import delete_bench_writes, in_process

        eager = "eager" if _eager() else "broker"
        say(f"Đo {args.writes} lần ghi trong tiến trình (Celery {eager})…")
        report["writes"] = {"celery": eager, **in_process(args.writes)}
        delete_bench_writes()
    report["machine"]["load_avg_end"] = os.getloadavg()
    return report


def _eager():
    from django.conf import settings

    return bool(settings.CELERY_TASK_ALWAYS_EAGER)


def run_mixed(args, report):
    from . import mixed
    from .server import Server
    from .targets import ceiling_path, discover
    from .writer import delete_bench_writes

    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis") or _eager():
        sys.exit("--mixed cần một worker Celery thật: đặt CELERY_BROKER_URL=redis://127.0.0.1:6379/N "
                 "(và CACHE_URL=redis://… để các worker gunicorn dùng chung bộ nhớ đệm).")
    targets = discover()
    if args.pages:
        targets = {name: path for name, path in targets.items() if name in args.pages}
    targets["ceiling"] = ceiling_path()
    report["settings"].update(mixed=True, rate=args.rate, phase_seconds=args.phase_seconds,
                              visitor_timeout=args.visitor_timeout, pages=sorted(targets))
    with Server(workers=args.workers, env={"PUBLIC_PAGE_CACHE_SECONDS": "300"}) as server:
        say(f"Tải hỗn hợp: gunicorn {args.workers} worker tại {server.base_url}, {len(targets)} trang, "
            f"{args.rate}/s, {mixed.PHASES}")
        try:
            report["mixed"] = mixed.run(server.base_url, targets, broker_url=broker, rate=args.rate,
                                        seconds=args.phase_seconds, timeout=args.visitor_timeout, say=say)
        finally:
            delete_bench_writes()
    report["machine"]["load_avg_end"] = os.getloadavg()
    return report


def page_goal_met(row):
    return (row["p95_ms"] or 1e9) < GOALS["page_p95_ms"] and (row.get("rps_ratio") or 0) >= GOALS["page_rps_ratio"]


def table(report):
    lines = []
    for key, heading in (("pages", "Trang dựng mỗi lần (bộ nhớ đệm trang tắt)"),
                         ("pages_cached", "Khách ẩn danh (bộ nhớ đệm trang bật)")):
        if not report.get(key):
            continue
        lines += [heading, f"{'Trang':<22}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'÷ trần':>9}{'p95÷trần':>10}"
                           f"{'truy vấn':>10}  đạt?"]
        for name, row in report[key].items():
            queries = report["queries_per_page"].get(name, {}).get("queries", "")
            ok = "" if name == "ceiling" else ("✓" if page_goal_met(row) else "✗")
            lines.append(f"{name:<22}{row['rps'] or 0:>8.1f}{row['p50_ms'] or 0:>9.1f}{row['p95_ms'] or 0:>9.1f}"
                         f"{row.get('rps_ratio', 0):>9.2f}{row.get('p95_ratio', 0):>10.2f}{queries:>10}  {ok}"
                         + (f"  ({row['errors']} lỗi)" if row["errors"] else ""))
    if "leaderboard" in report:
        lb = report["leaderboard"]
        lines.append(f"Bảng xếp hạng ({lb['ledger_entries']} bút toán): làm mới {lb['refresh_ms']} ms, tổng hợp SQL "
                     f"{lb['raw_aggregate_ms']} ms, tỉ lệ {lb['ratio']} (mục tiêu ≤ {GOALS['leaderboard_ratio']})")
    if "import" in report:
        imp = report["import"]
        lines.append(f"Nhập số liệu {imp['rows']} dòng: {imp['import_rows_per_s']} dòng/s; COPY "
                     f"{imp['copy_rows_per_s']} dòng/s; tỉ lệ {imp['ratio_to_copy']} (mục tiêu ≥ "
                     f"{GOALS['import_rows_per_s']} dòng/s)"
                     + (f"; {imp['rejected']} dòng bị từ chối" if imp.get("rejected") else ""))
    if "search" in report:
        se = report["search"]
        lines.append(f"Tìm kiếm CSDL ({se['queries']} truy vấn): p50 {se['p50_ms']} ms, p95 {se['p95_ms']} ms "
                     f"(mục tiêu < {GOALS['search_p95_ms']} ms)")
    if "writes" in report:
        lines.append(f"Ghi trong tiến trình (Celery {report['writes']['celery']}): "
                     + "; ".join(f"{kind} {row}" for kind, row in report["writes"].items() if kind != "celery"))
    if "mixed" in report:
        from .mixed import table as mixed_table

        lines.append(mixed_table(report["mixed"]))
    machine = report["machine"]
    lines.append(f"Tải trung bình (1, 5, 15 phút): đầu {_load(machine['load_avg'])}, cuối "
                 f"{_load(machine.get('load_avg_end'))}")
    return "\n".join(lines)


def _load(values):
    return ", ".join(f"{v:.2f}" for v in values) if values else "?"


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    require_postgres()
    setup_django()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Benchmark chỉ chạy trên PostgreSQL.")
    if args.generate:
        generate(args.scale)
    started = time.perf_counter()
    report = run(args)
    report["duration_s"] = round(time.perf_counter() - started, 1)
    print(table(report))
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{datetime.datetime.now(datetime.timezone.utc):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    say(f"Kết quả: {path}")


if __name__ == "__main__":
    main()
