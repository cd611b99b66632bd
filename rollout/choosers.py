"""Choosers of the rollout data in the admin.

- Metrics: picked by name, the code shown beside it; searched by name with or without diacritics
  ("ho so dung han") or by code. The observation form keeps the metric's id; a campaign target keeps
  the metric's code (`MetricCodeChooser`), so editors never type a code.
- Adoptions (an observation's "adoption"): only the adoptions of the units the user may act for
  (rollout.permissions, the product's one rule), searched by initiative or unit name.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.widgets import AdminSnippetChooser

from units.text import fold

from .models import Adoption, Metric

BY_CODE = "ma"
SOURCE_OF = "nguon-cho"  # ?nguon-cho=<initiative id>: the adoptions a new adoption may have learned from


# ------------------------------------------------------------------ metrics

def search_metrics(metrics, text):
    """Metrics whose folded name contains every folded word of `text`, or whose code starts with it.
    The catalogue holds a few dozen rows: folded in Python, read once."""
    folded = fold(text)
    if not folded:
        return metrics
    wanted = folded.split()
    keep = [pk for pk, code, name in metrics.values_list("pk", "code", "name_vi")
            if code.startswith(folded.replace(" ", "_")) or all(w in fold(name) for w in wanted)]
    return metrics.filter(pk__in=keep)


class MetricFilterForm(BaseFilterForm):
    q = forms.CharField(label=_("Tìm theo tên chỉ tiêu (có dấu hay không dấu) hoặc mã"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: ho so dung han")}))

    def filter(self, objects):
        objects = super().filter(objects)
        text = self.cleaned_data.get("q")
        if text:
            objects = search_metrics(objects, text)
            self.is_searching = True
            self.search_query = text
        return objects


class MetricChooseMixin:
    filter_form_class = MetricFilterForm
    per_page = 50
    page_title = _("Chọn chỉ tiêu")

    @property
    def page_subtitle(self):
        return ""

    def get_object_list(self):
        return Metric.objects.order_by("sort_order", "code")

    def apply_object_list_ordering(self, objects):
        return objects

    @property
    def columns(self):
        title = self.title_column
        title.label = _("Chỉ tiêu")
        if self.request.GET.get(BY_CODE) == "1" and not self.is_multiple_choice:
            title._get_url_func = lambda m: self.append_preserved_url_parameters(
                self.reverse_chosen(m.code))
        return [title, Column("code", label=_("Mã"), accessor="code"),
                Column("unit", label=_("Đơn vị tính"), accessor="get_unit_display")]

    def reverse_chosen(self, key):
        from django.urls import reverse

        return reverse(self.chosen_url_name, args=(key,))


class MetricChooseView(MetricChooseMixin, ChooseView):
    pass


class MetricChooseResultsView(MetricChooseMixin, ChooseResultsView):
    pass


class MetricChosenView(SnippetChosenView):
    """With ?ma=1 the chosen metric is named by its code (a campaign target stores the code)."""

    def get_object(self, pk):
        if self.request.GET.get(BY_CODE) == "1":
            return Metric.objects.get(code=pk)
        return Metric.objects.get(pk=pk)

    def get_object_id(self, instance):
        return instance.code if self.request.GET.get(BY_CODE) == "1" else instance.pk

    def get_display_title(self, instance):
        return metric_title(instance)


def metric_title(metric):
    return f"{metric.name_vi} ({_('mã')} {metric.code})"


class MetricChooserViewSet(SnippetChooserViewSet):
    choose_view_class = MetricChooseView
    choose_results_view_class = MetricChooseResultsView
    chosen_view_class = MetricChosenView
    preserve_url_parameters = ["multiple", BY_CODE]
    choose_one_text = _("Chọn chỉ tiêu")
    choose_another_text = _("Chọn chỉ tiêu khác")
    edit_item_text = _("Sửa")


class MetricChooser(AdminSnippetChooser):
    """The observation form's metric: the chosen one shown as "name (mã code)"."""

    def __init__(self, **kwargs):
        super().__init__(Metric, **kwargs)
        self.choose_one_text = _("Chọn chỉ tiêu")
        self.choose_another_text = _("Chọn chỉ tiêu khác")
        self.link_to_chosen_text = _("Sửa chỉ tiêu")

    def get_display_title(self, instance):
        return metric_title(instance)


