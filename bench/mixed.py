"""The mixed workload (issue 17): open-loop visitors while officers write.

Visitors arrive as a Poisson process at `rate` requests/s over the bench's pages and the ceiling
(each page equally likely), each on its own connection with a `timeout`: an arrival never waits for
an earlier answer (open loop), so a slow server shows as unanswered requests, not as a lower rate.
Meanwhile a writer (bench/writer.py, a thread of this process) records observations and adoptions
through the real actions at a fixed interval, its Celery tasks going to the broker that a real
worker (`celery worker`, one solo process, started here) consumes. Phases: no writes, one write every
2 s, two writes per second. Sampled every second: the broker's queue length and the load average.

Reported per phase and page: requests sent, share answered (200 within the timeout), p50/p95/p99 of
the answered, share served from the page cache (X-Page-Cache: hit) and as the previous copy while
one request re-renders (stale), the slowest; per phase the
write latencies, the queue length over time and the load average; p95 as ratios to the no-writes
phase and to the ceiling of the same phase."""

import concurrent.futures
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from .load import percentile
from .writer import Writer, summary

ROOT = Path(__file__).resolve().parent.parent
PHASES = (("no_writes", None), ("one_per_2s", 2.0), ("two_per_s", 0.5))  # (name, seconds between writes)


def get(base, path, timeout):
    """(status, seconds, X-Page-Cache: "hit", "stale", "miss" or "") of one GET; status None when
    unanswered within the timeout."""
    parts = urllib.parse.urlsplit(base)
    started = time.perf_counter()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Language": "vi", "Connection": "close"})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started, response.getheader("X-Page-Cache") or ""
    except OSError:
        return None, time.perf_counter() - started, ""
    finally:
        connection.close()


def visitors(base, targets, rate, seconds, timeout, seed):
    """[(name, status, seconds, hit)] of Poisson arrivals at `rate`/s for `seconds`."""
    rng = random.Random(seed)
    names = list(targets)
    results, lock = [], threading.Lock()

    def visit(name):
        status, took, hit = get(base, targets[name], timeout)
        with lock:
            results.append((name, status, took, hit))

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(64, int(rate * timeout * 1.2))) as pool:
        start = time.perf_counter()
        arrival = 0.0
        while True:
            arrival += rng.expovariate(rate)
            if arrival > seconds:
                break
            delay = start + arrival - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(visit, rng.choice(names))
    return results


class Sampler(threading.Thread):
    """Every second: (t, queue length, 1-minute load average)."""

    def __init__(self, broker_url, queue="celery"):
        super().__init__(daemon=True)
        import redis

        self.redis, self.queue = redis.Redis.from_url(broker_url), queue
        self.samples, self.stop, self.started = [], threading.Event(), time.perf_counter()

    def run(self):
        while not self.stop.is_set():
            try:
                length = self.redis.llen(self.queue)
            except Exception:  # noqa: BLE001 - a sample lost is reported as None
                length = None
            self.samples.append((round(time.perf_counter() - self.started, 1), length, os.getloadavg()[0]))
            self.stop.wait(1.0)


class WriterThread(threading.Thread):
    def __init__(self, writer, interval, seconds):
        super().__init__(daemon=True)
        self.writer, self.interval, self.seconds = writer, interval, seconds
        self.times, self.errors = {"observation": [], "adoption": []}, []

    def run(self):
        from django.db import connection

        start = time.perf_counter()
        n = 0
        try:
            while True:
                due = start + n * self.interval
                if due - start > self.seconds:
                    break
                delay = due - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                try:
                    kind, took = self.writer.write()
                    self.times[kind].append(took)
                except Exception as error:  # noqa: BLE001 - reported, the run goes on
                    self.errors.append(repr(error)[:200])
                n += 1
        finally:
            connection.close()


