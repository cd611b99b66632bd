"""The "Thẩm định" admin menu: my assignments, rounds, the commune's clarification requests, and
(for administrators) councils, members and rubrics. Plus the dashboard panel "Việc của tôi"."""

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from core import roles
from core.admin_actions import action_views
from core.panels import columns

from . import setup_actions
from .models import Council, CouncilMembership, Criterion, RecognitionThreshold, Rubric
from .views import applications, commune, council, member, scope


def _is_council_person(user):
    return user.is_superuser or user.council_memberships.exists() or user.chaired_councils.exists()


def _menu_item_class(rule):
    class RuleMenuItem(MenuItem):
        def is_shown(self, request):
            return rule(request.user)

    return RuleMenuItem


class MyWorkViewSet(ViewSet):
    name = "appraisal_work"
    url_prefix = "appraisal/my-work"
    icon = "tasks"
    menu_label = _("Việc của tôi")
    menu_name = "appraisal-my-work"
    menu_item_class = _menu_item_class(_is_council_person)

    def get_urlpatterns(self):
        return [path("", member.my_work, name="index"),
                path("<int:assignment_id>/", member.score, name="score")]


class RoundsViewSet(ViewSet):
    name = "appraisal_rounds"
    url_prefix = "appraisal/rounds"
    icon = "list-ul"
    menu_label = _("Đợt thẩm định")
    menu_name = "appraisal-rounds"
    menu_item_class = _menu_item_class(_is_council_person)

    def get_urlpatterns(self):
        return [path("", council.rounds, name="index"),
                path("applications/", applications.applications, name="applications"),
                path("scope/<int:page_id>/", scope.scope_decision, name="scope"),
                path("<int:round_id>/", council.round_detail, name="round"),
                path("<int:round_id>/<str:what>/", council.round_action, name="round_action"),
                path("entry/<int:entry_id>/", council.entry_detail, name="entry"),
                path("entry/<int:entry_id>/<str:what>/", council.entry_action, name="entry_action")]


class ClarificationsViewSet(ViewSet):
    name = "appraisal_clarifications"
    url_prefix = "appraisal-clarifications"
    icon = "help"
    menu_label = _("Yêu cầu bổ sung")
    menu_name = "appraisal-clarifications"
    menu_item_class = _menu_item_class(
        lambda user: roles.is_staff_wide(user) or roles.in_group(user, roles.COMMUNE_OFFICERS))

    def get_urlpatterns(self):
        return [path("", commune.clarifications, name="index"),
                path("<int:request_id>/answer/", commune.answer, name="answer")]


class CouncilForm(WagtailAdminModelForm):
    """The council's scope: several units through the unit chooser (scoped to the units the user may
    act for, searchable without diacritics), never a 14,149-line list."""

    def __init__(self, *args, for_user=None, **kwargs):
        from units.choosers import scope_units_field

        super().__init__(*args, for_user=for_user, **kwargs)
        scope_units_field(self, "scope_units", for_user)


class CouncilViewSet(ModelViewSet):
    name = "appraisal_councils"
    url_prefix = "appraisal/councils"
    model = Council
    icon = "group"
    edit_handler = ObjectList([FieldPanel("name"), FieldPanel("level"), FieldPanel("scope_units"), FieldPanel("chair"),
                               FieldPanel("rubric"), FieldPanel("provincial_rules")], base_form_class=CouncilForm)
    add_view_class, edit_view_class, delete_view_class = action_views(save=setup_actions.save_council,
                                                                      delete=setup_actions.delete_council)
    list_display = columns(Council, "name", "level", "chair", "rubric")
    search_fields = ["name"]


class MembershipViewSet(ModelViewSet):
    name = "appraisal_memberships"
    url_prefix = "appraisal/memberships"
    model = CouncilMembership
    icon = "user"
    form_fields = ["council", "user", "position", "term_start", "term_end"]
    add_view_class, edit_view_class, delete_view_class = action_views(save=setup_actions.save_membership,
                                                                      delete=setup_actions.delete_membership)
    list_display = columns(CouncilMembership, "user", "council", "position", "term_start", "term_end")
    list_filter = ["council"]