class MetricCodeChooser(MetricChooser):
    """A text field holding a metric's code (a campaign target), chosen by name in the same modal."""

    def get_chooser_modal_url(self):
        return super().get_chooser_modal_url() + f"?{BY_CODE}=1"

    def get_instance(self, value):
        if isinstance(value, Metric):
            return value
        return Metric.objects.filter(code=value).first() if value else None

    def get_value_data_from_instance(self, instance):
        data = super().get_value_data_from_instance(instance)
        data["id"] = instance.code
        return data


def check_metric_code(code):
    """A metric code must name a metric of the catalogue (the campaign target's validator)."""
    if code and not Metric.objects.filter(code=code).exists():
        raise ValidationError(_("Chỉ tiêu “%(code)s” không có trong danh mục chỉ tiêu; hãy chọn lại.")
                              % {"code": code})


# ------------------------------------------------------------------ adoptions

def adoptions_user_may_act_for(user):
    from .permissions import UnitScopedPolicy

    return UnitScopedPolicy(Adoption).instances_user_has_permission_for(user, "change")


def source_adoptions(user, initiative_id):
    """The adoptions of an initiative another unit may have learned from: any unit's, started ones of
    a published initiative (public facts) for an officer, every one for staff."""
    from core.roles import is_staff_wide

    if not str(initiative_id or "").isdigit():
        return Adoption.objects.none()
    adoptions = Adoption.objects.filter(initiative_id=initiative_id)
    if is_staff_wide(user):
        return adoptions
    return adoptions.started().filter(initiative__live=True)


def adoptions_for_chooser(request):
    if SOURCE_OF in request.GET:
        return source_adoptions(request.user, request.GET.get(SOURCE_OF))
    return adoptions_user_may_act_for(request.user)


class AdoptionFilterForm(BaseFilterForm):
    q = forms.CharField(label=_("Tìm theo tên sáng kiến hoặc đơn vị (có dấu hay không dấu)"), required=False)

    def filter(self, objects):
        objects = super().filter(objects)
        text = self.cleaned_data.get("q")
        if text:
            for word in fold(text).split():
                objects = objects.filter(Q(initiative__title_folded__contains=word) | Q(unit__name_folded__contains=word))
            self.is_searching = True
            self.search_query = text
        return objects


class AdoptionChooseMixin:
    filter_form_class = AdoptionFilterForm
    per_page = 20
    page_title = _("Chọn việc nhân rộng")

    @property
    def page_subtitle(self):
        return ""

    def get_object_list(self):
        return adoptions_for_chooser(self.request).select_related("initiative", "unit")

    def apply_object_list_ordering(self, objects):
        return objects.order_by("unit__name", "initiative__title", "pk")

    @property
    def columns(self):
        title = self.title_column
        title.label = _("Việc nhân rộng")
        return [title, Column("status", label=_("Trạng thái"), accessor="get_status_display")]


class AdoptionChooseView(AdoptionChooseMixin, ChooseView):
    pass


class AdoptionChooseResultsView(AdoptionChooseMixin, ChooseResultsView):
    pass


class AdoptionChosenView(SnippetChosenView):
    def get_object(self, pk):
        return adoptions_for_chooser(self.request).get(pk=pk)


class AdoptionChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return adoptions_for_chooser(self.request).filter(pk__in=pks)


class AdoptionChooserViewSet(SnippetChooserViewSet):
    choose_view_class = AdoptionChooseView
    choose_results_view_class = AdoptionChooseResultsView
    chosen_view_class = AdoptionChosenView
    chosen_multiple_view_class = AdoptionChosenMultipleView
    preserve_url_parameters = ["multiple", SOURCE_OF]
    choose_one_text = _("Chọn việc nhân rộng")
    choose_another_text = _("Chọn việc nhân rộng khác")
    edit_item_text = _("Sửa")


class SourceAdoptionChooser(AdminSnippetChooser):
    """"Học tập từ": the adoptions of the initiative chosen in the same form (Wagtail's linked field)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("linked_fields", {SOURCE_OF: "#id_initiative"})
        super().__init__(Adoption, **kwargs)
        self.choose_one_text = _("Chọn đơn vị đã học tập")
        self.choose_another_text = _("Chọn đơn vị khác")
        self.link_to_chosen_text = _("Sửa")
