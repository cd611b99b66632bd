"""Celery tasks really travel through Redis and RabbitMQ to a worker (the at-scale configuration).
Skipped, with the reason, when the broker does not answer on this machine."""

import socket

import pytest
from celery import Celery, current_app
from celery.contrib.testing.worker import start_worker


def _port_open(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


BROKERS = [
    pytest.param("redis://127.0.0.1:6379/14", "redis://127.0.0.1:6379/14", 6379, id="redis"),
    pytest.param("amqp://guest:guest@127.0.0.1:5672//", "redis://127.0.0.1:6379/13", 5672, id="rabbitmq"),
]


@pytest.mark.parametrize("broker,backend,port", BROKERS)
def test_task_round_trip_through_broker(broker, backend, port):
    if not _port_open(port):
        pytest.skip(f"no broker listening on 127.0.0.1:{port}")
    project_app = current_app._get_current_object()
    app = Celery("nhanrong-broker-test", broker=broker, backend=backend, set_as_current=False)
    app.conf.update(task_always_eager=False, broker_connection_retry_on_startup=True, worker_hijack_root_logger=False,
                    broker_heartbeat=2)

    @app.task(name=f"nhanrong.test.add.{port}")
    def add(x, y):
        return x + y

    app.loader.import_module("celery.contrib.testing.tasks")
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            assert add.delay(40, 2).get(timeout=20) == 42
    finally:
        # The test worker makes its app "current"; shared tasks elsewhere must go back to ours (eager).
        project_app.set_current()
