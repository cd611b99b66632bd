import os

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "nr_search"
    verbose_name = _("Tìm kiếm")

    def ready(self):
        from . import signals

        signals.connect()
        checks.register(check_elasticsearch_settings, "search")


def check_elasticsearch_settings(app_configs=None, **kwargs):
    """`manage.py check` (and every start of runserver/gunicorn with checks) refuses an
    ELASTICSEARCH_URL the client cannot use, instead of a 500 on the first search."""
    from django.conf import settings

    from .backends.es_client import url_problem

    problem = url_problem(getattr(settings, "ELASTICSEARCH_URL", ""))
    errors = []
    if problem:
        errors.append(checks.Error(problem, hint="Ví dụ: ELASTICSEARCH_URL=https://es.example.vn:9200",
                                   id="nhanrong.E001"))
    ca = getattr(settings, "ELASTICSEARCH_CA_CERTS", "")
    if ca and not os.path.isfile(ca):
        errors.append(checks.Error(f"ELASTICSEARCH_CA_CERTS “{ca}” không phải là một tệp.", id="nhanrong.E002"))
    return errors
