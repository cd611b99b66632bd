"""Unit pages and API on small hand-built units: 404s, merged-unit links, filters, the extension block."""

import datetime

import pytest
from django.template import engines
from django.test import RequestFactory

from tests.factories import ProvinceFactory, UnitFactory, make_initiative
from units.models import UnitLevel

pytestmark = pytest.mark.django_db

GONE = datetime.date(2025, 6, 30)


@pytest.fixture
def merged(province):
    """Two old communes merged into `new` of `province`."""
    old_province = ProvinceFactory(code="50", key="h50", name="Tỉnh Cũ", short_name="Cũ", valid_until=GONE)
    district = UnitFactory(code="500", key="h500", name="Huyện Cũ", level=UnitLevel.DISTRICT, unit_type="Huyện",
                           parent=old_province, valid_until=GONE)
    a = UnitFactory(code="50001", key="h50001", name="Xã Đông Hòa", parent=district, valid_until=GONE)
    b = UnitFactory(code="50002", key="h50002", name="Xã Tây Hòa", parent=district, valid_until=GONE)
    new = UnitFactory(code="50001", key="50001", name="Xã Hòa Bình", parent=province)
    for old in (a, b):
        old.successors.add(new)
    old_province.successors.add(province)
    return {"old_province": old_province, "district": district, "a": a, "b": b, "new": new}


def test_unknown_unit_is_404(client, db):
    assert client.get("/don-vi/khong-co/").status_code == 404
    assert client.get("/api/v1/units/khong-co/").status_code == 404


def test_merged_commune_page_shows_successor_and_predecessors(client, merged):
    html = client.get(f"/don-vi/{merged['a'].key}/").content.decode()
    assert 'href="/don-vi/50001/"' in html and "Xã Hòa Bình" in html and "30/06/2025" in html
    html = client.get("/don-vi/50001/").content.decode()
    assert 'href="/don-vi/h50001/"' in html and 'href="/don-vi/h50002/"' in html


def test_rollup_of_province_and_commune(merged, province):
    new = merged["new"]
    assert new.rollup_ids() == {new.pk, merged["a"].pk, merged["b"].pk}
    assert province.rollup_ids() == {province.pk, *(u.pk for u in merged.values())}
    assert merged["a"].rollup_ids() == {merged["a"].pk}  # an old commune does not gather its successor
    assert merged["district"].current_successors() == []  # no link recorded for this district
    assert merged["a"].current_successors() == [new]


def test_page_lists_live_initiatives_of_rolled_up_units_only(client, site, merged, other_commune):
    make_initiative(site["index"], merged["a"], title="Một cửa liên thông")
    make_initiative(site["index"], merged["b"], title="Chưa duyệt", live=False)
    make_initiative(site["index"], other_commune, title="Của xã khác")
    html = client.get("/don-vi/50001/").content.decode()
    assert "Một cửa liên thông" in html and "Chưa duyệt" not in html and "Của xã khác" not in html


def test_list_page_search_and_province_counts(client, site, merged, province):
    make_initiative(site["index"], merged["a"])
    response = client.get("/don-vi/", {"q": "dong hoa"})
    assert [u.key for u in response.context["results"]] == ["h50001"]
    counts = {p.key: p.initiative_count for p in response.context["current_provinces"]}
    assert counts == {province.key: 1}
    assert {p.key: p.initiative_count for p in response.context["historic_provinces"]} == {"h50": 1}


def test_unit_extra_block_lets_other_apps_add_sections(merged):
    template = engines["django"].from_string(
        '{% extends "units/unit_detail.html" %}{% block unit_extra %}<p>NHAN-RONG-EXTRA</p>{% endblock %}')
    from django.core.paginator import Paginator

    request = RequestFactory().get("/don-vi/50001/")
    html = template.render({"unit": merged["new"], "path": [merged["new"]], "successors": [],
                            "predecessors": [], "initiatives": Paginator([], 10).page(1), "children": []}, request)
    assert "NHAN-RONG-EXTRA" in html and "Xã Hòa Bình" in html


def test_api_list_filters_and_detail(client, merged, province):
    data = client.get("/api/v1/units/", {"era": "historic", "level": "commune"}).json()
    assert {u["key"] for u in data["items"]} == {"h50001", "h50002"}
    data = client.get("/api/v1/units/", {"province": province.key, "era": "current"}).json()
    assert {u["key"] for u in data["items"]} == {province.key, "50001"}
    data = client.get("/api/v1/units/", {"q": "tay hoa"}).json()
    assert [u["name"] for u in data["items"]] == ["Xã Tây Hòa"]
    assert client.get("/api/v1/units/", {"level": "hamlet"}).status_code == 422
    detail = client.get("/api/v1/units/h50001/").json()
    assert detail["parent"]["key"] == "h500" and detail["province"]["key"] == "h50"
    assert [s["key"] for s in detail["successors"]] == ["50001"]
    assert detail["is_historic"] is True and detail["valid_until"] == "2025-06-30"
    detail = client.get("/api/v1/units/50001/").json()
    assert [p["key"] for p in detail["predecessors"]] == ["h50001", "h50002"]


@pytest.fixture
def isolated_sections():
    """The section registry as the apps left it, restored afterwards whatever the test registered:
    tests never depend on which app registered first or on what another test left behind."""
    from units import sections

    saved = dict(sections._sections)
    yield sections
    sections._sections.clear()
    sections._sections.update(saved)


def test_registered_section_renders_on_unit_page_with_rollup_ids(client, merged, settings, tmp_path,
                                                                  isolated_sections):
    (tmp_path / "section_test.html").write_text("<p>{{ section.label }}</p>", encoding="utf-8")
    (tmp_path / "section_first.html").write_text("<p>PHAN-DAU</p>", encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    seen = {}

    def context(request, unit, rollup_ids):
        seen["ids"] = rollup_ids
        return {"label": f"PHAN-THEM {unit.short_name}"}

    # Registered in the opposite of display order: `order` decides, not registration.
    isolated_sections.register_unit_section("section_test.html", context, order=1000)
    isolated_sections.register_unit_section("never_rendered.html", lambda request, unit, ids: None)  # skipped
    isolated_sections.register_unit_section("section_first.html", order=-1000)
    response = client.get("/don-vi/50001/")
    templates = [s["template"] for s in response.context["unit_sections"]]  # other apps register theirs too
    assert templates[0] == "section_first.html" and templates[-1] == "section_test.html"
    assert "never_rendered.html" not in templates
    html = response.content.decode()
    assert html.index("PHAN-DAU") < html.index("PHAN-THEM Hòa Bình")
    assert seen["ids"] == {merged["new"].pk, merged["a"].pk, merged["b"].pk}


def test_sections_with_equal_order_sort_by_template(isolated_sections, merged):
    for name in ("b.html", "a.html"):
        isolated_sections.register_unit_section(name, order=55)
    names = [s["template"] for s in isolated_sections.sections_for(None, merged["new"], {merged["new"].pk})
             if s["template"] in ("a.html", "b.html")]
    assert names == ["a.html", "b.html"]
