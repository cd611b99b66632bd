from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail import hooks
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin_actions import action_views
from core.audit import register_labels
from core.panels import columns

from . import actions
from .choosers import UnitChooserViewSet
from .models import AdministrativeUnit, Affiliation


class UnitFilterSet(WagtailFilterSet):
    class Meta:
        model = AdministrativeUnit
        fields = ["level"]


class AdministrativeUnitViewSet(SnippetViewSet):
    model = AdministrativeUnit
    icon = "site"
    menu_label = _("Đơn vị hành chính")
    menu_order = 310
    add_to_admin_menu = True
    list_display = columns(AdministrativeUnit, "name", "code", "level", "parent", "valid_until")
    search_fields = ["name", "code"]
    search_backend_name = None  # plain ORM lookups; units are not in the page search index
    filterset_class = UnitFilterSet
    list_per_page = 50
    # The chooser every unit field of the admin uses: scoped to the units the user may act for,
    # searchable without diacritics and by code (units/choosers.py).
    chooser_viewset_class = UnitChooserViewSet
    chooser_per_page = 20
    # Parent and successors are rules (roll-ups, scopes): saved through units.actions, audited.
    add_view_class, edit_view_class = action_views(
        save=actions.save_unit, create_base=snippet_views.CreateView, edit_base=snippet_views.EditView)[:2]

    def get_queryset(self, request):
        return AdministrativeUnit.objects.select_related("parent")


class AffiliationViewSet(SnippetViewSet):
    model = Affiliation
    icon = "user"
    menu_label = _("Đơn vị công tác")
    add_to_settings_menu = True
    list_display = columns(Affiliation, "user", "unit", "office")
    search_backend_name = None
    add_view_class, edit_view_class, delete_view_class = action_views(
        save=actions.save_affiliation, delete=actions.delete_affiliation, create_base=snippet_views.CreateView,
        edit_base=snippet_views.EditView, delete_base=snippet_views.DeleteView)


register_snippet(AdministrativeUnitViewSet)
register_snippet(AffiliationViewSet)


@hooks.register("register_log_actions")
def register_unit_log_actions(log_actions):
    register_labels(log_actions, actions.LOG_LABELS)
