"""Settings for the benchmark server: production-like (DEBUG off, persistent connections, no
query logging) but plain HTTP on loopback, plus the ceiling view (bench/ceiling.py)."""

import os

from config.settings.base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY") or "bench-only-key-never-served-beyond-loopback"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
BENCH_CEILING_VIEW = True
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"null": {"class": "logging.NullHandler"}},
           "root": {"handlers": ["null"], "level": "WARNING"}}
