"""The initiative chooser of the admin (adoptions, awards, a campaign's featured models, a person's
initiatives): every field that points to an initiative uses it instead of Wagtail's page tree.

It searches the title with or without diacritics ("khong hen" finds "không hẹn", on the folded
title kept by InitiativePage.save) and shows the unit, the province and the lifecycle status.
What it lists: the published initiatives (any unit's: an officer records the adoption of another
commune's model) and the initiatives of the units the user may act for (core.roles, the one rule);
with ?cong-bo=1 (the adoption form) the published ones only. The form field still validates the
value: the chooser only spares the user a list they cannot use.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView

from core import roles
from units.text import fold

from .models import InitiativePage

LIVE_ONLY = "cong-bo"


def initiatives_for_chooser(user, *, live_only=False):
    pages = InitiativePage.objects.all()
    if live_only:
        return pages.filter(live=True)
    if roles.is_staff_wide(user) or user.is_superuser:
        return pages
    return pages.filter(Q(live=True) | Q(origin_unit_id__in=roles.acting_unit_ids(user)))


def search_initiatives(pages, text):
    """Every word of `text`, folded, in the folded title."""
    for word in fold(text).split():
        pages = pages.filter(title_folded__contains=word)
    return pages


class InitiativeFilterForm(BaseFilterForm):
    q = forms.CharField(label=_("Tìm theo tên sáng kiến (có dấu hay không dấu)"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: khong hen")}))

    def filter(self, objects):
        objects = super().filter(objects)
        text = self.cleaned_data.get("q")
        if text:
            objects = search_initiatives(objects, text)
            self.is_searching = True
            self.search_query = text
        return objects


def _place(page):
    unit = page.origin_unit
    if unit.province_id and unit.province_id != unit.pk:
        return f"{unit} — {unit.province.name}"
    return str(unit)


class InitiativeChooseMixin:
    filter_form_class = InitiativeFilterForm
    per_page = 20

    @property
    def page_subtitle(self):
        return ""

    def get_object_list(self):
        live_only = self.request.GET.get(LIVE_ONLY) == "1"
        return (initiatives_for_chooser(self.request.user, live_only=live_only)
                .select_related("origin_unit__province").order_by("title", "pk"))

    def apply_object_list_ordering(self, objects):
        return objects

    @property
    def columns(self):
        title = self.title_column
        title.label = _("Sáng kiến, mô hình")
        return [
            title,
            Column("unit", label=_("Đơn vị"), accessor=_place),
            Column("status", label=_("Trạng thái"), accessor="status_string"),
        ]


class InitiativeChooseView(InitiativeChooseMixin, ChooseView):
    pass


class InitiativeChooseResultsView(InitiativeChooseMixin, ChooseResultsView):
    pass


class InitiativeChosenView(ChosenView):
    def get_object(self, pk):
        return initiatives_for_chooser(self.request.user).get(pk=pk)


class InitiativeChooserViewSet(ChooserViewSet):
    model = InitiativePage
    icon = "doc-full-inverse"
    choose_one_text = _("Chọn sáng kiến, mô hình")
    choose_another_text = _("Chọn sáng kiến khác")
    edit_item_text = _("Sửa")
    choose_view_class = InitiativeChooseView
    choose_results_view_class = InitiativeChooseResultsView
    chosen_view_class = InitiativeChosenView
    preserve_url_parameters = ["multiple", LIVE_ONLY]
    url_prefix = "chon-sang-kien"
    name = "initiative_chooser"


initiative_chooser_viewset = InitiativeChooserViewSet()


def live_initiative_widget():
    """The chooser listing published initiatives only (what an adoption may point to)."""
    base = initiative_chooser_viewset.widget_class

    class LiveInitiativeChooser(base):
        def get_chooser_modal_url(self):
            return super().get_chooser_modal_url() + f"?{LIVE_ONLY}=1"

    return LiveInitiativeChooser()
