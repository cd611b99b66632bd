"""Admin menu "Thi đua": point rules, peer groups and badges as snippets (data editors change), and
the awards screen of each campaign (council proposes, editor confirms/revokes)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_actions import action_views
from core.panels import columns

from . import admin_views, catalogue_actions, rule_actions
from .admin_forms import PeerGroupForm, PersonForm
from .choosers import PersonChooserViewSet
from .models import BadgeDefinition, CampaignPage, CommendationKind, PeerGroup, Person, PointRule

_SNIPPET_VIEWS = {"create_base": snippet_views.CreateView, "edit_base": snippet_views.EditView,
                  "delete_base": snippet_views.DeleteView}


class PointRuleViewSet(SnippetViewSet):
    model = PointRule
    icon = "success"
    menu_label = _("Quy tắc tính điểm")
    list_display = columns(PointRule, "description", "code", "points", "active")
    list_filter = ["active"]
    # Saved through campaigns.rule_actions: audited, then the running campaigns are rebuilt in Celery.
    add_view_class, edit_view_class, delete_view_class = action_views(
        save=rule_actions.save_point_rule, delete=rule_actions.delete_point_rule, **_SNIPPET_VIEWS)


class PeerGroupViewSet(SnippetViewSet):
    model = PeerGroup
    icon = "group"
    menu_label = _("Nhóm đơn vị tương đồng")
    list_display = ["name", "slug"]
    edit_handler = ObjectList([FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"),
                               FieldPanel("unit_keys")], base_form_class=PeerGroupForm)
    # Saved through campaigns.catalogue_actions: audited (members before and after), leaderboards refreshed.
    add_view_class, edit_view_class, delete_view_class = action_views(
        save=catalogue_actions.save_peer_group, delete=catalogue_actions.delete_peer_group, **_SNIPPET_VIEWS)


class BadgeViewSet(SnippetViewSet):
    model = BadgeDefinition
    icon = "pick"
    menu_label = _("Huy hiệu")
    list_display = columns(BadgeDefinition, "name", "criterion", "active")
    add_view_class, edit_view_class, delete_view_class = action_views(
        save=rule_actions.save_badge, delete=rule_actions.delete_badge, **_SNIPPET_VIEWS)


class CommendationKindViewSet(SnippetViewSet):
    """The Law's titles and forms (data, seeded by migration 0004), saved through
    campaigns.catalogue_actions (audited; a kind in use cannot be deleted)."""

    model = CommendationKind
    icon = "doc-full"
    menu_label = _("Danh hiệu, hình thức khen thưởng")
    list_display = columns(CommendationKind, "label", "category", "level", "recipients", "authority", "valid_until")
    list_filter = ["category", "level"]
    add_view_class, edit_view_class, delete_view_class = action_views(
        save=catalogue_actions.save_commendation_kind, delete=catalogue_actions.delete_commendation_kind,
        **_SNIPPET_VIEWS)


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Cá nhân được khen")
    list_display = ["full_name", "position", "workplace"]
    search_fields = ["full_name"]
    chooser_viewset_class = PersonChooserViewSet  # searched without diacritics, workplace shown
    edit_handler = ObjectList([FieldPanel("full_name"), FieldPanel("position"), FieldPanel("workplace_key"),
                               FieldPanel("workplace_name"), FieldPanel("email"), FieldPanel("phone"),
                               FieldPanel("author_records"), FieldPanel("authored_initiatives")],
                              base_form_class=PersonForm)
    add_view_class, edit_view_class, delete_view_class = action_views(
        save=catalogue_actions.save_person, delete=catalogue_actions.delete_person, **_SNIPPET_VIEWS)


class CampaignAdminGroup(SnippetViewSetGroup):
    menu_label = _("Thi đua")
    menu_icon = "pick"
    menu_order = 320
    items = (PointRuleViewSet, PeerGroupViewSet, BadgeViewSet, CommendationKindViewSet, PersonViewSet)


register_snippet(CampaignAdminGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("thi-dua/khen-thuong/", admin_views.award_index, name="campaigns_admin_award_index"),
        path("thi-dua/<int:campaign_id>/khen-thuong/", admin_views.awards, name="campaigns_admin_awards"),
        path("thi-dua/khen-thuong/<int:award_id>/xac-nhan/", admin_views.confirm, name="campaigns_admin_confirm"),
        path("thi-dua/khen-thuong/<int:award_id>/thu-hoi/", admin_views.revoke, name="campaigns_admin_revoke"),
    ]


@hooks.register("register_page_listing_buttons")
def awards_button(page, user, next_url=None, **kwargs):
    if page.specific_class is CampaignPage and admin_views._may_see(user):
        yield ListingButton(_("Khen thưởng"), reverse("campaigns_admin_awards", args=[page.pk]), priority=30)


class AwardsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views._may_see(request.user)


@hooks.register("register_admin_menu_item")
def register_awards_menu_item():
    """Council members propose awards: their menu path to the proposals (editors confirm there)."""
    return AwardsMenuItem(_("Khen thưởng thi đua"), reverse("campaigns_admin_award_index"), icon_name="pick",
                          order=330)


@hooks.register("construct_homepage_panels")
def editor_campaign_panels(request, panels):
    """"Việc cần làm" of an editor: award proposals to confirm, campaigns whose phase changes this month."""
    import datetime

    from django.db.models import Q
    from django.utils import timezone

    from core.roles import is_staff_wide
    from core.worklist import Row, WorkList

    from .models import Award, CampaignPhase

    if not is_staff_wide(request.user):
        return
    today = timezone.localdate()
    proposals = [Row(f"{a.get_kind_display()} — {a.recipient_name}", reverse("campaigns_admin_awards", args=[a.campaign_id]),
                     a.campaign.title, _("Đề nghị ngày %(date)s") % {"date": timezone.localtime(a.proposed_at).strftime("%d/%m/%Y")})
                 for a in Award.objects.filter(status="proposed").select_related("campaign", "recipient_unit",
                                                                                  "recipient_initiative")
                 .order_by("proposed_at")[:15]]
    panels.append(WorkList(name="todo-awards", heading=_("Việc cần làm — Đề nghị khen thưởng chờ xác nhận"),
                           rows=proposals, order=30, columns=(_("Khen thưởng"), _("Phong trào"), _("Ngày đề nghị")),
                           empty=_("Không có đề nghị nào chờ xác nhận."),
                           more_url=reverse("campaigns_admin_award_index"), more_label=_("Khen thưởng thi đua")))
    first = today.replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    phases = (CampaignPhase.objects.filter(page__live=True)
              .filter(Q(starts_on__range=(first, last)) | Q(ends_on__range=(first, last)))
              .select_related("page").order_by("starts_on"))
    rows = []
    for phase in phases:
        when = _("bắt đầu %(date)s") % {"date": phase.starts_on.strftime("%d/%m/%Y")} if first <= phase.starts_on <= last \
            else _("kết thúc %(date)s") % {"date": phase.ends_on.strftime("%d/%m/%Y")}
        rows.append(Row(phase.page.title, reverse("wagtailadmin_pages:edit", args=[phase.page_id]),
                        phase.get_kind_display(), when))
    panels.append(WorkList(name="todo-phases", heading=_("Phong trào chuyển giai đoạn trong tháng này"), rows=rows,
                           order=31, columns=(_("Phong trào"), _("Giai đoạn"), _("Thời điểm")),
                           empty=_("Không phong trào nào chuyển giai đoạn trong tháng này.")))


@hooks.register("register_log_actions")
def register_award_log_actions(actions):
    """The campaigns' audited actions, labelled in Vietnamese in the history views."""
    from core.audit import register_labels

    register_labels(actions, {
        "nhanrong.award.propose": _("Đề nghị khen thưởng"),
        "nhanrong.award.confirm": _("Đã ghi quyết định khen thưởng và ký chứng chỉ số"),
        "nhanrong.award.revoke": _("Thu hồi khen thưởng"),
        "nhanrong.award.sign": _("Ký chứng chỉ số cho khen thưởng đã quyết định"),
        "nhanrong.points.correct": _("Điều chỉnh điểm thi đua"),
        "nhanrong.campaign.enrol": _("Đăng ký tham gia phong trào"),
        **rule_actions.LOG_LABELS,
        **catalogue_actions.LOG_LABELS,
    })
