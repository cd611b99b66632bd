"""The officer's rollout work lists on the admin dashboard: indicators due and not yet entered, and
their last imports.

"Due" (a product rule, configurable by changing `due_period`): a unit reports each indicator it has
reported before once per quarter, after the quarter ends, so on any day the due period is the last
completed quarter. An indicator is "not yet entered" when the unit has no value for that quarter."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from .periods import Period


def due_period(today):
    """The last completed quarter: Q3/2026 from 1 October to 31 December 2026, Q4/2025 in Q1/2026."""
    quarter = (today.month - 1) // 3 + 1
    return Period.quarter(today.year, quarter - 1) if quarter > 1 else Period.quarter(today.year - 1, 4)


def indicators_due(unit, today):
    """Metrics the unit has reported before with no value for the due quarter: [(metric, period)]."""
    from .models import Metric, Observation

    period = due_period(today)
    reported = Observation.objects.filter(unit=unit).values("metric_id")
    entered = Observation.objects.filter(unit=unit, period_key=period.key).values("metric_id")
    metrics = Metric.objects.filter(pk__in=reported).exclude(pk__in=entered).order_by("name_vi")
    return period, list(metrics)


def officer_rows(user, today):
    from core.roles import user_unit
    from core.worklist import Row

    unit = user_unit(user)
    if unit is None:
        return None, [], []
    period, metrics = indicators_due(unit, today)
    add = reverse("wagtailsnippets_rollout_observation:add")
    due = [Row(m.name_vi, add, m.code, _("Chưa nhập số liệu %(period)s") % {"period": period.label_vi}, urgent=True)
           for m in metrics]
    from .models import ImportJob

    jobs = [Row(job.original_name, reverse("rollout_import_job", args=[job.pk]), job.get_status_display(),
                _("%(date)s · %(created)s số liệu mới") % {
                    "date": _local(job.created_at).strftime("%d/%m/%Y %H:%M"), "created": job.created_count})
            for job in ImportJob.objects.filter(user=user).order_by("-created_at")[:5]]
    return period, due, jobs


def _local(moment):
    from django.utils import timezone

    return timezone.localtime(moment) if isinstance(moment, datetime.datetime) and timezone.is_aware(moment) else moment
