"""Issue 13, item 5: a crashed worker loses no import, and no import runs twice.

A real Celery worker (a separate process, prefork pool) on Redis (db 3, a queue of this test's own)
starts an import of a file big enough to take a while; the whole worker is killed (SIGKILL of its
process group) mid-import. A new worker starts; the beat task (sent through the broker, as beat
would) finds the silent heartbeat and re-queues the job; the old message, redelivered after the
(shortened) visibility timeout, finds the job claimed or finished and does nothing. The job ends DONE, run
twice, with each row written once.

The worker connects to the test's PostgreSQL database. Skipped when Redis does not answer, and on
SQLite (no heartbeat there, see rollout/importing/recovery.py; the copy-to-a-file path below is kept
for a run that wants to watch the redelivery alone)."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.core.files.base import ContentFile
from django.db import connection

from core.roles import EDITORS
from rollout.models import ImportJob
from tests.factories import UnitFactory, make_member
from tests.import_files import csv_bytes

ROOT = Path(__file__).resolve().parent.parent
BROKER = "redis://127.0.0.1:6379/3"
QUEUE = "nhanrong-test-import-worker-lost"
METRICS = ["dossiers_received", "dossiers_on_time", "sipas", "processing_time"]
UNITS, MONTHS = 20, 240  # 19.200 values


def _redis_up():
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", 6379)) == 0


pytestmark = [pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379"),
              pytest.mark.timeout(600)]


def _client_app():
    app = Celery("nhanrong-worker-lost-test", broker=BROKER, set_as_current=False)
    app.conf.update(task_default_queue=QUEUE, broker_connection_retry_on_startup=True)
    return app


class _World:
    """Where the worker finds the database and the files, and how the test reads results back."""

    def __init__(self, tmp_path, media_root, private_root):
        self.media_root, self.private_root = media_root, private_root
        settings_dict = connection.settings_dict
        if connection.vendor == "sqlite":
            self.file = tmp_path / "worker.sqlite3"
            self.url = f"sqlite:///{self.file}"
        else:
            self.file = None
            self.url = (f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
                        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}")

    def publish(self):
        if self.file:
            target = sqlite3.connect(self.file)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()

    def query(self, sql, *params):
        if self.file:
            with sqlite3.connect(self.file, timeout=30) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def _worker(world, log):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DATABASE_URL": world.url,
           "CELERY_BROKER_URL": BROKER, "CELERY_TASK_ALWAYS_EAGER": "0", "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
           "MEDIA_ROOT": str(world.media_root), "PRIVATE_MEDIA_ROOT": str(world.private_root), "CACHE_URL": "", "DEBUG": "0",
           "IMPORT_HEARTBEAT_SECONDS": "1", "IMPORT_HEARTBEAT_STALE_SECONDS": "8", "CELERY_VISIBILITY_TIMEOUT": "30", "CELERY_UNACKED_RESTORE_SECONDS": "2",
           "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", QUEUE, "--pool=prefork", "--concurrency=1",
         "--without-gossip", "--without-mingle", "--loglevel=INFO", "-n", f"lost-{time.time_ns()}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _kill(worker):
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)


def _wait(what, timeout, every=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = what()
        if value:
            return value
        time.sleep(every)
    return None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker reads committed rows
def test_killed_worker_mid_import_finishes_exactly_once(site, tmp_path, settings, province):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite: a worker process beside the test gets no heartbeat (rollout/importing/recovery.py); "
                    "run on PostgreSQL (DATABASE_URL), as CI does")
    units = [UnitFactory(parent=province) for _ in range(UNITS)]
    rows = [["Mã đơn vị", "Chỉ tiêu", "Kỳ", "Giá trị"]]
    for unit in units:
        for month in range(MONTHS):
            year, number = 2005 + month // 12, month % 12 + 1
            rows += [[unit.code, metric, f"T{number}/{year}", str(1 + month % 90)] for metric in METRICS]
    expected = len(rows) - 1
    job = ImportJob.objects.create(user=make_member(EDITORS), original_name="lon.csv",
                                   file=ContentFile(csv_bytes(rows, delimiter=";"), name="lon.csv"))
    world = _World(tmp_path, Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT))
    world.publish()
    app = _client_app()
    redis = app.connection_for_write().default_channel.client
    redis.delete(QUEUE, "unacked", "unacked_index")
    status = lambda: world.query("SELECT status, attempts, created_count FROM rollout_importjob WHERE id = %s",  # noqa: E731
                                 job.pk)[0]
    observations = lambda: world.query("SELECT COUNT(*), COUNT(DISTINCT unit_id || '-' || metric_id || '-' || "  # noqa: E731
                                       "period_key) FROM rollout_observation")[0]
    first_log, second_log = open(tmp_path / "worker1.log", "w+"), open(tmp_path / "worker2.log", "w+")
    first = _worker(world, first_log)
    second = None
    try:
        app.send_task("rollout.run_import", args=[job.pk], queue=QUEUE)
        running = _wait(lambda: status()[0] == "running", 240)
        assert running, _tail(first_log)
        time.sleep(0.3)  # the import is under way
        assert status()[0] == "running", ("the import finished before the kill; make the file bigger",
                                          _tail(first_log))
        _kill(first)
        assert observations()[0] == 0  # the killed run wrote nothing (one transaction)

        second = _worker(world, second_log)
        time.sleep(9)  # the heartbeat goes stale (8 s)
        sent = []

        def done():
            if not sent and status()[:2] == ("running", 1):
                app.send_task("rollout.requeue_stale_imports", queue=QUEUE)  # what beat sends every minute
                sent.append(True)
            return status()[0] in ("done", "failed")

        assert _wait(done, 300, every=2), (status(), _tail(second_log))
        assert status() == ("done", 2, expected), _tail(second_log)
        # The first run's message comes back from Redis after the visibility timeout (30 s here),
        # before or after the re-queued run: whichever came second found the job claimed or finished
        # and did nothing. Wait until every delivery is handled (the killed run's message left Redis's
        # "unacked" set only by being restored to the queue, then consumed), then count again.
        assert _wait(lambda: not redis.llen(QUEUE) and not redis.hlen("unacked"), 180, every=2), _tail(second_log)
        time.sleep(3)
        assert status() == ("done", 2, expected), _tail(second_log)
        assert observations() == (expected, expected)  # each row once
    finally:
        _kill(first)
        if second is not None:
            _kill(second)
        redis.delete(QUEUE, "unacked", "unacked_index")


def _tail(log):
    log.flush()
    log.seek(0)
    return log.read()[-4000:]
