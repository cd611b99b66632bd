"""Irreversible steps ask for confirmation on a page that says what happens and to whom, and refuse a
POST without the page's token (a crafted POST cannot skip it): locking scoring, recording a decision
(tests/test_appraisal_views.py), revoking an award (tests/test_campaign_admin.py), deleting an
observation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from appraisal import actions
from appraisal.models import AppraisalRound, Decision
from core.roles import COMMUNE_OFFICERS
from rollout import actions as rollout_actions
from rollout.models import Metric, Observation
from rollout.periods import Period
from tests.confirming import confirmed_post, hidden_fields
from tests.factories import make_member

TODAY = timezone.localdate()


@pytest.fixture
def w(appraisal_world):
    w = appraisal_world
    w["round"] = actions.open_round(w["chair"], w["council"], "Đợt 1/2026", TODAY + datetime.timedelta(days=7),
                                    TODAY + datetime.timedelta(days=14), min_reviewers=1)
    w["entry"] = actions.add_entries(w["chair"], w["round"], [w["i_lka"]])[0]
    actions.assign_members(w["chair"], w["round"], mode="manual", entry=w["entry"], members=[w["m_province"]])
    return w


def test_locking_scoring_needs_the_confirmation_page(client, w):
    url = reverse("appraisal_rounds:round_action", args=[w["round"].pk, "close"])
    client.force_login(w["chair"])
    page = client.post(url)
    html = page.content.decode()
    assert page.status_code == 200 and "Khoá chấm đợt “Đợt 1/2026”" in html
    assert "chưa nộp phiếu chấm “Thứ Năm không hẹn”" in html  # who is affected
    assert AppraisalRound.objects.get(pk=w["round"].pk).status == "open"
    for forged in ("1", "yes", hidden_fields(html)["confirmation"] + "x"):
        client.post(url, {"confirmation": forged})
        assert AppraisalRound.objects.get(pk=w["round"].pk).status == "open"
    # another user's token (a member's) does not work for the chair, and members cannot lock at all
    client.force_login(w["m_province"])
    assert client.post(url, {"confirmation": hidden_fields(html)["confirmation"]}).status_code in (302, 403)
    client.force_login(w["chair"])
    assert confirmed_post(client, url, {}).status_code == 302
    assert AppraisalRound.objects.get(pk=w["round"].pk).status == "closed"


def test_a_token_for_one_round_does_not_lock_another(client, w):
    other = actions.open_round(w["chair"], w["council"], "Đợt 2/2026", TODAY + datetime.timedelta(days=7),
                               TODAY + datetime.timedelta(days=14), min_reviewers=1)
    client.force_login(w["chair"])
    token = hidden_fields(client.post(reverse("appraisal_rounds:round_action", args=[w["round"].pk, "close"]))
                          .content.decode())["confirmation"]
    client.post(reverse("appraisal_rounds:round_action", args=[other.pk, "close"]), {"confirmation": token})
    assert AppraisalRound.objects.get(pk=other.pk).status == "open"


def test_decision_without_confirmation_records_nothing(client, w):
    url = reverse("appraisal_rounds:entry_action", args=[w["entry"].pk, "decide"])
    client.force_login(w["chair"])
    data = {"outcome": "returned", "level": "", "decision_number": "9/QĐ", "decision_date": "2026-11-20",
            "reasoning": "Chưa đủ số liệu."}
    html = client.post(url, data).content.decode()
    assert "Ghi quyết định thẩm định" in html and "9/QĐ" in html and "20/11/2026" in html
    assert "Xã Long Khánh A" in html  # the unit told of the decision
    assert not Decision.objects.exists()
    client.post(url, {**data, "confirmation": "x"})
    assert not Decision.objects.exists()


def test_deleting_an_observation_needs_the_confirmation_page(client, site, commune):
    officer = make_member(COMMUNE_OFFICERS, commune, username="canbo_xoa")
    obs, _created = rollout_actions.record_observation(officer, commune, Metric.objects.get(code="sipas"),
                                                       Period.from_key("2026-Q3"), 97.5, "Báo cáo")
    assert str(obs) == f"{Metric.objects.get(code='sipas').name_vi}, Quý 3/2026, Xã Long Khánh A"
    client.force_login(officer)
    url = reverse("wagtailsnippets_rollout_observation:delete", args=[obs.pk])
    html = client.get(url).content.decode()
    assert "Quý 3/2026" in html and "97,5" in html and "Bước này không hoàn tác được." in html
    client.post(url)  # crafted: no token
    assert Observation.objects.filter(pk=obs.pk).exists()
    token = hidden_fields(html)["confirmation"]
    response = client.post(url, {"confirmation": token}, follow=True)
    assert not Observation.objects.filter(pk=obs.pk).exists()
    assert "Đã xoá số liệu" in response.content.decode() and "Quý 3/2026" in response.content.decode()
