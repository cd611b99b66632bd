"""Admin menu "Nhân rộng": adoptions, observations and the metric catalogue as snippets. Saves go
through rollout.actions (admin_views; the catalogue through rollout.actions.catalogue); lists and objects are limited by rollout.permissions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_actions import action_views
from core.panels import columns
from initiatives.choosers import live_initiative_widget

from . import admin_views
from .actions import catalogue
from .choosers import AdoptionChooserViewSet, MetricChooser, MetricChooserViewSet, SourceAdoptionChooser
from .admin_forms import AdoptionAdminForm, ObservationAdminForm
from .models import Adoption, Metric, Observation, ScoredIndicator, ScoreGroup
from .permissions import CataloguePolicy, UnitScopedPolicy

register_permission_policy(Adoption, UnitScopedPolicy(Adoption))
register_permission_policy(Observation, UnitScopedPolicy(Observation))
register_permission_policy(Metric, CataloguePolicy(Metric))
register_permission_policy(ScoreGroup, CataloguePolicy(ScoreGroup))
register_permission_policy(ScoredIndicator, CataloguePolicy(ScoredIndicator))


class AdoptionViewSet(SnippetViewSet):
    model = Adoption
    icon = "site"
    menu_label = _("Đơn vị nhân rộng")
    list_display = columns(Adoption, "initiative", "unit", "status", "start_date", "replicated_from_adoption")
    list_filter = ["status"]
    search_fields = ["initiative__title", "unit__name"]
    add_view_class = admin_views.AdoptionCreateView
    edit_view_class = admin_views.AdoptionEditView
    delete_view_class = admin_views.AdoptionDeleteView
    history_view_class = admin_views.OwnUnitHistoryView
    usage_view_class = admin_views.OwnUnitUsageView
    inspect_view_enabled = False
    copy_view_enabled = False
    # The adoption chooser (an observation's adoption) lists the user's units' adoptions only.
    chooser_viewset_class = AdoptionChooserViewSet
    edit_handler = ObjectList([
        FieldPanel("initiative", widget=live_initiative_widget()),  # published initiatives, searched by name
        FieldPanel("unit"),
        FieldPanel("replicated_from_adoption", widget=SourceAdoptionChooser(),
                   help_text=_("Để trống nếu học tập trực tiếp từ đơn vị khởi xướng.")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("status"), FieldPanel("status_date")]), FieldPanel("status_note")],
                        heading=_("Trạng thái")),
        FieldPanel("start_date"),
        FieldPanel("responsible_office"),
        FieldPanel("notes"),
    ], base_form_class=AdoptionAdminForm)

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_permission_for(request.user, "change").select_related(
            "initiative", "unit", "replicated_from_adoption__unit")


class ObservationViewSet(SnippetViewSet):
    model = Observation
    icon = "table"
    menu_label = _("Số liệu chỉ tiêu")
    list_display = columns(Observation, "unit", "metric", "period_key", "value", "numerator", "denominator", "source",
                           "entered_at", "verification")
    list_filter = ["metric", "period_kind", "verification"]
    search_fields = ["unit__name", "metric__name_vi", "source"]
    add_view_class = admin_views.ObservationCreateView
    edit_view_class = admin_views.ObservationEditView
    delete_view_class = admin_views.ObservationDeleteView
    delete_template_name = "rollout/admin/confirm_delete_observation.html"  # with the confirmation token
    history_view_class = admin_views.OwnUnitHistoryView
    usage_view_class = admin_views.OwnUnitUsageView
    inspect_view_enabled = False
    copy_view_enabled = False
    edit_handler = ObjectList([
        FieldPanel("unit"), FieldPanel("metric", widget=MetricChooser()), FieldPanel("period_text"),
        FieldPanel("adoption"),
        FieldPanel("value"), FieldRowPanel([FieldPanel("numerator"), FieldPanel("denominator")]), FieldPanel("source"),
    ], base_form_class=ObservationAdminForm)

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_permission_for(request.user, "change").select_related(
            "unit", "metric")


_SNIPPET_VIEWS = {"create_base": snippet_views.CreateView, "edit_base": snippet_views.EditView,
                  "delete_base": snippet_views.DeleteView}


class MetricViewSet(SnippetViewSet):
    model = Metric
    icon = "list-ol"
    menu_label = _("Danh mục chỉ tiêu")
    list_display = columns(Metric, "code", "name_vi", "unit", "direction", "min_value", "max_value")
    search_fields = ["code", "name_vi", "name_en"]
    copy_view_enabled = False
    # Saved through rollout.actions.catalogue (administrators, audited).
    add_view_class, edit_view_class, delete_view_class = action_views(
        save=catalogue.save_metric, delete=catalogue.delete_metric, **_SNIPPET_VIEWS)
    # Picked by name (diacritics optional), the code shown beside it (rollout/choosers.py).
    chooser_viewset_class = MetricChooserViewSet


class ScoreGroupViewSet(SnippetViewSet):
    model = ScoreGroup
    icon = "folder-open-inverse"
    menu_label = _("Nhóm chỉ số (QĐ 766)")
    list_display = columns(ScoreGroup, "name_vi", "max_points", "source")
    copy_view_enabled = False
    # Saved through rollout.actions.catalogue (administrators, audited).
    add_view_class, edit_view_class, delete_view_class = action_views(
        save=catalogue.save_score_group, delete=catalogue.delete_score_group, **_SNIPPET_VIEWS)


class ScoredIndicatorViewSet(SnippetViewSet):
    model = ScoredIndicator
    icon = "list-ul"
    menu_label = _("Chỉ số thành phần (QĐ 766)")
    list_display = columns(ScoredIndicator, "number", "official_name", "group", "max_points", "full_points_at",
                           "threshold_source")
    list_filter = ["group"]
    copy_view_enabled = False
    # Saved through rollout.actions.catalogue (administrators, audited).
    add_view_class, edit_view_class, delete_view_class = action_views(
        save=catalogue.save_scored_indicator, delete=catalogue.delete_scored_indicator, **_SNIPPET_VIEWS)


class RolloutGroup(SnippetViewSetGroup):
    menu_label = _("Nhân rộng")
    menu_icon = "site"
    menu_order = 250
    items = (AdoptionViewSet, ObservationViewSet, MetricViewSet, ScoreGroupViewSet, ScoredIndicatorViewSet)


register_snippet(RolloutGroup)


@hooks.register("before_delete_snippet")
def refuse_bulk_delete_of_other_units(request, instances):
    """Bulk delete checks the policy per object, but deletes directly: keep it to staff, so every
    officer's delete goes through the single-object view and its action."""
    from django.core.exceptions import PermissionDenied

    from core.roles import is_staff_wide

    if instances and isinstance(instances[0], (Adoption, Observation)) and len(instances) > 1 \
            and not is_staff_wide(request.user):
        raise PermissionDenied


