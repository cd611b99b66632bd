"""Staff pages (issue 17: "the staff pages officers use most … p95 under 300 ms"), rendered in process
by Django's test client logged in as the demo accounts (`load_demo`), on the bench database: the
officer's dashboard, the unit chooser's search, the observation form, the import page, and the council
member's and chair's lists. Each page is requested `requests` times after one warm-up; p50/p95 and the
SQL query count of the last request are reported. Only GET: nothing is written."""

import statistics
import time

from .load import percentile

# (name, demo account, path); the demo accounts are those `load_demo` creates (password unused:
# the client logs in with force_login).
PAGES = (
    ("officer_dashboard", "canbo_longkhanha", "/admin/"),
    ("unit_chooser_search", "canbo_longkhanha", "/admin/snippets/choose/units/administrativeunit/?q=long+khanh"),
    ("observation_form", "canbo_longkhanha", "/admin/snippets/rollout/observation/add/"),
    ("import_page", "canbo_longkhanha", "/admin/nhap-so-lieu/"),
    ("member_assignments", "hoidong_dongthap", "/admin/appraisal/my-work/"),
    ("chair_rounds", "chutich_dongthap", "/admin/appraisal/rounds/"),
    ("editor_dashboard", "bientap", "/admin/"),
)


def measure(requests=20):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    users = get_user_model().objects.in_bulk([account for _n, account, _p in PAGES], field_name="username")
    rows = {}
    for name, account, path in PAGES:
        user = users.get(account)
        if user is None:
            rows[name] = {"path": path, "error": f"không có tài khoản {account} (chạy load_demo)"}
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        first = client.get(path)
        if first.status_code != 200:
            rows[name] = {"path": path, "error": f"HTTP {first.status_code}"}
            continue
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        rows[name] = {"path": path, "account": account, "requests": requests,
                      "p50_ms": round(1000 * statistics.median(times), 1),
                      "p95_ms": round(1000 * percentile(times, 95), 1), "queries": len(queries),
                      "goal_met": percentile(times, 95) < 0.300}
    return rows


def table(rows):
    lines = [f"  {'Trang':<22}{'p50':>8}{'p95':>8}{'truy vấn':>10}  đạt (<300 ms)"]
    for name, row in rows.items():
        if "error" in row:
            lines.append(f"  {name:<22}{row['error']}")
            continue
        lines.append(f"  {name:<22}{row['p50_ms']:>8.1f}{row['p95_ms']:>8.1f}{row['queries']:>10}  "
                     + ("có" if row["goal_met"] else "không"))
    return "\n".join(lines)
