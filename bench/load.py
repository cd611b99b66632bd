"""A bounded load loop: `concurrency` threads issue GETs until `requests` are done or `seconds`
have passed, each on a fresh connection (gunicorn's sync workers close after each response).
Rounds for the targets and the ceiling are interleaved so they share the machine's state."""

import http.client
import random
import statistics
import threading
import time
import urllib.parse


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lower = int(k)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (k - lower)


def get(base, path, timeout=90):
    """(status, seconds, bytes) of one GET."""
    parts = urllib.parse.urlsplit(base)
    started = time.perf_counter()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Language": "vi", "Connection": "close"})
        response = connection.getresponse()
        body = response.read()
        return response.status, time.perf_counter() - started, len(body)
    finally:
        connection.close()


def burst(base, path, requests, concurrency, seconds):
    """Latencies (s) and errors of one burst, and its wall time."""
    latencies, errors, lock = [], [], threading.Lock()
    counter = iter(range(requests))
    deadline = time.perf_counter() + seconds

    def worker():
        while time.perf_counter() < deadline:
            with lock:
                if next(counter, None) is None:
                    return
            try:
                status, took, _size = get(base, path)
            except OSError as error:
                with lock:
                    errors.append(str(error))
                continue
            with lock:
                (latencies if status == 200 else errors).append(took if status == 200 else status)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started


def measure(base, targets, *, rounds, requests, concurrency, seconds, seed=0, progress=None):
    """{name: {requests, errors, rps, p50_ms, p95_ms}} for every target, rounds interleaved in a
    shuffled order each round."""
    rng = random.Random(seed)
    totals = {name: {"latencies": [], "errors": [], "wall": 0.0} for name in targets}
    for name, path in targets.items():  # warm-up: first hit compiles templates, opens connections
        try:
            get(base, path)
        except OSError:
            pass  # a timeout here is counted in the rounds
    for round_number in range(rounds):
        order = list(targets)
        rng.shuffle(order)
        for name in order:
            latencies, errors, wall = burst(base, targets[name], requests, concurrency, seconds)
            bucket = totals[name]
            bucket["latencies"] += latencies
            bucket["errors"] += errors
            bucket["wall"] += wall
        if progress:
            progress(round_number + 1, rounds)
    results = {}
    for name, bucket in totals.items():
        ok = bucket["latencies"]
        results[name] = {
            "path": targets[name],
            "requests": len(ok), "errors": len(bucket["errors"]),
            "error_samples": [str(e) for e in bucket["errors"][:3]],
            "rps": round(len(ok) / bucket["wall"], 1) if bucket["wall"] else None,
            "p50_ms": round(1000 * statistics.median(ok), 1) if ok else None,
            "p95_ms": round(1000 * percentile(ok, 95), 1) if ok else None,
        }
    return results