def _offer_new_version(request, error):
    """A criterion or threshold refused because its rubric is in use (or superseded): the way
    forward, a button to make (or edit) the new version."""
    from django.urls import reverse
    from wagtail.admin import messages

    if isinstance(error, setup_actions.RubricLocked):
        rubric = Rubric.objects.filter(pk=error.rubric_id).first()
        if rubric is not None:
            messages.warning(request, _("Bộ tiêu chí “%(rubric)s” không sửa được lúc này: tạo phiên bản mới để sửa, "
                                        "các đợt đang dùng giữ phiên bản cũ.") % {"rubric": rubric},
                             buttons=[messages.button(reverse("appraisal_rubrics:new_version", args=[rubric.pk]),
                                                      _("Tạo phiên bản mới"))])


class RubricIndexView(ModelViewSet.index_view_class):
    def get_list_more_buttons(self, instance):
        from django.urls import reverse
        from wagtail.admin.widgets import ListingButton

        buttons = list(super().get_list_more_buttons(instance))
        if self.request.user.has_perm("appraisal.add_rubric") and not hasattr(instance, "next_version"):
            buttons.append(ListingButton(_("Tạo phiên bản mới"), reverse("appraisal_rubrics:new_version",
                                                                         args=[instance.pk]), icon_name="copy",
                                         priority=20))
        return buttons


class RubricViewSet(ModelViewSet):
    """Rubrics with their version number; "Tạo phiên bản mới" on the list (and from a refused edit)
    copies a rubric in use (appraisal.setup_actions.new_rubric_version)."""

    name = "appraisal_rubrics"
    url_prefix = "appraisal/rubrics"
    model = Rubric
    icon = "form"
    form_fields = ["name", "description", "is_default"]
    index_view_class = RubricIndexView
    add_view_class, edit_view_class, delete_view_class = action_views(save=setup_actions.save_rubric,
                                                                      delete=setup_actions.delete_rubric,
                                                                      on_refused=_offer_new_version)
    list_display = columns(Rubric, "name", "version", "is_default")

    def get_queryset(self, request):
        return Rubric.objects.select_related("next_version")

    def get_urlpatterns(self):
        from .views import rubrics

        return [*super().get_urlpatterns(),
                path("<int:rubric_id>/new-version/", rubrics.new_version, name="new_version")]


class CriterionViewSet(ModelViewSet):
    name = "appraisal_criteria"
    url_prefix = "appraisal/criteria"
    model = Criterion
    icon = "list-ol"
    form_fields = ["rubric", "name", "description", "weight", "max_score", "sort_order"]
    # Refused while a round uses the rubric (appraisal.setup_actions.ensure_rubric_unlocked).
    add_view_class, edit_view_class, delete_view_class = action_views(save=setup_actions.save_criterion,
                                                                      delete=setup_actions.delete_criterion,
                                                                      on_refused=_offer_new_version)
    list_display = columns(Criterion, "name", "rubric", "weight", "max_score", "sort_order")
    list_filter = ["rubric"]


class ThresholdViewSet(ModelViewSet):
    name = "appraisal_thresholds"
    url_prefix = "appraisal/thresholds"
    model = RecognitionThreshold
    icon = "pick"
    form_fields = ["rubric", "min_score", "level", "label"]
    add_view_class, edit_view_class, delete_view_class = action_views(save=setup_actions.save_threshold,
                                                                      delete=setup_actions.delete_threshold,
                                                                      on_refused=_offer_new_version)
    list_display = columns(RecognitionThreshold, "rubric", "min_score", "level", "label")


class AppraisalGroup(ViewSetGroup):
    menu_label = _("Thẩm định")
    menu_name = "appraisal"
    menu_icon = "tasks"
    menu_order = 250
    items = (MyWorkViewSet, RoundsViewSet, ClarificationsViewSet, CouncilViewSet, MembershipViewSet,
             RubricViewSet, CriterionViewSet, ThresholdViewSet)


@hooks.register("register_admin_viewset")
def register_appraisal_viewsets():
    return AppraisalGroup()


