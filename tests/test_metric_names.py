"""Today's metrics named for what they are (migration rollout/0008_i18_metric_names): dossiers
submitted online ≠ procedures offering an online service, cashless payment at the counter ≠ the 766
online payment, the PAR Index a percentage with its group and its rank a separate metric; existing
observations moved to the right metric by the migration, none lost."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from rollout.models import Metric, Observation
from rollout.models.metrics import band_of
from rollout.periods import Period
from rollout.templatetags.rollout_tags import metric_value


pytestmark = pytest.mark.django_db
names = importlib.import_module("rollout.migrations.0008_i18_metric_names")


def test_the_metrics_say_what_they_count():
    online = Metric.objects.get(code="online_dossiers_pct")
    procedures = Metric.objects.get(code="online_procedures_pct")
    assert online.name_vi == "Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến"
    assert "Tỷ lệ hồ sơ trực tuyến toàn trình và một phần" in online.former_names  # old files still import
    assert procedures.name_vi == "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến"
    assert online.service_index.number == "3.3" and procedures.service_index.number == "3.1"
    cashless = Metric.objects.get(code="cashless_payment_pct")
    assert "Bộ phận Một cửa" in cashless.name_vi and "không phải" in cashless.description.lower()
    assert not hasattr(cashless, "service_index") or cashless.service_index is None
    assert Metric.objects.get(code="online_payment_dossiers_pct").service_index.number == "3.5"
    par = Metric.objects.get(code="par_index")
    assert (par.unit, par.aggregation) == ("percent", "none")
    assert Metric.objects.filter(code="par_index_rank", unit="rank").exists()


def test_par_index_group_from_its_percentage():
    par = Metric.objects.get(code="par_index")
    assert metric_value(Decimal("88.78"), par) == "88,78% (nhóm B)"  # Tây Hòa, 2023 (demo)
    assert par.label_for(Decimal(90)) == "nhóm A"
    assert par.label_for(Decimal("79.99")) == "nhóm C"
    assert band_of(Decimal(10), par.bands) == "nhóm D"
    assert band_of(Decimal(10), [[50, "X"]]) == ""


def _observation(unit, code, key, value, source="", numerator=None, denominator=None):
    period = Period.from_key(key)
    return Observation.objects.create(
        unit=unit, metric=Metric.objects.get(code=code), period_kind=period.kind, period_key=period.key,
        period_start=period.start, period_end=period.end, value=Decimal(value), numerator=numerator,
        denominator=denominator, source=source, entered_at=timezone.now())


def test_existing_observations_move_to_the_right_metric_and_none_is_lost(commune):
    unit = commune
    dossiers = _observation(unit, "online_dossiers_pct", "2024-H1", "61.5", "Báo X: tỷ lệ hồ sơ trực tuyến 61,5%")
    counted = _observation(unit, "online_dossiers_pct", "2023", "50", "Báo X: 100% thủ tục hành chính",
                           numerator=Decimal(50), denominator=Decimal(100))  # dossier counts: stays
    procedures = _observation(unit, "online_dossiers_pct", "2022", "85", "Báo Y: 85% TTHC có dịch vụ công trực tuyến")
    clash = _observation(unit, "online_dossiers_pct", "2021", "70", "Báo Y: 70% thủ tục hành chính trực tuyến")
    _observation(unit, "online_procedures_pct", "2021", "72", "Báo Z")  # already there: nothing overwritten
    counter = _observation(unit, "cashless_payment_pct", "2024", "40", "Ngày không dùng tiền mặt tại quầy")
    paid_online = _observation(unit, "cashless_payment_pct", "2023", "12", "Báo Y: 12% hồ sơ thanh toán trực tuyến")
    before = Observation.objects.count()
    names.forwards(django_apps, None)
    assert Observation.objects.count() == before  # none lost
    code = lambda o: Observation.objects.select_related("metric").get(pk=o.pk).metric.code  # noqa: E731
    assert code(dossiers) == "online_dossiers_pct"
    assert code(counted) == "online_dossiers_pct"
    assert code(procedures) == "online_procedures_pct"
    assert code(clash) == "online_dossiers_pct"
    assert code(counter) == "cashless_payment_pct"
    assert code(paid_online) == "online_payment_dossiers_pct"
    moved = Observation.objects.get(pk=procedures.pk)
    assert (moved.value, moved.source) == (Decimal(85), procedures.source)
    names.forwards(django_apps, None)  # idempotent
    assert code(procedures) == "online_procedures_pct" and Observation.objects.count() == before
