"""The initiative, metric and adoption choosers and the council's many-units chooser (issue 16): the
metric is picked by name with its code shown (a campaign target stores the code, never typed),
searches ignore diacritics, and each chooser lists only what the user may use; a crafted POST of
something else is refused."""

import datetime

import pytest
from django.urls import reverse

from appraisal.models import Council
from core import roles
from rollout.actions import record_adoption
from rollout.models import AdoptionStatus, Metric, Observation
from tests.factories import make_campaign, make_initiative, make_member

INITIATIVES = "initiative_chooser:choose"
INITIATIVES_RESULTS = "initiative_chooser:choose_results"
INITIATIVE_CHOSEN = "initiative_chooser:chosen"
METRICS = "wagtailsnippetchoosers_rollout_metric:choose_results"
METRIC_CHOSEN = "wagtailsnippetchoosers_rollout_metric:chosen"
ADOPTIONS = "wagtailsnippetchoosers_rollout_adoption:choose_results"
ADOPTION_CHOSEN = "wagtailsnippetchoosers_rollout_adoption:chosen"
UNITS_CHOSEN_MULTIPLE = "wagtailsnippetchoosers_units_administrativeunit:chosen_multiple"


def _html(response):
    assert response.status_code == 200, response.content[:400]
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


@pytest.fixture
def world(site, province, commune, other_commune):
    mine_draft = make_initiative(site["index"], commune, title="Bản nháp của Long Khánh", live=False)
    theirs_live = make_initiative(site["index"], other_commune, title="Ngày thứ Năm giải quyết thủ tục không hẹn")
    theirs_draft = make_initiative(site["index"], other_commune, title="Bản nháp của Phú Thuận", live=False)
    officer = make_member(roles.COMMUNE_OFFICERS, commune, username="canbo_lk")
    other_officer = make_member(roles.COMMUNE_OFFICERS, other_commune, username="canbo_pt")
    editor = make_member(roles.EDITORS, username="bientap_ch")
    mine = record_adoption(officer, theirs_live, commune, status=AdoptionStatus.OPERATING,
                           start_date=datetime.date(2025, 1, 6))
    return {"mine_draft": mine_draft, "theirs_live": theirs_live, "theirs_draft": theirs_draft, "officer": officer,
            "other_officer": other_officer, "editor": editor, "adoption": mine, "commune": commune,
            "other_commune": other_commune, "province": province}


def test_initiative_chooser_searches_without_diacritics_and_keeps_other_units_drafts_out(client, world):
    client.force_login(world["officer"])
    html = _html(client.get(reverse(INITIATIVES_RESULTS), {"q": "khong hen"}))
    assert "Ngày thứ Năm giải quyết thủ tục không hẹn" in html and "Xã Phú Thuận A" in html
    html = _html(client.get(reverse(INITIATIVES)))
    assert "Bản nháp của Long Khánh" in html  # their own unit's draft
    assert "Bản nháp của Phú Thuận" not in html  # never another unit's draft
    assert client.get(reverse(INITIATIVE_CHOSEN, args=[world["theirs_draft"].pk])).status_code == 404
    # the adoption form's chooser: published initiatives only
    html = _html(client.get(reverse(INITIATIVES), {"cong-bo": "1"}))
    assert "Bản nháp của Long Khánh" not in html and "không hẹn" in html
    # the adoption form offers it (not Wagtail's page tree)
    form = client.get(reverse("wagtailsnippets_rollout_adoption:add")).content.decode()
    assert reverse(INITIATIVES) + "?cong-bo=1" in form


def test_folded_title_follows_the_draft_title(world):
    page = world["mine_draft"]
    page.draft_title = "Một cửa không giấy"
    page.save(update_fields=["draft_title"])
    page.refresh_from_db()
    assert "mot cua khong giay" in page.title_folded and "ban nhap cua long khanh" in page.title_folded


def test_metric_chooser_by_name_without_diacritics_with_the_code_shown(client, world):
    client.force_login(world["officer"])
    metric = Metric.objects.get(code="sipas")
    from units.text import fold

    words = " ".join(fold(metric.name_vi).split()[:2])
    html = _html(client.get(reverse(METRICS), {"q": words}))
    assert metric.name_vi in html and "sipas" in html
    html = _html(client.get(reverse(METRICS), {"q": "sipas"}))
    assert metric.name_vi in html
    chosen = client.get(reverse(METRIC_CHOSEN, args=[metric.pk])).json()
    assert chosen["result"]["id"] == str(metric.pk) and "mã sipas" in chosen["result"]["string"]
    # a campaign target stores the code: the chooser answers with it
    html = _html(client.get(reverse(METRICS), {"ma": "1"}))
    assert reverse(METRIC_CHOSEN, args=["sipas"]) + "?ma=1" in html
    chosen = client.get(reverse(METRIC_CHOSEN, args=["sipas"]), {"ma": "1"}).json()
    assert chosen["result"]["id"] == "sipas"


