"""Configuration is chosen by environment variables, and production refuses to run unsafely."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    full_env.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="config.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_deploy_check_is_clean():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING",
                        DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY=secrets.token_urlsafe(60),
                        ALLOWED_HOSTS="nhanrong.example.vn")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_database_is_chosen_by_database_url():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    default = subprocess.run([sys.executable, "-c", f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.dev'; django.setup(); {code}"],
                             cwd=ROOT, capture_output=True, text=True, env={**os.environ, "DATABASE_URL": ""})
    assert default.stdout.strip() == "django.db.backends.sqlite3"
    pg = subprocess.run([sys.executable, "-c", f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.dev'; django.setup(); {code}"],
                        cwd=ROOT, capture_output=True, text=True,
                        env={**os.environ, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test"})
    assert pg.stdout.strip() == "django.db.backends.postgresql"


def test_language_and_formats_are_vietnamese(settings):
    from django.utils import formats, translation

    assert settings.LANGUAGE_CODE == "vi"
    with translation.override("vi"):
        assert formats.localize(9470, use_l10n=True) == "9.470"
        assert formats.localize(98.9, use_l10n=True) == "98,9"
        import datetime

        assert formats.date_format(datetime.date(2024, 8, 6), "SHORT_DATE_FORMAT") == "06/08/2024"


def test_celery_is_eager_without_a_broker(settings):
    from core.tasks import ping

    assert settings.CELERY_TASK_ALWAYS_EAGER
    assert ping.delay().get(timeout=5) == "pong"


def test_worker_knows_every_task_and_the_beat_schedule():
    """A worker started with `celery -A config worker -B` finds our tasks, including those below an
    app's top level, and runs the campaigns' periodic jobs."""
    from config.celery import app

    app.loader.import_default_modules()
    assert {"rollout.run_import", "campaigns.tasks.refresh_all_leaderboards", "search.tasks.index_initiatives"} <= set(app.tasks)
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "campaigns.tasks.refresh_all_leaderboards" in tasks
    assert tasks <= set(app.tasks)


@pytest.mark.django_db
def test_setup_site_builds_the_tree_and_the_editor_rights_once():
    """A deployment without demo content runs `setup_site`: home, initiatives and campaigns sections,
    and editors can manage the campaigns' rules and awards. Running it twice changes nothing."""
    import io

    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from wagtail.models import Page

    from core.roles import EDITORS

    call_command("setup_site", stdout=io.StringIO())
    pages = Page.objects.count()
    call_command("setup_site", stdout=io.StringIO())
    assert Page.objects.count() == pages
    assert set(Page.objects.filter(depth__gt=1).values_list("url_path", flat=True)) >= {
        "/home/", "/home/sang-kien/", "/home/thi-dua/"}
    editor_perms = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    assert {"add_pointrule", "change_award", "add_enrolment"} <= editor_perms
    # No English defaults of Wagtail's left for staff to read: the root page and collection are "Gốc",
    # Wagtail's unused "Editors"/"Moderators" groups are gone (our four roles replace them).
    from wagtail.models import Collection

    assert Page.get_first_root_node().title == "Gốc" and Collection.get_first_root_node().name == "Gốc"
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


@pytest.mark.django_db
def test_setup_site_keeps_a_wagtail_group_someone_was_put_in():
    import io

    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("kiemduyet", password="x")
    Group.objects.get_or_create(name="Moderators")[0].user_set.add(user)
    call_command("setup_site", stdout=io.StringIO())
    assert Group.objects.filter(name="Moderators").exists() and not Group.objects.filter(name="Editors").exists()
