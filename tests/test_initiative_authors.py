"""Authors and co-authors of an initiative (Decree 13/2012/NĐ-CP, Regulation Art. 5(3)(b)): the shares
must add up to 100, refused in Vietnamese naming the field, nothing saved."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from initiatives.authorship import format_share, shares_error
from initiatives.models import InitiativeAuthor, InitiativePage
from tests.factories import UserFactory, make_initiative


def test_shares_rule():
    assert shares_error([]) is None
    assert shares_error([Decimal("60"), Decimal("40")]) is None
    assert shares_error([Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]) is None
    assert "Tỷ lệ đóng góp (%)" in shares_error([Decimal("60"), Decimal("30")])
    assert "90%" in shares_error([Decimal("60"), Decimal("30")])
    assert shares_error([Decimal("100"), None])
    assert shares_error([Decimal("0"), Decimal("100")])
    assert format_share(Decimal("33.50")) == "33,5"
    assert format_share(Decimal("100.00")) == "100"


def _post(client, page, authors):
    data = nested_form_data({
        "title": page.title, "slug": page.slug, "summary": page.summary,
        "origin_unit": page.origin_unit_id, "owning_office": "", "reform_area": page.reform_area_id,
        "start_date": "", "tags": "", "body": streamfield([]),
        "authors": inline_formset(authors),
        "key_figures": inline_formset([]), "sources": inline_formset([]),
        "first_application_participants": inline_formset([]),
    })
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


AUTHOR_A = {"full_name": "Nguyễn Văn A", "birth_date": "1980-05-02", "workplace": "UBND xã Long Khánh A",
            "workplace_unit": "", "position": "Công chức Văn phòng - Thống kê", "qualification": "Cử nhân luật",
            "contribution_pct": "60", "public_consent": "on"}
AUTHOR_B = {"full_name": "Trần Thị B", "birth_date": "", "workplace": "UBND xã Long Khánh A",
            "workplace_unit": "", "position": "", "qualification": "", "contribution_pct": "40", "public_consent": ""}


@pytest.mark.django_db
def test_editor_saves_authors_whose_shares_add_up(client, site, commune):
    page = make_initiative(site["index"], commune)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = _post(client, page, [AUTHOR_A, AUTHOR_B])
    assert response.status_code == 302, response.content[:2000]
    revision = InitiativePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert [(a.full_name, a.contribution_pct, a.public_consent) for a in revision.authors.all()] == [
        ("Nguyễn Văn A", Decimal("60"), True), ("Trần Thị B", Decimal("40"), False)]


@pytest.mark.django_db
def test_shares_not_adding_up_are_refused_naming_the_field(client, site, commune):
    page = make_initiative(site["index"], commune)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = _post(client, page, [AUTHOR_A, {**AUTHOR_B, "contribution_pct": "30"}])
    assert response.status_code == 200
    text = response.content.decode()
    assert "Tỷ lệ đóng góp (%): tổng tỷ lệ của các tác giả phải bằng 100%, hiện là 90%." in text
    # nothing written: no new revision carries the authors, no author rows
    assert InitiativePage.objects.get(pk=page.pk).get_latest_revision_as_object().authors.count() == 0
    assert not InitiativeAuthor.objects.exists()