@hooks.register("nhanrong_scope_evidence")
def scope_evidence(initiative):
    """The replication evidence dossier in a few lines, for appraisal's scope-of-influence screen."""
    from .dossier import dossier_summary

    return dossier_summary(initiative)


@hooks.register("register_admin_urls")
def verification_urls():
    from django.urls import path

    from . import verification_views

    return [path("rollout/xac-minh/", verification_views.pending, name="rollout_verification"),
            path("rollout/xac-minh/<int:observation_id>/", verification_views.verify, name="rollout_verify_observation")]


@hooks.register("register_admin_menu_item")
def verification_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    from .verification_views import may_verify_some

    class VerificationMenuItem(MenuItem):
        def is_shown(self, request):
            return may_verify_some(request.user)

    return VerificationMenuItem(_("Số liệu chờ xác minh"), reverse("rollout_verification"), icon_name="tick",
                                order=260, name="rollout-verification")


@hooks.register("register_snippet_listing_buttons")
def verify_button(snippet, user, next_url=None):
    """"Xác minh" on a self-reported figure of the observation list, for whoever may verify it."""
    if not isinstance(snippet, Observation) or snippet.verification != "self":
        return
    from django.urls import reverse
    from wagtail.admin.widgets import ListingButton

    from .verification import can_verify

    if can_verify(user, snippet):
        url = reverse("rollout_verify_observation", args=[snippet.pk])
        yield ListingButton(_("Xác minh"), url + (f"?next={next_url}" if next_url else ""), icon_name="tick",
                            priority=5)


@hooks.register("register_log_actions")
def register_verification_log_actions(actions):
    from core.audit import register_labels

    register_labels(actions, {"nhanrong.rollout.verify_observation": _("Xác minh số liệu (cấp trên)")})


from . import import_hooks  # noqa: E402,F401  (spreadsheet import: upload page, job progress, error report)


@hooks.register("register_log_actions")
def register_rollout_log_actions(actions):
    """The rollout's audited actions (the rollout/actions package), labelled in Vietnamese in the history views."""
    from core.audit import register_labels

    register_labels(actions, {
        "nhanrong.adoption.create": _("Ghi nhận nhân rộng"),
        "nhanrong.adoption.status": _("Chuyển trạng thái nhân rộng"),
        "nhanrong.adoption.edit": _("Sửa thông tin nhân rộng"),
        "nhanrong.observation.write": _("Ghi số liệu chỉ tiêu"),
        **catalogue.LOG_LABELS,
    })