class Worker:
    """A real Celery worker on the broker: one solo process (the machine has 2 cores)."""

    def __init__(self, env):
        self.env = env

    def __enter__(self):
        celery = Path(sys.executable).with_name("celery")
        (ROOT / "var").mkdir(exist_ok=True)
        self.log = open(ROOT / "var" / "bench-worker.log", "ab")
        self.process = subprocess.Popen([str(celery), "-A", "config", "worker", "--pool", "solo", "-l", "warning"],
                                        cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log)
        time.sleep(3)
        if self.process.poll() is not None:
            raise RuntimeError("celery worker dừng ngay khi khởi động; xem var/bench-worker.log")
        return self

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def page_rows(results, timeout):
    rows = {}
    for name in sorted({r[0] for r in results}):
        mine = [r for r in results if r[0] == name]
        ok = [took for _n, status, took, _h in mine if status == 200]
        rows[name] = {
            "sent": len(mine), "answered": len(ok), "answered_share": round(len(ok) / len(mine), 4) if mine else None,
            "p50_ms": round(1000 * statistics.median(ok), 1) if ok else None,
            "p95_ms": round(1000 * percentile(ok, 95), 1) if ok else None,
            "p99_ms": round(1000 * percentile(ok, 99), 1) if ok else None,
            "hit_share": round(sum(1 for r in mine if r[1] == 200 and r[3] == "hit") / len(ok), 3) if ok else None,
            "stale_share": round(sum(1 for r in mine if r[1] == 200 and r[3] == "stale") / len(ok), 3) if ok else None,
            "slowest_ms": round(1000 * max(ok), 1) if ok else None,
            "statuses": sorted({str(r[1]) for r in mine if r[1] != 200})}
    everything = [took for _n, status, took, _h in results if status == 200]
    rows["all"] = {"sent": len(results), "answered": len(everything),
                   "answered_share": round(len(everything) / len(results), 4) if results else None,
                   "p50_ms": round(1000 * statistics.median(everything), 1) if everything else None,
                   "p95_ms": round(1000 * percentile(everything, 95), 1) if everything else None,
                   "p99_ms": round(1000 * percentile(everything, 99), 1) if everything else None,
                   "hit_share": round(sum(1 for r in results if r[1] == 200 and r[3] == "hit") / len(everything), 3)
                   if everything else None,
                   "stale_share": round(sum(1 for r in results if r[1] == 200 and r[3] == "stale") / len(everything), 3)
                   if everything else None, "slowest_ms": round(1000 * max(everything), 1) if everything else None}
    return rows


def run(base, targets, *, broker_url, rate, seconds, timeout, seed=0, say=print):
    """{phase: {pages, writes, queue, load_avg}} for the three phases, the worker running throughout."""
    writer = Writer(seed=17 + seed)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings", CELERY_BROKER_URL=broker_url)
    report = {}
    with Worker(env):
        for index, (phase, interval) in enumerate(PHASES):
            for path in targets.values():  # warm: a phase starts from cached pages as a live site does
                get(base, path, timeout)
            sampler = Sampler(broker_url)
            sampler.start()
            load_start = os.getloadavg()
            thread = None
            if interval:
                thread = WriterThread(writer, interval, seconds)
                thread.start()
            say(f"  pha {phase}: {rate}/s khách trong {seconds:.0f} s"
                + (f", ghi mỗi {interval:g} s" if interval else ", không ghi"))
            results = visitors(base, targets, rate, seconds, timeout, seed + index)
            if thread:
                thread.join()
            time.sleep(1)
            sampler.stop.set()
            sampler.join()
            report[phase] = {
                "write_interval_s": interval, "pages": page_rows(results, timeout),
                "writes": ({kind: summary(times) for kind, times in thread.times.items()} if thread else {}),
                "write_errors": thread.errors[:5] if thread else [],
                "queue": [(t, n) for t, n, _l in sampler.samples],
                "queue_max": max((n or 0 for _t, n, _l in sampler.samples), default=0),
                "queue_end": sampler.samples[-1][1] if sampler.samples else None,
                "load_avg_start": load_start, "load_avg_end": os.getloadavg(),
                "load_1m_samples": [round(load, 2) for _t, _n, load in sampler.samples]}
    base_rows = report["no_writes"]["pages"]
    for phase in report.values():
        ceiling = phase["pages"].get("ceiling", {}).get("p95_ms")
        for name, row in phase["pages"].items():
            quiet = base_rows.get(name, {}).get("p95_ms")
            if row["p95_ms"] and quiet:
                row["p95_vs_no_writes"] = round(row["p95_ms"] / quiet, 2)
            if row["p95_ms"] and ceiling:
                row["p95_vs_ceiling"] = round(row["p95_ms"] / ceiling, 2)
    return report


def table(report):
    lines = []
    for phase, data in report.items():
        load = ", ".join(f"{v:.2f}" for v in data["load_avg_end"])
        lines.append(f"Pha {phase}: hàng đợi tối đa {data['queue_max']}, cuối {data['queue_end']}; tải cuối {load}; "
                     f"ghi {data['writes']}" + (f"; lỗi ghi {data['write_errors']}" if data["write_errors"] else ""))
        lines.append(f"  {'Trang':<22}{'gửi':>6}{'trả lời':>9}{'p50':>8}{'p95':>8}{'p99':>8}{'hit':>7}{'cũ':>6}{'chậm nhất':>11}"
                     f"{'p95÷0ghi':>10}")
        for name, row in data["pages"].items():
            lines.append(f"  {name:<22}{row['sent']:>6}{100 * (row['answered_share'] or 0):>8.1f}%"
                         f"{row['p50_ms'] or 0:>8.1f}{row['p95_ms'] or 0:>8.1f}{row['p99_ms'] or 0:>8.1f}"
                         f"{row['hit_share'] or 0:>7.2f}{row.get('stale_share') or 0:>6.2f}{row['slowest_ms'] or 0:>11.1f}{row.get('p95_vs_no_writes', 0):>10.2f}")
    return "\n".join(lines)
