"""core/: the public change signal and the audit helper."""

import pytest
from wagtail.models import ModelLogEntry

from core import page_cache
from core.audit import audit
from core.changes import CAMPAIGN, PAGE, announce, connect_public_changes, public_changed


def test_an_unknown_kind_of_public_change_is_refused():
    with pytest.raises(ValueError):
        announce("everything")


def test_a_receiver_hears_only_the_kinds_and_page_types_it_asked_for():
    heard = []
    connect_public_changes(lambda: heard.append(1), "tests.core.kinds", kinds=(PAGE,), page_types=[int])
    try:
        announce(CAMPAIGN)
        announce(PAGE, instance="not an int")
        assert heard == []
        announce(PAGE, instance=3)
        assert heard == [1]
    finally:
        public_changed.disconnect(dispatch_uid="tests.core.kinds")


@pytest.mark.django_db
def test_a_campaign_change_puts_every_cached_public_page_out_of_date():
    store = page_cache.store()
    before = page_cache.current_generation(store)
    announce(CAMPAIGN)
    assert store.get(page_cache.GENERATION_KEY) != before


@pytest.mark.django_db
def test_audit_stores_who_what_and_why_in_wagtails_log(django_user_model):
    actor = django_user_model.objects.create_user("auditor", password="x")
    target = django_user_model.objects.create_user("target", password="x")
    audit(target, "wagtail.edit", actor, data={"field": "email"}, note="sửa địa chỉ")
    entry = ModelLogEntry.objects.get(object_id=str(target.pk))
    assert entry.user_id == actor.pk and entry.action == "wagtail.edit"
    assert entry.data == {"field": "email", "note": "sửa địa chỉ"}
