"""Issue 15 × issue 14: a person to be commended is linked to the authors named in applications for
recognition (initiatives.InitiativeAuthor); their eligibility hints come from the recognised initiatives
they authored, and a scope-of-influence decision reaches the higher titles."""

from decimal import Decimal

import pytest

from campaigns.eligibility import criteria
from campaigns.models import CommendationKind, Person
from initiatives import actions as initiative_actions
from initiatives.models import InitiativeAuthor, InitiativePage
from tests.factories import UserFactory, make_initiative


@pytest.fixture
def authored(site, commune):
    page = make_initiative(site["index"], commune, title="Trả kết quả tại nhà", live=False)
    page.authors = [InitiativeAuthor(full_name="Trần Văn Tác Giả", workplace="UBND xã", contribution_pct=Decimal("60")),
                    InitiativeAuthor(full_name="Lê Thị Đồng Tác Giả", contribution_pct=Decimal("40"))]
    page.save_revision().publish()
    page = InitiativePage.objects.get(pk=page.pk)
    author = page.authors.get(full_name="Trần Văn Tác Giả")
    person = Person.objects.create(full_name="Trần Văn Tác Giả", workplace_unit=commune)
    person.author_records.add(author)
    return {"page": page, "author": author, "person": person, "editor": UserFactory(is_superuser=True)}


def hint(code, person):
    return criteria(CommendationKind.objects.get(code=code), 2026, person=person)[0]


def test_eligibility_comes_from_the_recognised_initiatives_the_person_authored(authored):
    person, page, editor = authored["person"], authored["page"], authored["editor"]
    assert not hint("cstd_co_so", person).met  # a draft: not yet
    initiative_actions.submit_initiative(editor, page)
    assert not hint("cstd_co_so", person).met  # submitted, not recognised
    initiative_actions.recognise_initiative(editor, InitiativePage.objects.get(pk=page.pk), "commune",
                                            note="Hội đồng cấp xã công nhận.")
    base = hint("cstd_co_so", person)
    assert base.met and "Trả kết quả tại nhà" in base.evidence[0][0]
    assert list(person.recognised_initiatives()) == [InitiativePage.objects.get(pk=page.pk)]
    # The co-author not linked to this person gives them nothing; another person linked to nobody: nothing.
    assert not hint("cstd_co_so", Person.objects.create(full_name="Lê Thị Đồng Tác Giả")).met
    # A base recognition does not reach the province's title; a province scope of influence does.
    assert not hint("cstd_tinh", person).met
    InitiativePage.objects.filter(pk=page.pk).update(influence_scope="province", scope_decision_number="7/QĐ-HĐSK")
    province = hint("cstd_tinh", person)
    assert province.met and "phạm vi ảnh hưởng cấp tỉnh (7/QĐ-HĐSK)" in province.evidence[0][0]
    # The link survives a new revision of the page (the author row keeps its id).
    live = InitiativePage.objects.get(pk=page.pk)
    live.summary = "Tóm tắt mới."
    live.save_revision().publish()
    assert hint("cstd_co_so", person).met


def test_person_admin_offers_the_author_records_with_their_initiative(authored, client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    from django.urls import reverse

    html = client.get(reverse("wagtailsnippets_campaigns_person:edit", args=[authored["person"].pk])).content.decode()
    assert "Trần Văn Tác Giả (60%) — Trả kết quả tại nhà" in html
