"""Admin menu "Thi đua": point rules, peer groups and badges as snippets (data editors change), and
the awards screen of each campaign (council proposes, editor confirms/revokes)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .admin_forms import PeerGroupForm
from .models import BadgeDefinition, CampaignPage, PeerGroup, PointRule


class PointRuleViewSet(SnippetViewSet):
    model = PointRule
    icon = "success"
    menu_label = _("Quy tắc tính điểm")
    list_display = ["description", "code", "points", "active"]
    list_filter = ["active"]


class PeerGroupViewSet(SnippetViewSet):
    model = PeerGroup
    icon = "group"
    menu_label = _("Nhóm đơn vị tương đồng")
    list_display = ["name", "slug"]
    edit_handler = ObjectList([FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"),
                               FieldPanel("unit_keys")], base_form_class=PeerGroupForm)


class BadgeViewSet(SnippetViewSet):
    model = BadgeDefinition
    icon = "pick"
    menu_label = _("Huy hiệu")
    list_display = ["name", "criterion", "active"]


class CampaignAdminGroup(SnippetViewSetGroup):
    menu_label = _("Thi đua")
    menu_icon = "pick"
    menu_order = 320
    items = (PointRuleViewSet, PeerGroupViewSet, BadgeViewSet)


register_snippet(CampaignAdminGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("thi-dua/<int:campaign_id>/khen-thuong/", admin_views.awards, name="campaigns_admin_awards"),
        path("thi-dua/khen-thuong/<int:award_id>/xac-nhan/", admin_views.confirm, name="campaigns_admin_confirm"),
        path("thi-dua/khen-thuong/<int:award_id>/thu-hoi/", admin_views.revoke, name="campaigns_admin_revoke"),
    ]


@hooks.register("register_page_listing_buttons")
def awards_button(page, user, next_url=None, **kwargs):
    if page.specific_class is CampaignPage and admin_views._may_see(user):
        yield ListingButton(_("Khen thưởng"), reverse("campaigns_admin_awards", args=[page.pk]), priority=30)


@hooks.register("register_log_actions")
def register_campaign_actions(actions):
    """The campaigns' audited actions, labelled in Vietnamese in the history views."""
    from core.audit import register_labels

    register_labels(actions, {
        "nhanrong.award.confirm": _("Xác nhận khen thưởng"),
        "nhanrong.award.revoke": _("Thu hồi khen thưởng"),
        "nhanrong.points.correct": _("Điều chỉnh điểm thi đua"),
    })
