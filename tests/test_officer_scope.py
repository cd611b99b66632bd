"""Officers are bound to today's units: an officer of Xã Long Khánh acts for Xã Long Khánh and for
the communes merged into it (Long Khánh A and B: read and correct their records, record late data
for periods before the merger), and for nothing else — on every path (the one rule in core.roles,
asked by the actions, the admin, the importer). Real units, loaded by the real loader."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.roles import COMMUNE_OFFICERS, EDITORS, acting_unit_ids, can_act_for_unit
from rollout import actions
from rollout.importing.importer import import_observations
from rollout.models import Metric, Observation
from rollout.periods import Period
from tests.factories import load_real_unit_subset, make_initiative, make_member
from tests.import_files import csv_bytes
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db
H1_2025, Q3_2025 = Period.half(2025, 1), Period.quarter(2025, 3)


@pytest.fixture
def world(site):
    load_real_unit_subset({"h29980", "h29983", "29869"})
    units = AdministrativeUnit.objects.in_bulk(field_name="key")
    long_khanh, lka, lkb, cao_lanh = units["29983"], units["h29980"], units["h29983"], units["29869"]
    return {"long_khanh": long_khanh, "lka": lka, "lkb": lkb, "cao_lanh": cao_lanh,
            "province": long_khanh.province,
            "officer": make_member(COMMUNE_OFFICERS, long_khanh, username="canbo_lk"),
            "stale": make_member(COMMUNE_OFFICERS, lka, username="canbo_lka_cu"),
            "editor": make_member(EDITORS, username="bientap_lk"),
            "sipas": Metric.objects.get(code="sipas")}


def test_the_one_rule(world):
    officer, stale = world["officer"], world["stale"]
    assert acting_unit_ids(officer) == {world["long_khanh"].pk, world["lka"].pk, world["lkb"].pk}
    for allowed in ("long_khanh", "lka", "lkb"):
        assert can_act_for_unit(officer, world[allowed].pk)
    for refused in ("cao_lanh", "province"):
        assert not can_act_for_unit(officer, world[refused].pk)
    # An officer still bound to a unit that no longer exists acts for nothing, not even that unit.
    assert acting_unit_ids(stale) == frozenset() and not can_act_for_unit(stale, world["lka"].pk)
    officer.is_active = False
    officer._acting_unit_ids_cache = None
    assert not can_act_for_unit(officer, world["long_khanh"].pk)


def test_late_data_for_a_merged_commune_before_the_merger_only(world):
    officer, sipas = world["officer"], world["sipas"]
    obs, created = actions.record_observation(officer, world["lka"], sipas, H1_2025, "96,5".replace(",", "."))
    assert created and obs.unit == world["lka"]
    obs, created = actions.record_observation(officer, world["lka"], sipas, H1_2025, "97")  # a correction
    assert not created and obs.revisions.count() == 1
    with pytest.raises(ValidationError, match="Quý 3/2025"):
        actions.record_observation(officer, world["lka"], sipas, Q3_2025, "97")
    with pytest.raises(ValidationError, match="không có quyền"):
        actions.record_observation(officer, world["cao_lanh"], sipas, H1_2025, "97")
    with pytest.raises(ValidationError, match="không có quyền"):
        actions.record_observation(world["stale"], world["lka"], sipas, H1_2025, "97")
    assert not Observation.objects.filter(unit=world["cao_lanh"]).exists()


def test_admin_lists_and_accepts_merged_communes_and_refuses_forged_posts(client, world):
    editor, sipas = world["editor"], world["sipas"]
    foreign, _ = actions.record_observation(editor, world["cao_lanh"], sipas, Period.year_of(2024), "90")
    merged, _ = actions.record_observation(editor, world["lkb"], sipas, Period.year_of(2024), "91")
    client.force_login(world["officer"])
    listing = client.get(reverse("wagtailsnippets_rollout_observation:list")).content.decode()
    assert "Xã Long Khánh B" in listing and "Phường Cao Lãnh" not in listing
    add = reverse("wagtailsnippets_rollout_observation:add")
    choices = client.get(add).context["form"].fields["unit"].queryset
    assert set(choices) == {world["long_khanh"], world["lka"], world["lkb"]}
    data = {"metric": sipas.pk, "period_text": "6 tháng đầu năm 2025", "adoption": "", "value": "",
            "numerator": "95", "denominator": "100", "source": "Báo cáo bổ sung"}
    assert client.post(add, {**data, "unit": world["lka"].pk}).status_code == 302
    late = Observation.objects.get(unit=world["lka"], period_key="2025-H1")
    assert (late.numerator, late.denominator, late.value) == (95, 100, 95)
    forged = client.post(add, {**data, "unit": world["cao_lanh"].pk})
    assert forged.status_code == 200 and not Observation.objects.filter(unit=world["cao_lanh"], period_key="2025-H1")
    assert client.get(reverse("wagtailsnippets_rollout_observation:edit", args=[merged.pk])).status_code == 200
    assert client.get(reverse("wagtailsnippets_rollout_observation:edit", args=[foreign.pk])).status_code in (302, 403)


def test_importer_follows_the_same_rule(world):
    rows = [["Mã đơn vị", "Chỉ tiêu", "Kỳ", "Giá trị", "Tử số", "Mẫu số", "Nguồn"],
            ["h29980", "sipas", "6 tháng đầu năm 2025", "", "45", "50", "Sổ theo dõi"],
            ["29869", "sipas", "6 tháng đầu năm 2025", "90", "", "", "Sổ theo dõi"],
            ["h29983", "sipas", "Quí III/2025", "90", "", "", "Sổ theo dõi"]]
    result = import_observations(world["officer"], csv_bytes(rows), "bo-sung.csv", valid_only=True)
    assert result.created == 1
    reasons = {r.row: r.reason for r in result.rejected}
    assert "không có quyền" in reasons[3] and "Quý 3/2025" in reasons[4]
    stored = Observation.objects.get(unit=world["lka"])
    assert (stored.numerator, stored.denominator, stored.value) == (45, 50, 90)


def test_officer_edits_initiatives_of_merged_communes_only(world, site):
    from initiatives.permissions import InitiativePermissionTester

    own = make_initiative(site["index"], world["lka"], title="Thứ Năm không hẹn")
    other = make_initiative(site["index"], world["cao_lanh"], title="Một cửa Cao Lãnh")
    assert InitiativePermissionTester(world["officer"], own)._owns()
    assert not InitiativePermissionTester(world["officer"], other)._owns()
    with pytest.raises(PermissionDenied):
        from initiatives.actions import submit_initiative

        submit_initiative(world["officer"], other)


def test_future_periods_are_refused_by_the_form_and_the_import_naming_the_period(client, world):
    """Issue 18: a period after the current one is refused on every write path, the message naming it;
    an officer's forged edit of another unit's record changes nothing."""
    from django.utils import timezone

    year = timezone.localdate().year
    rows = [["Mã đơn vị", "Chỉ tiêu", "Kỳ", "Giá trị", "Tử số", "Mẫu số", "Nguồn"],
            ["29983", "sipas", str(year + 1), "90", "", "", "Kế hoạch"],
            ["29983", "sipas", f"Quý I năm {year}", "", "9", "10", "Sổ theo dõi"]]
    result = import_observations(world["officer"], csv_bytes(rows), "tuong-lai.csv", valid_only=True)
    assert result.created == 1
    assert f"Năm {year + 1}" in {r.row: r.reason for r in result.rejected}[2]
    assert not Observation.objects.filter(period_key=str(year + 1)).exists()

    client.force_login(world["officer"])
    add = reverse("wagtailsnippets_rollout_observation:add")
    data = {"metric": world["sipas"].pk, "period_text": f"Q1/{year + 1}", "adoption": "", "value": "90",
            "numerator": "", "denominator": "", "source": "Kế hoạch", "unit": world["long_khanh"].pk}
    refused = client.post(add, data)
    assert refused.status_code == 200 and f"Quý 1/{year + 1}" in refused.content.decode()
    assert not Observation.objects.filter(period_key=f"{year + 1}-Q1").exists()

    foreign, _ = actions.record_observation(world["editor"], world["cao_lanh"], world["sipas"],
                                            Period.year_of(2024), "90")
    edit = reverse("wagtailsnippets_rollout_observation:edit", args=[foreign.pk])
    client.post(edit, {**data, "period_text": "2024", "value": "10", "unit": world["cao_lanh"].pk})
    foreign.refresh_from_db()
    assert foreign.value == 90


def test_the_form_says_a_future_period_under_its_field_with_the_other_errors(client, world):
    """One save tells every mistake: a period in the future under “Kỳ” and a value that is not a number
    under “Giá trị”, in Vietnamese, without the import's “Dòng 1:”; what was typed is kept."""
    from django.utils import timezone

    year = timezone.localdate().year
    client.force_login(world["officer"])
    response = client.post(reverse("wagtailsnippets_rollout_observation:add"), {
        "metric": world["sipas"].pk, "period_text": f"T12/{year + 4}", "adoption": "", "value": "abc",
        "numerator": "", "denominator": "", "source": "Sổ theo dõi", "unit": world["long_khanh"].pk})
    form = response.context["form"]
    assert "chưa bắt đầu" in " ".join(form.errors["period_text"]) and f"{year + 4}" in form.errors["period_text"][0]
    assert "không phải là số" in " ".join(form.errors["value"])
    page = response.content.decode()
    assert "Dòng 1" not in page and f"T12/{year + 4}" in page and "Sổ theo dõi" in page