@hooks.register("construct_homepage_panels")
def appraisal_work_panels(request, panels):
    """"Việc cần làm" of appraisal: a member's assignments (deadline, sheet submitted?), a chair's
    rounds (sheets submitted/required, overdue, decisions to record), an officer's clarification
    requests awaiting an answer."""
    from django.urls import reverse

    from core.worklist import WorkList

    from .dashboard import chair_rows, clarification_rows, member_rows

    user = request.user
    today = timezone.localdate()
    rows = member_rows(user, today)
    if rows:
        panels.append(WorkList(name="todo-assignments", heading=_("Việc cần làm — Sáng kiến được phân công chấm"),
                               rows=rows, columns=(_("Sáng kiến"), _("Phiếu chấm"), _("Hạn chấm")), order=20,
                               more_url=reverse("appraisal_work:index"), more_label=_("Xem tất cả phân công")))
    rows = chair_rows(user, today)
    if rows:
        panels.append(WorkList(name="todo-rounds", heading=_("Việc cần làm — Đợt thẩm định do tôi chủ trì"), rows=rows,
                               columns=(_("Đợt, sáng kiến"), _("Phiếu đã nộp / cần"), _("Việc cần làm")), order=21,
                               more_url=reverse("appraisal_rounds:index"), more_label=_("Xem các đợt thẩm định")))
    if roles.in_group(user, roles.COMMUNE_OFFICERS) and roles.user_unit(user) is not None:
        waiting = clarification_rows(user, today)
        panels.append(WorkList(name="todo-clarifications", heading=_("Việc cần làm — Yêu cầu bổ sung chờ trả lời"),
                               rows=waiting, order=11, columns=(_("Sáng kiến"), _("Hội đồng"), _("Hạn trả lời")),
                               empty=_("Không có yêu cầu bổ sung nào đang chờ."),
                               # "Trả lời" only when something waits for an answer
                               more_url=reverse("appraisal_clarifications:index") if waiting else "",
                               more_label=_("Trả lời")))


@hooks.register("register_log_actions")
def register_recognition_log_actions(actions):
    for name, label in (
            ("nhanrong.recognition.checks", _("Ghi kết quả kiểm tra điều kiện công nhận (Điều 3)")),
            ("nhanrong.recognition.vote", _("Biểu quyết công nhận sáng kiến")),
            ("nhanrong.recognition.decision", _("Ghi quyết định công nhận sáng kiến")),
            ("nhanrong.recognition.scope", _("Quyết định phạm vi ảnh hưởng")),
            ("nhanrong.round.open", _("Mở đợt thẩm định")),
            ("nhanrong.round.close", _("Kết thúc chấm điểm của đợt")),
            ("nhanrong.round.add_entries", _("Đưa sáng kiến vào đợt")),
            ("nhanrong.round.assign", _("Phân công chấm")),
            ("nhanrong.conflict.declare", _("Khai báo xung đột lợi ích")),
            ("nhanrong.entry.private_note", _("Trao đổi nội bộ hội đồng")),
            ("nhanrong.clarification.request", _("Yêu cầu bổ sung")),
            ("nhanrong.clarification.answer", _("Trả lời yêu cầu bổ sung")),
            ("nhanrong.scoresheet.submit", _("Nộp phiếu chấm")),
            *setup_actions.LOG_LABELS.items()):
        actions.register_action(name, label, label)


@hooks.register("register_page_header_buttons")
def scope_decision_button(page, user, view_name, next_url=None):
    """On a recognised initiative's editor: "Phạm vi ảnh hưởng" for the chair of a competent council
    (or an administrator)."""
    from django.urls import reverse
    from wagtail.admin.widgets import Button

    from initiatives.models import InitiativePage
    from initiatives.status import InitiativeStatus

    from .recognition_actions import scope_councils

    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page
    if not isinstance(specific, InitiativePage) or specific.status != InitiativeStatus.RECOGNISED:
        return
    if not (user.is_superuser or scope_councils(user, specific)):  # an administrator: no council walk per page
        return
    yield Button(_("Phạm vi ảnh hưởng"), reverse("appraisal_rounds:scope", args=[page.pk]), icon_name="site",
                 priority=40)
