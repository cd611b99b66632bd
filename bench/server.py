"""Start gunicorn on a free loopback port for the run, stop it at the end. Loopback only."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, workers=3, port=None, env=None):
        self.workers, self.port, self.extra_env = workers, port or free_port(), env or {}
        self.process = None

    @property
    def base_url(self):
        return f"http://{HOST}:{self.port}"

    def __enter__(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings", **self.extra_env)
        (ROOT / "var").mkdir(exist_ok=True)
        self.log = open(ROOT / "var" / "bench-gunicorn.log", "ab")  # var/ is not versioned
        self.process = subprocess.Popen(
            [str(gunicorn), "config.wsgi:application", "--bind", f"{HOST}:{self.port}", "--workers", str(self.workers),
             "--worker-class", "sync", "--timeout", "60", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn dừng ngay khi khởi động (mã {self.process.returncode}); "
                                   "xem var/bench-gunicorn.log")
            try:
                urllib.request.urlopen(self.base_url + "/__bench__/ceiling/0/", timeout=2)
            except urllib.error.HTTPError:
                return self  # 404 from Django: the server answers
            except OSError:
                time.sleep(0.3)
                continue
            return self
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn không trả lời sau 60 giây")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()
