from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
    list_display = ["name", "code", "level", "parent", "valid_until"]
    search_fields = ["name", "code"]
    search_backend_name = None  # plain ORM lookups; units are not in the page search index
    filterset_class = UnitFilterSet
    list_per_page = 50
    # The chooser every unit field of the admin uses: scoped to the units the user may act for,
    # searchable without diacritics and by code (units/choosers.py).
    chooser_viewset_class = UnitChooserViewSet
    chooser_per_page = 20

    def get_queryset(self, request):
        return AdministrativeUnit.objects.select_related("parent")


class AffiliationViewSet(SnippetViewSet):
    model = Affiliation
    icon = "user"
    menu_label = _("Đơn vị công tác")
    add_to_settings_menu = True
    list_display = ["user", "unit", "office"]
    search_backend_name = None


register_snippet(AdministrativeUnitViewSet)
register_snippet(AffiliationViewSet)
