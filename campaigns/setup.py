"""The campaigns section of the site, created idempotently (called by the demo and by tests)."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Site

from core import roles

from .models import CampaignIndexPage

EDITOR_PERMISSIONS = [
    f"{action}_{model}" for model in ("pointrule", "peergroup", "badgedefinition", "award", "campaignsettings")
    for action in ("add", "change", "view")
] + ["view_pointentry", "view_enrolment", "add_enrolment", "view_badgeaward"]


@transaction.atomic
def ensure_campaign_index():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:  # the page tree and the roles come first (home.site_setup)
        raise RuntimeError("no default site: run manage.py setup_site first")
    home = site.root_page
    index = CampaignIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=CampaignIndexPage(
            title="Phong trào thi đua", slug="thi-dua",
            intro="Các phong trào thi đua cải cách hành chính: đơn vị tham gia, điểm thi đua, "
                  "bảng xếp hạng, huy hiệu và khen thưởng."))
    editors = Group.objects.filter(name=roles.EDITORS).first()
    if editors is not None:
        editors.permissions.add(*Permission.objects.filter(content_type__app_label="campaigns",
                                                           codename__in=EDITOR_PERMISSIONS))
    return index
