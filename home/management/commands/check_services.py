"""Say which services this deployment uses and whether each answers: database, Celery broker (and a
worker, if asked), cache, Elasticsearch. Exits non-zero when one that is configured does not answer."""

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Kiểm tra các dịch vụ: cơ sở dữ liệu, Celery, bộ nhớ đệm, Elasticsearch."

    def add_arguments(self, parser):
        parser.add_argument("--worker", action="store_true", help="Gửi một tác vụ và chờ worker trả lời.")
        parser.add_argument("--timeout", type=float, default=10.0)

    def handle(self, *args, **options):
        failures = 0

        def report(name, ok, detail):
            nonlocal failures
            failures += 0 if ok else 1
            style = self.style.SUCCESS if ok else self.style.ERROR
            self.stdout.write(style(f"{'OK ' if ok else 'LỖI'} {name}: {detail}"))

        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            report("Cơ sở dữ liệu", True, connection.vendor)
        except Exception as error:  # noqa: BLE001 - report any failure
            report("Cơ sở dữ liệu", False, error)

        try:
            cache.set("nhanrong:check", 1, 5)
            report("Bộ nhớ đệm", cache.get("nhanrong:check") == 1, settings.CACHES["default"]["BACKEND"])
        except Exception as error:  # noqa: BLE001
            report("Bộ nhớ đệm", False, error)

        if settings.CELERY_TASK_ALWAYS_EAGER:
            report("Celery", True, "chế độ eager (chạy ngay trong tiến trình, không cần broker)")
        else:
            from config.celery import app

            try:
                with app.connection_for_write() as conn:
                    conn.ensure_connection(max_retries=1)
                report("Celery broker", True, settings.CELERY_BROKER_URL.split("@")[-1])
            except Exception as error:  # noqa: BLE001
                report("Celery broker", False, error)
            if options["worker"]:
                from core.tasks import ping

                try:
                    result = ping.delay().get(timeout=options["timeout"])
                    report("Celery worker", result == "pong", result)
                except Exception as error:  # noqa: BLE001
                    report("Celery worker", False, error)

        if settings.ELASTICSEARCH_URL:
            from search.backends.es_client import describe_failure, get_client

            try:
                info = get_client("maintenance").options(request_timeout=options["timeout"], max_retries=0).info()
                report("Elasticsearch", True, info["version"]["number"])
            except Exception as error:  # noqa: BLE001 - say why, whatever it is
                report("Elasticsearch", False, describe_failure(error))
        else:
            report("Tìm kiếm", True, "cơ sở dữ liệu (ELASTICSEARCH_URL chưa đặt)")

        if failures:
            raise SystemExit(1)