def test_campaign_target_takes_a_metric_of_the_catalogue_only(world):
    from django.core.exceptions import ValidationError

    from campaigns.models import CampaignTarget

    campaign = make_campaign()
    target = CampaignTarget(page=campaign, metric_code="khong_co", target_value=98)
    with pytest.raises(ValidationError) as refused:
        target.clean()
    assert "không có trong danh mục chỉ tiêu" in str(refused.value)
    CampaignTarget(page=campaign, metric_code="sipas", target_value=90).clean()
    # the campaign editor shows the metric chooser for the target, not a code box
    from campaigns.models import CampaignPage
    from rollout.choosers import MetricCodeChooser

    form_class = CampaignPage.get_edit_handler().get_form_class()
    form = form_class(instance=campaign, for_user=world["editor"])
    widget = form.formsets["targets"].empty_form.fields["metric_code"].widget
    assert isinstance(widget, MetricCodeChooser)
    assert 'value="sipas"' in widget.render("metric_code", "sipas", {"id": "id_metric_code"})


def test_adoption_chooser_lists_the_officers_units_only_and_a_crafted_post_is_refused(client, world):
    ours = make_initiative(world["mine_draft"].get_parent(), world["commune"], title="Một cửa không chờ")
    theirs = record_adoption(world["other_officer"], ours, world["other_commune"],
                             status=AdoptionStatus.OPERATING, start_date=datetime.date(2025, 2, 1))
    client.force_login(world["officer"])
    html = _html(client.get(reverse(ADOPTIONS)))
    assert "Xã Long Khánh A" in html and "Xã Phú Thuận A" not in html
    assert client.get(reverse(ADOPTION_CHOSEN, args=[theirs.pk])).status_code == 404
    metric = Metric.objects.get(code="sipas")
    response = client.post(reverse("wagtailsnippets_rollout_observation:add"), {
        "unit": world["commune"].pk, "metric": metric.pk, "period_text": "2024", "value": "95", "source": "Báo cáo",
        "adoption": theirs.pk})
    assert response.status_code == 200 and not Observation.objects.exists()
    # the "learned from" chooser of a new adoption: the started adoptions of the chosen initiative
    html = _html(client.get(reverse(ADOPTIONS), {"nguon-cho": ours.pk}))
    assert "Xã Phú Thuận A" in html


def test_council_scope_units_use_the_multiple_unit_chooser(client, site, province, commune, other_commune):
    admin = make_member(roles.ADMINISTRATORS, username="quantri_ch", is_superuser=True, is_staff=True)
    client.force_login(admin)
    add = reverse("appraisal_councils:add")
    html = client.get(add).content.decode()
    assert "data-unit-multi-chooser" in html and "Thêm đơn vị" in html
    assert "Xã Phú Thuận A" not in html  # no list of every unit
    chair = make_member(roles.COUNCIL_MEMBERS, province, username="chutich_ch")
    from appraisal.models import Rubric

    response = client.post(add, {"name": "Hội đồng thử", "level": "province", "scope_units": [province.pk, commune.pk],
                                 "chair": chair.pk, "rubric": Rubric.default().pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    council = Council.objects.get(name="Hội đồng thử")
    assert set(council.scope_units.all()) == {province, commune}
    edit = client.get(reverse("appraisal_councils:edit", args=[council.pk])).content.decode()
    assert "Xã Long Khánh A" in edit and "mã 29950" in edit
    chosen = client.get(reverse(UNITS_CHOSEN_MULTIPLE), {"id": [commune.pk, other_commune.pk], "multiple": "1"}).json()
    assert {r["id"] for r in chosen["result"]} == {str(commune.pk), str(other_commune.pk)}


def test_many_units_field_refuses_a_unit_out_of_scope_by_name(world):
    from django import forms

    from units.choosers import scope_units_field
    from units.models import AdministrativeUnit

    class F(forms.Form):
        scope_units = forms.ModelMultipleChoiceField(queryset=AdministrativeUnit.objects.all(), label="Phạm vi")

    form = F({"scope_units": [world["commune"].pk, world["other_commune"].pk]})
    scope_units_field(form, "scope_units", world["officer"])
    assert not form.is_valid()
    assert "Phạm vi: bạn không được thao tác cho “Xã Phú Thuận A”" in form.errors["scope_units"][0]


def test_import_template_for_a_chosen_unit_in_scope_only(client, world):
    client.force_login(world["officer"])
    page = client.get(reverse("rollout_import")).content.decode()
    assert 'name="don_vi"' in page
    ok = client.get(reverse("rollout_import_template"), {"don_vi": world["commune"].pk})
    assert ok.status_code == 200 and "29950" in ok["Content-Disposition"]
    refused = client.get(reverse("rollout_import_template"), {"don_vi": world["other_commune"].pk})
    assert refused.status_code in (302, 403) and "attachment" not in refused.get("Content-Disposition", "")


def test_editor_header_shows_the_lifecycle_status(client, world):
    from initiatives.status import InitiativeStatus

    page = world["mine_draft"]
    page.status = InitiativeStatus.SUBMITTED
    page.save(update_fields=["status"])
    client.force_login(world["officer"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert 'data-lifecycle-status="submitted"' in html and "Đã gửi thẩm định" in html
