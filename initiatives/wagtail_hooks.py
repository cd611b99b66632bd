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


@hooks.register("register_log_actions")
def register_recognition_log_actions(actions):
    actions.register_action("nhanrong.recognition.receipt", _("Cấp giấy biên nhận đơn"),
                            _("Cấp giấy biên nhận đơn yêu cầu công nhận sáng kiến"))
