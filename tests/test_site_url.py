"""`make run` serves and links on the same address: SITE_URL follows PORT unless set."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.dev'; django.setup(); "
        "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)")


def base_url(**env):
    import os

    full = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")}
    full.update(env)
    return subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, env=full, capture_output=True, text=True,
                          timeout=60).stdout.strip()


def test_site_url_follows_port_unless_set():
    assert base_url() == "http://127.0.0.1:8000"
    assert base_url(PORT="18801") == "http://127.0.0.1:18801"
    assert base_url(PORT="18801", SITE_URL="https://nhanrong.example.vn/") == "https://nhanrong.example.vn"


def test_makefile_passes_port_to_the_served_app_and_the_demo():
    makefile = (ROOT / "Makefile").read_text()
    assert "export PORT" in makefile and "SITE_URL=http://127.0.0.1:$(PORT)" not in makefile
