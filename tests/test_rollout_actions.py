"""Adoptions and observations through rollout.actions: rules, history, lineage, signals."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.roles import COMMUNE_OFFICERS, EDITORS
from rollout import actions
from rollout.models import Adoption, AdoptionStatus, Metric, Observation, ObservationRevision
from rollout.periods import Period
from rollout.signals import adoption_changed, observation_recorded
from tests.factories import UnitFactory, make_initiative, make_member


@pytest.fixture
def initiative(site, commune):
    return make_initiative(site["index"], commune, title="Thứ Năm không hẹn")


@pytest.fixture
def third_commune(province):
    return UnitFactory(code="29956", key="29956", name="Xã Long Thuận", short_name="Long Thuận", parent=province)


@pytest.fixture
def officer(other_commune, site):
    return make_member(COMMUNE_OFFICERS, other_commune, username="canbo_phuthuan")


@pytest.fixture
def editor(site):
    return make_member(EDITORS, username="bientap")


def test_officer_records_adoption_for_own_unit_with_history(officer, initiative, other_commune):
    adoption = actions.record_adoption(officer, initiative, other_commune, status=AdoptionStatus.PILOTING,
                                       start_date=datetime.date(2024, 3, 1), responsible_office="Bộ phận Một cửa")
    assert adoption.replicated_from_initiative == initiative
    assert adoption.source_unit == initiative.origin_unit
    history = list(adoption.status_changes.values_list("from_status", "to_status", "effective_date"))
    assert history == [("", "piloting", datetime.date(2024, 3, 1))]


def test_officer_cannot_record_adoption_for_another_unit(officer, initiative, third_commune):
    with pytest.raises(PermissionDenied):
        actions.record_adoption(officer, initiative, third_commune)
    assert not Adoption.objects.exists()


def test_anonymous_and_unaffiliated_users_cannot_record(initiative, other_commune, site):
    from django.contrib.auth.models import AnonymousUser

    from tests.factories import UserFactory

    for user in (AnonymousUser(), UserFactory(username="khach")):
        with pytest.raises(PermissionDenied):
            actions.record_adoption(user, initiative, other_commune)


def test_one_adoption_per_unit(officer, initiative, other_commune):
    actions.record_adoption(officer, initiative, other_commune)
    with pytest.raises(ValidationError) as err:
        actions.record_adoption(officer, initiative, other_commune)
    assert "đã ghi nhận áp dụng" in str(err.value)
    assert Adoption.objects.count() == 1


def test_origin_unit_does_not_adopt_its_own_initiative(editor, initiative, commune):
    with pytest.raises(ValidationError):
        actions.record_adoption(editor, initiative, commune)


def test_lineage_replicated_from_another_adopter(editor, initiative, other_commune, third_commune):
    first = actions.record_adoption(editor, initiative, other_commune, status=AdoptionStatus.OPERATING,
                                    start_date=datetime.date(2024, 1, 15))
    second = actions.record_adoption(editor, initiative, third_commune, replicated_from=first,
                                     start_date=datetime.date(2024, 6, 1))
    assert second.replicated_from_adoption == first
    assert second.source_unit == other_commune
    assert list(first.replications.all()) == [second]
    # Learning from an adopter of another initiative is refused.
    other = make_initiative(initiative.get_parent(), third_commune, title="Ngày không tiền mặt")
    with pytest.raises(ValidationError):
        actions.record_adoption(editor, other, other_commune, replicated_from=second)
    # Lineage stays a tree: the first adopter cannot claim to have learnt from its own follower.
    with pytest.raises(ValidationError):
        actions.update_adoption(editor, first, replicated_from=second)


def test_status_changes_follow_the_lifecycle_and_are_dated(officer, initiative, other_commune):
    adoption = actions.record_adoption(officer, initiative, other_commune)
    assert adoption.start_date is None
    actions.change_adoption_status(officer, adoption, AdoptionStatus.PILOTING, "Thí điểm tại bộ phận một cửa",
                                   effective_date=datetime.date(2024, 2, 1))
    actions.change_adoption_status(officer, adoption, AdoptionStatus.OPERATING,
                                   effective_date=datetime.date(2024, 5, 1))
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.OPERATING
    assert adoption.start_date == datetime.date(2024, 2, 1)  # started when piloting began
    steps = list(adoption.status_changes.values_list("to_status", "effective_date", "actor"))
    assert steps[1:] == [("piloting", datetime.date(2024, 2, 1), officer.pk),
                         ("operating", datetime.date(2024, 5, 1), officer.pk)]
    with pytest.raises(ValidationError):
        actions.change_adoption_status(officer, adoption, AdoptionStatus.PLANNED)
    actions.change_adoption_status(officer, adoption, AdoptionStatus.DISCONTINUED)
    with pytest.raises(ValidationError):
        actions.change_adoption_status(officer, adoption, AdoptionStatus.OPERATING)


def test_officer_cannot_change_status_of_another_units_adoption(editor, officer, initiative, third_commune):
    adoption = actions.record_adoption(editor, initiative, third_commune)
    with pytest.raises(PermissionDenied):
        actions.change_adoption_status(officer, adoption, AdoptionStatus.PILOTING)
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.PLANNED


def test_adoption_signal_sent_on_commit(officer, initiative, other_commune, django_capture_on_commit_callbacks):
    received = []
    handler = lambda **kw: received.append(kw)  # noqa: E731
    adoption_changed.connect(handler)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            adoption = actions.record_adoption(officer, initiative, other_commune)
        assert received == []  # nothing before commit
        for callback in callbacks:
            callback()
    finally:
        adoption_changed.disconnect(handler)
    assert received[0]["adoption_id"] == adoption.pk and received[0]["created"] is True


def metric(code):
    return Metric.objects.get(code=code)


def test_record_observation_upserts_and_keeps_history(officer, other_commune):
    on_time = metric("dossiers_on_time_pct")
    obs, created = actions.record_observation(officer, other_commune, on_time, Period.year_of(2023),
                                              Decimal("98.5"), "Báo cáo CCHC năm 2023")
    assert created and obs.period_key == "2023" and obs.period_start == datetime.date(2023, 1, 1)
    again, created = actions.record_observation(officer, other_commune, on_time, Period.year_of(2023),
                                                Decimal("98.52"), "Báo cáo CCHC năm 2023 (điều chỉnh)")
    assert not created and again.pk == obs.pk
    assert Observation.objects.count() == 1
    revision = ObservationRevision.objects.get()
    assert (revision.old_value, revision.new_value, revision.changed_by) == (Decimal("98.5"), Decimal("98.52"), officer)
    assert revision.old_source == "Báo cáo CCHC năm 2023"
    # The same value again is a no-op: no new history.
    actions.record_observation(officer, other_commune, on_time, Period.year_of(2023), "98.52")
    assert ObservationRevision.objects.count() == 1


def test_observation_value_must_be_in_range(officer, other_commune):
    with pytest.raises(ValidationError) as err:
        actions.record_observation(officer, other_commune, metric("sipas"), Period.year_of(2023), "112")
    assert "ngoài khoảng cho phép [0; 100]" in str(err.value)
    assert not Observation.objects.exists()


def test_officer_cannot_record_observation_for_another_unit(officer, third_commune):
    with pytest.raises(ValidationError) as err:
        actions.record_observation(officer, third_commune, metric("sipas"), Period.year_of(2023), "98")
    assert "không có quyền" in str(err.value)
    assert not Observation.objects.exists()


def test_merged_communes_records_belong_to_the_new_communes_officers(officer, other_commune, third_commune):
    """Before 1/7/2025 Xã Phú Thuận Cũ existed; it merged into the officer's commune. The officer may
    enter its past figures (as the importer allows); an officer elsewhere may not, and a current
    unit's figures stay with its own officers even if it has a successor link."""
    old = UnitFactory(code="29940", key="h29940", name="Xã Phú Thuận Cũ", valid_until=datetime.date(2025, 6, 30))
    old.successors.add(other_commune)
    obs, created = actions.record_observation(officer, old, metric("sipas"), Period.year_of(2024), "97")
    assert created and obs.unit == old

    elsewhere = make_member(COMMUNE_OFFICERS, third_commune, username="canbo_longthuan")
    with pytest.raises(ValidationError):
        actions.record_observation(elsewhere, old, metric("sipas"), Period.year_of(2023), "90")
    third_commune.successors.add(other_commune)  # a current unit is never "merged" into another
    with pytest.raises(ValidationError):
        actions.record_observation(officer, third_commune, metric("sipas"), Period.year_of(2023), "90")
    assert Observation.objects.count() == 1


