"""Issue 15: self-reported figures earn points and badges only once the level above verified them (or when
imported from an official source); the leaderboard says "chưa xác minh"; who may verify, tried to break;
the admin's "Xác minh" step goes through a confirmation page."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from campaigns.actions import enrol_unit
from campaigns.badges import sipas_percent
from campaigns.models import PointEntry
from core import roles
from core.confirmation import FIELD, token_for
from rollout.actions import ObservationInput, bulk_upsert_observations, record_observation
from rollout.models import Metric, Observation, Period, Verification
from rollout.verification import can_verify, verifiable_observations, verify_observation
from tests.factories import ProvinceFactory, UserFactory, make_campaign, make_member


@pytest.fixture
def vw(site, province, commune, django_capture_on_commit_callbacks):
    officer = make_member(roles.COMMUNE_OFFICERS, commune, username="canbo_xa")
    province_officer = make_member(roles.COMMUNE_OFFICERS, province, username="canbo_tinh")
    elsewhere = ProvinceFactory(code="89", key="89", name="Tỉnh An Giang", short_name="An Giang")
    other_province_officer = make_member(roles.COMMUNE_OFFICERS, elsewhere, username="canbo_tinh_khac")
    editor = make_member(roles.EDITORS, username="bientap_xm")
    campaign = make_campaign(targets=[("sipas", 90)])
    with django_capture_on_commit_callbacks(execute=True):
        enrol_unit(editor, campaign, commune)
    period = Period.month(timezone.localdate().year - 1, 3)
    with django_capture_on_commit_callbacks(execute=True):
        obs, _created = record_observation(officer, commune, Metric.objects.get(code="sipas"), period, Decimal("92"),
                                           "Báo cáo của xã")
    return {"officer": officer, "province_officer": province_officer, "other": other_province_officer,
            "editor": editor, "campaign": campaign, "obs": obs, "commune": commune, "province": province,
            "period": period}


def points(campaign):
    return sum(PointEntry.objects.filter(campaign=campaign).values_list("points", flat=True))


def test_self_reported_earns_nothing_until_the_province_verifies_it(vw, client, django_capture_on_commit_callbacks):
    obs = Observation.objects.get(pk=vw["obs"].pk)
    assert obs.verification == Verification.SELF_REPORTED
    assert points(vw["campaign"]) == 0 and sipas_percent([vw["commune"].pk]) == {}
    client.logout()
    html = client.get(vw["campaign"].url).content.decode()
    assert "1 số liệu chưa xác minh" in html
    with django_capture_on_commit_callbacks(execute=True):
        verify_observation(vw["province_officer"], obs, note="Đối chiếu báo cáo quý")
    assert Observation.objects.get(pk=obs.pk).verification == Verification.VERIFIED
    assert points(vw["campaign"]) > 0  # the SIPAS target reached now counts
    assert sipas_percent([vw["commune"].pk])[vw["commune"].pk][0] == Decimal("92")
    entry = ModelLogEntry.objects.get(action="nhanrong.rollout.verify_observation")
    assert entry.user_id == vw["province_officer"].pk and entry.data["note"] == "Đối chiếu báo cáo quý"
    html = client.get(vw["campaign"].url).content.decode()
    assert "chưa xác minh</span>" not in html
    # A new value is the unit's word again: self-reported, no new points from it.
    before = points(vw["campaign"])
    with django_capture_on_commit_callbacks(execute=True):
        record_observation(vw["officer"], vw["commune"], obs.metric, vw["period"], Decimal("96"), "Báo cáo sửa")
    assert Observation.objects.get(pk=obs.pk).verification == Verification.SELF_REPORTED
    assert points(vw["campaign"]) == before


def test_who_may_verify(vw):
    obs = vw["obs"]
    for user in (vw["officer"], vw["other"], vw["editor"], UserFactory()):
        assert not can_verify(user, obs)
        with pytest.raises(PermissionDenied) as error:
            verify_observation(user, obs)
        assert "Xác minh" in str(error.value)
    assert Observation.objects.get(pk=obs.pk).verification == Verification.SELF_REPORTED
    # The province's own figure: not by its own officer; the officer's own entry: never, even an admin's.
    own = Observation.objects.create(unit=vw["province"], metric=obs.metric, value=Decimal("90"),
                                     entered_by=vw["province_officer"], entered_at=timezone.now(),
                                     **{f: getattr(obs, f) for f in ("period_kind", "period_key", "period_start",
                                                                      "period_end")})
    assert not can_verify(vw["province_officer"], own)
    admin = UserFactory(is_superuser=True)
    assert can_verify(admin, own)
    admin_own = Observation.objects.create(unit=vw["commune"], metric=Metric.objects.get(code="dossiers_on_time_pct"),
                                           value=Decimal("99"), entered_by=admin, entered_at=timezone.now(),
                                           **{f: getattr(obs, f) for f in ("period_kind", "period_key",
                                                                            "period_start", "period_end")})
    with pytest.raises(PermissionDenied, match="tự xác minh"):
        verify_observation(admin, admin_own)
    assert set(verifiable_observations(vw["province_officer"])) == {obs, admin_own}  # not its own province figure
    assert admin_own not in set(verifiable_observations(admin))
    verify_observation(vw["province_officer"], obs)
    with pytest.raises(ValidationError, match="Xác minh: .* đã ở trạng thái “Đã xác minh bởi cấp trên”"):
        verify_observation(admin, Observation.objects.get(pk=obs.pk))


def test_an_official_import_earns_points_and_only_staff_may_mark_it(vw, django_capture_on_commit_callbacks):
    metric = Metric.objects.get(code="sipas")
    row = ObservationInput(vw["commune"], metric, Period.month(vw["period"].start.year, 4), Decimal("93"),
                           "Quyết định công bố chỉ số SIPAS của UBND tỉnh")
    with pytest.raises(PermissionDenied, match="Nguồn chính thức"):
        bulk_upsert_observations(vw["officer"], [row], official=True)
    with django_capture_on_commit_callbacks(execute=True):
        result = bulk_upsert_observations(vw["editor"], [row], official=True)
    assert Observation.objects.get(pk=result.observations[0].pk).verification == Verification.OFFICIAL
    assert points(vw["campaign"]) > 0


def test_admin_verifies_through_the_confirmation_page(vw, client):
    obs = vw["obs"]
    url = reverse("rollout_verify_observation", args=[obs.pk])
    client.force_login(vw["province_officer"])
    listing = client.get(reverse("rollout_verification")).content.decode()
    assert "Số liệu chờ xác minh" in listing and url in listing
    page = client.get(url).content.decode()
    assert "Xác minh số liệu" in page
    assert "được ghi là đã xác minh bởi cấp trên" in page
    client.post(url, {"next": "/admin/"})  # no token: the confirmation page again, nothing changes
    assert Observation.objects.get(pk=obs.pk).verification == Verification.SELF_REPORTED
    response = client.post(url, {"next": "https://evil.example/", FIELD: token_for(vw["province_officer"],
                                                                                   "verify_observation", obs.pk)})
    assert response.status_code == 302 and response["Location"] == reverse("rollout_verification")
    assert Observation.objects.get(pk=obs.pk).verification == Verification.VERIFIED
    # The commune's own officer: refused (Wagtail sends them back to the admin's home).
    client.force_login(vw["officer"])
    assert client.get(url).status_code == 302
    assert client.get(reverse("rollout_verification")).status_code == 302
    # The observation list: a "Xác minh" button for an administrator on a self-reported figure.
    other = Observation.objects.create(unit=vw["commune"], metric=Metric.objects.get(code="dossiers_on_time_pct"),
                                       value=Decimal("97"), entered_by=vw["officer"], entered_at=timezone.now(),
                                       **{f: getattr(obs, f) for f in ("period_kind", "period_key", "period_start",
                                                                        "period_end")})
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get(reverse("wagtailsnippets_rollout_observation:list")).content.decode()
    assert reverse("rollout_verify_observation", args=[other.pk]) in listing
    assert reverse("rollout_verify_observation", args=[obs.pk]) not in listing  # already verified
    assert "Đã xác minh bởi cấp trên" in listing and "Tự báo cáo" in listing
