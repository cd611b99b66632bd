import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("nhanrong")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Tasks that live below an app's top level (autodiscovery only looks at <app>.tasks).
app.autodiscover_tasks(["rollout.importing"])
