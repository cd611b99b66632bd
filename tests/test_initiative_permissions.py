"""A commune officer touches only their own unit's initiatives; the public sees only published ones."""

import pytest
from django.urls import reverse

from core import roles
from initiatives.models import InitiativePage
from initiatives.status import InitiativeStatus
from tests.factories import make_initiative, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(site, commune):
    return make_member(roles.COMMUNE_OFFICERS, commune, username="canbo_lka")


def test_officer_edits_own_unit_initiative(client, site, officer, commune):
    page = make_initiative(site["index"], commune, live=False)
    client.force_login(officer)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    # The one way forward is our submit action (a POST form), not Wagtail's moderation workflow.
    assert reverse("initiatives_submit", args=[page.pk]) in html
    assert 'name="action-submit"' not in html and "Moderators approval" not in html


def test_officer_cannot_open_other_units_initiative(client, site, officer, other_commune):
    page = make_initiative(site["index"], other_commune, live=False)
    client.force_login(officer)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code in (302, 403)
    assert response.status_code != 200


def test_officer_post_to_other_units_initiative_changes_nothing(client, site, officer, other_commune):
    page = make_initiative(site["index"], other_commune, title="Tiêu đề gốc", live=False)
    client.force_login(officer)
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {"title": "Bị sửa", "slug": page.slug})
    page.refresh_from_db()
    assert page.title == "Tiêu đề gốc"
    assert page.get_latest_revision().content["title"] == "Tiêu đề gốc"


def test_officer_cannot_submit_other_units_initiative(client, site, officer, other_commune):
    page = make_initiative(site["index"], other_commune, live=False)
    client.force_login(officer)
    response = client.post(reverse("initiatives_submit", args=[page.pk]))
    assert response.status_code in (302, 403)  # Wagtail's admin turns a refusal into a redirect
    page.refresh_from_db()
    assert page.status == InitiativeStatus.DRAFT


def test_officer_submits_own_initiative(client, site, officer, commune):
    page = make_initiative(site["index"], commune, live=False)
    client.force_login(officer)
    response = client.post(reverse("initiatives_submit", args=[page.pk]))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.status == InitiativeStatus.SUBMITTED
    change = page.status_changes.get()
    assert (change.from_status, change.to_status, change.actor) == ("draft", "submitted", officer)


def test_officer_cannot_create_initiative_for_another_unit(client, site, officer, other_commune):
    client.force_login(officer)
    url = reverse("wagtailadmin_pages:add", args=["initiatives", "initiativepage", site["index"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "title": "Sáng kiến giả mạo", "slug": "gia-mao", "summary": "x", "origin_unit": other_commune.pk,
        "body": "[]", "body-count": "0", "key_figures-TOTAL_FORMS": "0", "key_figures-INITIAL_FORMS": "0",
        "sources-TOTAL_FORMS": "0", "sources-INITIAL_FORMS": "0",
        "authors-TOTAL_FORMS": "0", "authors-INITIAL_FORMS": "0",
        "first_application_participants-TOTAL_FORMS": "0", "first_application_participants-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200  # the form comes back with an error
    assert not InitiativePage.objects.filter(slug="gia-mao").exists()


def test_officer_creates_initiative_for_own_unit(client, site, officer, commune):
    client.force_login(officer)
    url = reverse("wagtailadmin_pages:add", args=["initiatives", "initiativepage", site["index"].pk])
    response = client.post(url, {
        "title": "Thứ Năm không hẹn", "slug": "thu-nam-khong-hen", "summary": "Trả kết quả trong 1 giờ.",
        "origin_unit": commune.pk, "body": "[]", "body-count": "0",
        "key_figures-TOTAL_FORMS": "0", "key_figures-INITIAL_FORMS": "0",
        "sources-TOTAL_FORMS": "0", "sources-INITIAL_FORMS": "0",
        "authors-TOTAL_FORMS": "0", "authors-INITIAL_FORMS": "0",
        "first_application_participants-TOTAL_FORMS": "0", "first_application_participants-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    page = InitiativePage.objects.get(slug="thu-nam-khong-hen")
    assert page.origin_unit == commune and not page.live and page.status == InitiativeStatus.DRAFT


def test_officer_cannot_publish(client, site, officer, commune):
    page = make_initiative(site["index"], commune, live=False)
    assert not page.permissions_for_user(officer).can_publish()


def test_public_sees_published_only(client, site, commune):
    live = make_initiative(site["index"], commune, title="Mô hình đã đăng", live=True)
    draft = make_initiative(site["index"], commune, title="Bản nháp bí mật", live=False)
    assert client.get(live.url).status_code == 200
    assert client.get("/sang-kien/bản-nháp-bí-mật/").status_code == 404
    assert client.get(f"/sang-kien/{draft.slug}/").status_code == 404
    listing = client.get("/sang-kien/").content.decode()
    assert "Mô hình đã đăng" in listing and "Bản nháp bí mật" not in listing


def test_home_page_is_vietnamese(client, site):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()
