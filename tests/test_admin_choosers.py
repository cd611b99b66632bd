"""The unit chooser of the admin: scoped to the units the user may act for, searchable without
diacritics and by official code, with province and former district; a unit outside the scope is
refused on POST with a Vietnamese message naming the field."""

import time

import pytest
from django.urls import reverse

from core.roles import COMMUNE_OFFICERS, EDITORS
from rollout.models import Metric, Observation
from tests.factories import UnitFactory, make_member
from units.choosers import search_units, units_user_may_act_for
from units.models import AdministrativeUnit, UnitLevel

CHOOSE = "wagtailsnippetchoosers_units_administrativeunit:choose"
RESULTS = "wagtailsnippetchoosers_units_administrativeunit:choose_results"
CHOSEN = "wagtailsnippetchoosers_units_administrativeunit:chosen"


@pytest.fixture
def world(site, province):
    district = UnitFactory(code="869", key="h869", name="Huyện Hồng Ngự", short_name="Hồng Ngự", unit_type="Huyện",
                           level=UnitLevel.DISTRICT, parent=province)
    import datetime

    old = UnitFactory(code="29980", key="h29980", name="Xã Long Khánh A", short_name="Long Khánh A", parent=district,
                      valid_until=datetime.date(2025, 6, 30))
    new = UnitFactory(code="29980", key="29980", name="Xã Long Khánh", short_name="Long Khánh", parent=province)
    old.successors.add(new)
    other = UnitFactory(code="29998", key="h29998", name="Xã Phú Thuận A", short_name="Phú Thuận A", parent=district,
                        valid_until=datetime.date(2025, 6, 30))
    officer = make_member(COMMUNE_OFFICERS, old, username="canbo_chooser")
    editor = make_member(EDITORS, username="bientap_chooser")
    return {"old": old, "new": new, "other": other, "district": district, "officer": officer, "editor": editor,
            "province": province}


def _json_html(response):
    assert response.status_code == 200, response.content[:500]
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


def test_officer_chooser_lists_only_units_they_may_act_for(client, world):
    client.force_login(world["officer"])
    html = _json_html(client.get(reverse(CHOOSE)))
    assert "Xã Long Khánh A" in html and "Phú Thuận A" not in html
    # every listed unit passes the shared rule
    from core.roles import can_act_for_unit

    for unit in units_user_may_act_for(world["officer"]):
        assert can_act_for_unit(world["officer"], unit.pk)
    # searching for another unit finds nothing; opening it as "chosen" is refused
    html = _json_html(client.get(reverse(RESULTS), {"q": "phu thuan"}))
    assert "Phú Thuận A" not in html
    assert client.get(reverse(CHOSEN, args=[world["other"].pk])).status_code == 404


def test_chooser_row_shows_province_former_district_and_era(client, world):
    client.force_login(world["editor"])
    html = _json_html(client.get(reverse(RESULTS), {"q": "long khanh"}))
    assert "Xã Long Khánh A (trước 01/07/2025)" in html
    assert "Huyện Hồng Ngự" in html and "Tỉnh Đồng Tháp" in html
    assert "Xã Long Khánh<" in html or "Xã Long Khánh\n" in html or ">Xã Long Khánh" in html
    assert "Phú Thuận A" not in html
    html = _json_html(client.get(reverse(RESULTS), {"q": "29998"}))
    assert "Xã Phú Thuận A" in html and "Long Khánh" not in html
    html = _json_html(client.get(reverse(RESULTS), {"q": "Xã Phú Thuận"}))
    assert "Xã Phú Thuận A" in html


def test_observation_form_preselects_own_unit(client, world):
    client.force_login(world["officer"])
    html = client.get(reverse("wagtailsnippets_rollout_observation:add")).content.decode()
    assert "Xã Long Khánh A (trước 01/07/2025)" in html  # the chooser shows the officer's unit, chosen


def test_post_with_a_unit_the_officer_may_not_act_for_is_refused_in_vietnamese(client, world):
    client.force_login(world["officer"])
    metric = Metric.objects.get(code="sipas")
    response = client.post(reverse("wagtailsnippets_rollout_observation:add"), {
        "unit": world["other"].pk, "metric": metric.pk, "period_text": "2024", "value": "95", "source": "Báo cáo",
        "adoption": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "bạn không được thao tác cho “Xã Phú Thuận A (trước 01/07/2025)”" in html
    assert "Đơn vị:" in html or "đơn vị:" in html.lower()
    assert not Observation.objects.filter(unit=world["other"]).exists()
    # the adoption form too
    response = client.post(reverse("wagtailsnippets_rollout_adoption:add"), {
        "unit": world["other"].pk, "initiative": "", "status": "planned", "start_date": "", "status_date": "",
        "status_note": "", "responsible_office": "", "notes": "", "replicated_from_adoption": ""})
    assert "bạn không được thao tác cho “Xã Phú Thuận A (trước 01/07/2025)”" in response.content.decode()


def test_search_units_without_diacritics_and_by_code(world):
    units = AdministrativeUnit.objects.all()
    assert set(search_units(units, "long khanh").values_list("key", flat=True)) == {"h29980", "29980"}
    assert set(search_units(units, "LONG KHÁNH A").values_list("key", flat=True)) == {"h29980"}
    assert set(search_units(units, "xa long khanh").values_list("key", flat=True)) == {"h29980", "29980"}
    assert set(search_units(units, "299").values_list("key", flat=True)) == {"h29980", "29980", "h29998"}
    assert set(search_units(units, "2998").values_list("key", flat=True)) == {"h29980", "29980"}
    assert not search_units(units, "khanh a").exists()  # a prefix of the name, not any substring


@pytest.mark.django_db
def test_admin_chooser_covers_every_unit_and_answers_fast(client, real_units, site):
    admin = make_member(EDITORS, username="quantri_chooser", is_superuser=True)
    client.force_login(admin)
    html = _json_html(client.get(reverse(CHOOSE)))
    assert "14.149" in html or AdministrativeUnit.objects.count() == 14149
    timings = []
    for text in ("long khanh", "phu thuan", "ha noi", "29980", "tan hong", "xa my"):
        start = time.perf_counter()
        html = _json_html(client.get(reverse(RESULTS), {"q": text}))
        timings.append(time.perf_counter() - start)
    assert "Xã Mỹ" in html
    timings.sort()
    assert timings[len(timings) // 2] < 0.3, timings  # the median request, template rendering included
