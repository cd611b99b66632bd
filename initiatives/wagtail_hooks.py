from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import InitiativeIndexPage, InitiativePage, ReformArea, TargetGroup
from core.roles import is_staff_wide, user_unit
from .status import InitiativeStatus


class ReformAreaViewSet(SnippetViewSet):
    model = ReformArea
    icon = "tag"
    list_display = ["name", "name_en", "sort_order"]
    search_fields = ["name", "name_en"]


class TargetGroupViewSet(SnippetViewSet):
    model = TargetGroup
    icon = "group"
    list_display = ["name", "name_en"]


class CatalogueGroup(SnippetViewSetGroup):
    menu_label = _("Danh mục")
    menu_icon = "list-ul"
    menu_order = 300
    items = (ReformAreaViewSet, TargetGroupViewSet)


register_snippet(CatalogueGroup)


@hooks.register("register_admin_viewset")
def register_initiative_chooser():
    """Every field pointing to an initiative gets the searchable initiative chooser (choosers.py)."""
    from .choosers import initiative_chooser_viewset

    return initiative_chooser_viewset


class SubmitForAppraisalMenuItem(ActionMenuItem):
    name = "action-submit-appraisal"
    label = _("Gửi thẩm định")
    icon_name = "upload"
    template_name = "initiatives/admin/submit_menu_item.html"  # a POST button, not Wagtail's GET link

    def is_shown(self, context):
        page = context.get("page")
        if context.get("view") != "edit" or not isinstance(page, InitiativePage):
            return False
        return page.status in (InitiativeStatus.DRAFT, InitiativeStatus.RETURNED) and \
            page.permissions_for_user(context["request"].user).can_submit()

    def get_url(self, context):
        return reverse("initiatives_submit", args=[context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_submit_menu_item():
    return SubmitForAppraisalMenuItem(order=5)


@hooks.register("construct_page_action_menu")
def submit_first_for_officers(menu_items, request, context):
    """For an officer's draft, "Gửi thẩm định" is the primary button and "Lưu nháp" goes into the
    menu beside it (staff keep Wagtail's order: they mostly edit and publish)."""
    if is_staff_wide(request.user):
        return
    for position, item in enumerate(menu_items):
        if item.name == SubmitForAppraisalMenuItem.name:
            menu_items.insert(0, menu_items.pop(position))
            return


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("initiatives/<int:page_id>/submit/", admin_views.submit, name="initiatives_submit")]


@hooks.register("construct_explorer_page_queryset")
def only_own_unit_initiatives(parent_page, pages, request):
    """Officers browsing the admin see their own unit's initiatives only."""
    user = request.user
    if is_staff_wide(user) or parent_page.specific_class is not InitiativeIndexPage:
        return pages
    from core.roles import acting_unit_ids

    own = InitiativePage.objects.filter(origin_unit_id__in=acting_unit_ids(user)).values("pk")
    return pages.filter(pk__in=own)


@hooks.register("construct_page_chooser_queryset")
def chooser_without_other_units_initiatives(pages, request):
    """The page chooser lists every page by default: officers do not see other units' initiatives."""
    from .permissions import exclude_foreign_initiatives

    return exclude_foreign_initiatives(pages, request.user)


@hooks.register("register_log_actions")
def register_status_actions(actions):
    """The initiatives' audited actions, labelled in Vietnamese in each page's History."""
    from core.audit import register_labels

    register_labels(actions, {
        "nhanrong.initiative.submit": _("Gửi thẩm định"),
        "nhanrong.initiative.start_appraisal": _("Bắt đầu thẩm định"),
        "nhanrong.initiative.return": _("Trả lại để bổ sung"),
        "nhanrong.initiative.recognise": _("Công nhận sáng kiến"),
        "nhanrong.initiative.reject": _("Không công nhận sáng kiến"),
    })

@hooks.register("construct_reports_menu")
def hide_aging_pages_report(request, menu_items):
    """"Aging pages" lists Wagtail's publish dates and publishers, not the initiatives' lifecycle, and
    shows "None" for pages published by the demo loader: the staff work lists replace it."""
    menu_items[:] = [item for item in menu_items if item.name != "aging-pages"]


@hooks.register("construct_homepage_panels")
def officer_initiatives_panel(request, panels):
    """"Việc cần làm" of a commune officer: the unit's initiatives with their lifecycle status."""
    from core import roles
    from core.worklist import Row, WorkList

    user = request.user
    unit = user_unit(user)
    if unit is None or roles.is_staff_wide(user) or not roles.in_group(user, roles.COMMUNE_OFFICERS):
        return
    # Its own and the merged-in communes' initiatives (the same units as the explorer).
    pages = (InitiativePage.objects.filter(origin_unit_id__in=roles.acting_unit_ids(user)).order_by("-latest_revision_created_at", "title")
             .only("pk", "title", "status", "live", "has_unpublished_changes", "latest_revision_created_at")[:15])
    rows = []
    for page in pages:
        todo = ""
        if page.status in (InitiativeStatus.DRAFT, InitiativeStatus.RETURNED):
            todo = _("Cần hoàn thiện và gửi thẩm định") if page.status == InitiativeStatus.DRAFT else \
                _("Cần bổ sung rồi gửi lại")
        rows.append(Row(page.title, reverse("wagtailadmin_pages:edit", args=[page.pk]), page.get_status_display(),
                        todo, urgent=bool(todo)))
    index = InitiativeIndexPage.objects.first()
    panels.append(WorkList(
        name="todo-initiatives", heading=_("Việc cần làm — Sáng kiến của %(unit)s") % {"unit": unit}, rows=rows,
        columns=(_("Sáng kiến"), _("Trạng thái"), _("Việc cần làm")), order=10,
        empty=_("Đơn vị chưa đăng ký sáng kiến nào."),
        more_url=reverse("wagtailadmin_pages:add", args=["initiatives", "initiativepage", index.pk]) if index else "",
        more_label=_("Đăng ký sáng kiến mới")))


@hooks.register("register_log_actions")
def register_recognition_log_actions(actions):
    actions.register_action("nhanrong.recognition.receipt", _("Cấp giấy biên nhận đơn"),
                            _("Cấp giấy biên nhận đơn yêu cầu công nhận sáng kiến"))