def test_null_adoption_is_still_unique_and_adoption_rows_are_separate(editor, initiative, other_commune):
    adoption = actions.record_adoption(editor, initiative, other_commune)
    sipas, period = metric("sipas"), Period.quarter(2024, 1)
    actions.record_observation(editor, other_commune, sipas, period, "97")
    actions.record_observation(editor, other_commune, sipas, period, "98", adoption=adoption)
    actions.record_observation(editor, other_commune, sipas, period, "97.5")
    values = {adoption_id: value for adoption_id, value in Observation.objects.values_list("adoption", "value")}
    assert values == {None: Decimal("97.5"), adoption.pk: Decimal("98")}
    assert Observation.objects.count() == 2


def test_database_refuses_a_duplicate_unit_value(editor, other_commune):
    from django.db import IntegrityError, transaction

    obs, _ = actions.record_observation(editor, other_commune, metric("sipas"), Period.year_of(2022), "98.4")
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.objects.create(unit=other_commune, metric=obs.metric, period_kind="year", period_key="2022",
                                   period_start=obs.period_start, period_end=obs.period_end, value=1,
                                   entered_at=obs.entered_at)


def test_bulk_upsert_is_all_or_nothing_and_idempotent(officer, other_commune, third_commune,
                                                      django_capture_on_commit_callbacks):
    received = []
    handler = lambda **kw: received.append(kw)  # noqa: E731
    observation_recorded.connect(handler)
    try:
        rows = [actions.ObservationInput(other_commune, metric("dossiers_received"), Period.month(2024, m), 100 + m)
                for m in range(1, 13)]
        with django_capture_on_commit_callbacks(execute=True):
            result = actions.bulk_upsert_observations(officer, rows)
        assert (result.created, result.updated, result.unchanged) == (12, 0, 0)
        assert [o.pk for o in result.observations] == list(
            Observation.objects.order_by("period_start").values_list("pk", flat=True))
        with django_capture_on_commit_callbacks(execute=True):
            again = actions.bulk_upsert_observations(officer, rows)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 12)
        rows[2].value = 500
        with django_capture_on_commit_callbacks(execute=True):
            changed = actions.bulk_upsert_observations(officer, rows)
        assert (changed.created, changed.updated) == (0, 1)
        assert ObservationRevision.objects.get().old_value == 103
    finally:
        observation_recorded.disconnect(handler)
    assert [r["created"] for r in received] == [12, 0] and received[1]["updated"] == 1  # none for the no-op

    bad = [actions.ObservationInput(other_commune, metric("sipas"), Period.year_of(2024), "99"),
           actions.ObservationInput(third_commune, metric("sipas"), Period.year_of(2024), "99"),
           actions.ObservationInput(other_commune, metric("sipas"), Period.year_of(2023), "-1")]
    with pytest.raises(ValidationError) as err:
        actions.bulk_upsert_observations(officer, bad)
    messages = err.value.messages
    assert messages[0].startswith("Dòng 2:") and messages[1].startswith("Dòng 3:")
    assert not Observation.objects.filter(metric__code="sipas").exists()
