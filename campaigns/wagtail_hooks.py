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
from .admin_forms import PeerGroupForm, PersonForm
from .models import BadgeDefinition, CampaignPage, CommendationKind, PeerGroup, Person, PointRule


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


class CommendationKindViewSet(SnippetViewSet):
    """The Law's titles and forms (data, seeded by migration 0004). Wagtail logs each edit."""

    model = CommendationKind
    icon = "doc-full"
    menu_label = _("Danh hiệu, hình thức khen thưởng")
    list_display = ["label", "category", "level", "recipients", "authority", "valid_until"]
    list_filter = ["category", "level"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Cá nhân được khen")
    list_display = ["full_name", "position", "workplace"]
    search_fields = ["full_name"]
    edit_handler = ObjectList([FieldPanel("full_name"), FieldPanel("position"), FieldPanel("workplace_key"),
                               FieldPanel("workplace_name"), FieldPanel("email"), FieldPanel("phone"),
                               FieldPanel("authored_initiatives")], base_form_class=PersonForm)


class CampaignAdminGroup(SnippetViewSetGroup):
    menu_label = _("Thi đua")
    menu_icon = "pick"
    menu_order = 320
    items = (PointRuleViewSet, PeerGroupViewSet, BadgeViewSet, CommendationKindViewSet, PersonViewSet)


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
def register_award_log_actions(actions):
    from core.audit import register_labels

    register_labels(actions, {
        "nhanrong.award.propose": _("Đề nghị khen thưởng"),
        "nhanrong.award.confirm": _("Đã ghi quyết định khen thưởng và ký chứng chỉ số"),
        "nhanrong.award.revoke": _("Thu hồi khen thưởng"),
        "nhanrong.award.sign": _("Ký chứng chỉ số cho khen thưởng đã quyết định"),
    })
