"""core.bulk.update_rows writes what bulk_update would (every field type the impact store and the
observation writers use: integers, decimals, JSON, dates, booleans, foreign keys, nulls), on both
backends, and leaves the other rows alone."""

import datetime
from decimal import Decimal

from django.utils import timezone

from core.bulk import update_rows
from rollout.models import InitiativeImpact, Metric, Observation
from rollout.periods import Period
from tests.factories import UnitFactory, make_initiative


def test_update_rows_writes_each_field_of_each_row_and_nothing_else(site, province):
    unit = UnitFactory(name="Xã Cập Nhật", parent=province)
    pages = [make_initiative(site["index"], unit, title=f"Sáng kiến cập nhật {i}") for i in range(3)]
    now = timezone.now()
    rows = []
    for page in pages:
        row, _ = InitiativeImpact.objects.update_or_create(initiative=page, defaults={"computed_at": now})
        rows.append(row)
    later = now + datetime.timedelta(hours=1)
    for i, row in enumerate(rows[:2]):
        row.adopters, row.measured, row.improved = 10 + i, 4, 3
        row.score = Decimal("75.0000")
        row.metrics = [{"metric": 1, "median_change": "2.5", "chart_unit_ids": [unit.pk], "note": "50% 'x'"}]
        row.computed_at, row.stale = later, bool(i)
    assert update_rows(InitiativeImpact, rows[:2], ["adopters", "measured", "improved", "score", "metrics",
                                                    "computed_at", "stale"]) == 2
    first, second, third = (InitiativeImpact.objects.get(pk=p.pk) for p in pages)
    assert (first.adopters, second.adopters, first.score, second.stale, first.stale) == (10, 11, Decimal("75"), True, False)
    assert first.metrics[0]["note"] == "50% 'x'" and first.metrics[0]["chart_unit_ids"] == [unit.pk]
    assert first.computed_at == later
    assert third.adopters == 0 and third.metrics == [] and third.computed_at == now


def test_update_rows_sets_nulls_and_foreign_keys(site, province, django_user_model):
    unit = UnitFactory(name="Xã Giá Trị", parent=province)
    metric = Metric.objects.order_by("pk").first()
    user = django_user_model.objects.create(username="nguoi_nhap")
    obs = Observation(unit=unit, metric=metric, value=Decimal("10"), numerator=1, denominator=10, source="a",
                      entered_at=timezone.now())
    obs.set_period(Period.month(2025, 3))
    obs.save()
    obs.value, obs.numerator, obs.denominator, obs.source, obs.entered_by = Decimal("12.5"), None, None, "b", user
    update_rows(Observation, [obs], ["value", "numerator", "denominator", "source", "entered_by"])
    obs.refresh_from_db()
    assert (obs.value, obs.numerator, obs.denominator, obs.source, obs.entered_by_id) == (
        Decimal("12.5"), None, None, "b", user.pk)
