"""The administrative-unit chooser of the admin (observations, adoptions, imports, awards, councils,
affiliations, campaigns): it lists only the units the user may act for, puts their own first, and
searches by name without diacritics ("long khanh") or by official code ("29980"). Each row shows the
province and, for a unit of before 1 July 2025, the former district and "(trước 01/07/2025)".

Search at national scale (14,149 units) reads the indexed folded-name and code columns with prefix
lookups (`search_units`), never a scan of the table per keystroke.

Who may act for which unit is not decided here: `may_act_for_unit` calls the product's shared rule.
"""

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
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

from core import roles  # the one shared rule: roles.can_act_for_unit

from .models import AdministrativeUnit, UnitLevel
from .text import fold

HISTORIC_MARK = _("trước 01/07/2025")
_TYPE_PREFIXES_KEY = "units:chooser:type-prefixes"


# ------------------------------------------------------------------ who may act for what

def may_act_for_unit(user, unit_id):
    return bool(user is not None and unit_id is not None and roles.can_act_for_unit(user, unit_id))


def units_user_may_act_for(user):
    """Queryset of the units `user` may act for: every unit for editors and administrators, else
    the units the shared rule gives an officer (core.roles.acting_unit_ids: their current unit and the
    units merged into it)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return AdministrativeUnit.objects.none()
    if roles.is_staff_wide(user):
        return AdministrativeUnit.objects.all()
    return AdministrativeUnit.objects.filter(pk__in=roles.acting_unit_ids(user))


def own_first(queryset, user):
    own = roles.user_unit(user)
    if own is None:
        return queryset.order_by("name", "key")
    return queryset.annotate(_own=Case(When(pk=own.pk, then=Value(0)), default=Value(1),
                                       output_field=IntegerField())).order_by("_own", "name", "key")


# ------------------------------------------------------------------ search

def _type_prefixes():
    """Folded unit types ("xa", "phuong", "thi tran", "tinh", …): a name is "<type> <short name>",
    so "long khanh" is looked up as "xa long khanh…", "phuong long khanh…" on the indexed column."""
    prefixes = cache.get(_TYPE_PREFIXES_KEY)
    if prefixes is None:
        prefixes = sorted({fold(t) for t in AdministrativeUnit.objects.order_by().values_list("unit_type", flat=True)
                          .distinct() if t})
        cache.set(_TYPE_PREFIXES_KEY, prefixes, 3600)
    return prefixes


def search_units(queryset, text):
    """Units whose name starts with `text` (with or without diacritics, with or without the unit
    type) or whose official code starts with it. Prefix lookups on indexed columns only."""
    folded = fold(text)
    if not folded:
        return queryset
    if folded.isdigit():
        return queryset.filter(code__startswith=folded)
    condition = Q(name_folded__startswith=folded)
    for prefix in _type_prefixes():
        if not folded.startswith(prefix + " "):
            condition |= Q(name_folded__startswith=f"{prefix} {folded}")
    return queryset.filter(condition)


def former_district(unit):
    """The district a unit of before 2025 belonged to (None for current units and for provinces)."""
    parent = unit.parent if unit.parent_id else None
    if unit.is_historic and parent is not None and parent.level == UnitLevel.DISTRICT:
        return parent
    return None


def describe(unit):
    """"Xã Long Khánh A (trước 01/07/2025) — Huyện Hồng Ngự, Tỉnh Đồng Tháp · mã 29980": what a
    chooser row and a refused value say about a unit."""
    place = [str(d.name) for d in [former_district(unit)] if d is not None]
    if unit.province_id and unit.province_id != unit.pk:
        place.append(unit.province.name)
    text = str(unit)
    if place:
        text += " — " + ", ".join(place)
    return f"{text} · {_('mã')} {unit.code}"


# ------------------------------------------------------------------ form field

class UnitChoiceField(forms.ModelChoiceField):
    """A unit field limited to the units the user may act for. A unit outside them (a crafted POST)
    is refused with a Vietnamese message that names the field and the unit."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return super().to_python(value)
        except ValidationError:
            unit = AdministrativeUnit.objects.filter(pk=value).first() if str(value).isdigit() else None
            if unit is None:
                raise ValidationError(_("%(field)s: không tìm thấy đơn vị đã chọn; hãy chọn lại.")
                                      % {"field": self.label}, code="invalid_choice") from None
            raise ValidationError(
                _("%(field)s: bạn không được thao tác cho “%(unit)s”; chỉ chọn được đơn vị mình phụ trách.")
                % {"field": self.label, "unit": str(unit)}, code="invalid_choice") from None


def scope_unit_field(form, name, user, *, preselect=True):
    """Limit form field `name` to the units `user` may act for, keep its widget (the chooser), and
    pre-select the user's own unit on a new object."""
    field = form.fields.get(name)
    if field is None or user is None:
        return
    scoped = UnitChoiceField(queryset=units_user_may_act_for(user), user=user, required=field.required,
                             label=field.label, help_text=field.help_text, widget=field.widget,
                             disabled=field.disabled, initial=field.initial)
    form.fields[name] = scoped
    instance = getattr(form, "instance", None)
    if preselect and not form.is_bound and (instance is None or instance.pk is None) and not form.initial.get(name):
        own = roles.user_unit(user)
        if own is not None and may_act_for_unit(user, own.pk):
            form.initial[name] = own.pk


# ------------------------------------------------------------------ chooser views

class UnitFilterForm(BaseFilterForm):
    q = forms.CharField(label=_("Tìm theo tên (có dấu hay không dấu) hoặc mã đơn vị"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: long khanh hoặc 29980")}))
    level = forms.ChoiceField(label=_("Cấp"), required=False, choices=[("", _("Mọi cấp")), *UnitLevel.choices],
                              widget=forms.Select(attrs={"data-chooser-modal-search-filter": ""}))
    era = forms.ChoiceField(label=_("Thời kỳ"), required=False,
                            choices=[("", _("Hiện hành và trước 01/07/2025")), ("current", _("Hiện hành")),
                                     ("historic", _("Trước 01/07/2025"))],
                            widget=forms.Select(attrs={"data-chooser-modal-search-filter": ""}))

    def filter(self, objects):
        objects = super().filter(objects)
        text = self.cleaned_data.get("q")
        if text:
            objects = search_units(objects, text)
            self.is_searching = True
            self.search_query = text
        if self.cleaned_data.get("level"):
            objects = objects.filter(level=self.cleaned_data["level"])
        if self.cleaned_data.get("era") == "current":
            objects = objects.filter(valid_until__isnull=True)
        elif self.cleaned_data.get("era") == "historic":
            objects = objects.filter(valid_until__isnull=False)
        return objects


class UnitChooseMixin:
    filter_form_class = UnitFilterForm
    per_page = 20
    page_title = _("Chọn đơn vị hành chính")

    @property
    def page_subtitle(self):
        return ""

    def get_object_list(self):
        return units_user_may_act_for(self.request.user).select_related("province", "parent")

    def apply_object_list_ordering(self, objects):
        return own_first(objects, self.request.user)

    @property
    def columns(self):
        title = self.title_column
        title.label = _("Đơn vị")
        return [
            title,
            Column("code", label=_("Mã"), accessor="code"),
            Column("level", label=_("Cấp"), accessor="get_level_display"),
            Column("district", label=_("Huyện cũ"), accessor=lambda u: getattr(former_district(u), "name", "—")),
            Column("province", label=_("Tỉnh/thành phố"),
                   accessor=lambda u: u.province.name if u.province_id and u.province_id != u.pk else "—"),
        ]


class UnitChooseView(UnitChooseMixin, ChooseView):
    pass


class UnitChooseResultsView(UnitChooseMixin, ChooseResultsView):
    pass


class UnitChosenView(SnippetChosenView):
    def get_object(self, pk):
        return units_user_may_act_for(self.request.user).get(pk=pk)


class UnitChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return units_user_may_act_for(self.request.user).filter(pk__in=[pk for pk in pks if str(pk).isdigit()])

    def get_display_title(self, instance):
        return describe(instance)


class UnitChooserViewSet(SnippetChooserViewSet):
    choose_view_class = UnitChooseView
    choose_results_view_class = UnitChooseResultsView
    chosen_view_class = UnitChosenView
    chosen_multiple_view_class = UnitChosenMultipleView
    choose_one_text = _("Chọn đơn vị hành chính")
    choose_another_text = _("Chọn đơn vị khác")
    edit_item_text = _("Sửa")


# ------------------------------------------------------------------ several units in one field

class UnitMultipleChooser(forms.SelectMultiple):
    """Several units in one field (a council's scope): the chosen units listed with their province
    and code, each removable; "Thêm đơn vị" opens the unit chooser above with check boxes (scoped,
    searchable). The field's queryset still validates every posted id (see UnitsChoiceField)."""

    template_name = "units/widgets/unit_multiple_chooser.html"

    class Media:
        js = ["wagtailadmin/js/modal-workflow.js", "wagtailadmin/js/chooser-modal.js", "units/unit-multi-chooser.js"]

    def value_from_datadict(self, data, files, name):
        return [v for v in data.getlist(name) if v] if hasattr(data, "getlist") else data.get(name)

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        ids = [str(v) for v in (value or []) if str(v).isdigit()]
        units = AdministrativeUnit.objects.filter(pk__in=ids).select_related("province", "parent").order_by("name")
        context["widget"].update({
            "units": [(u.pk, describe(u)) for u in units],
            "chooser_url": reverse(AdministrativeUnit.snippet_viewset.chooser_viewset.get_url_name("choose")),
        })
        return context


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    """Several units, limited to the units the user may act for; another one is refused by name."""

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("widget", UnitMultipleChooser)
        super().__init__(*args, **kwargs)
        self.user = user

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except ValidationError:
            ids = [v for v in value if str(v).isdigit()]
            allowed = set(self.queryset.filter(pk__in=ids).values_list("pk", flat=True))
            refused = AdministrativeUnit.objects.filter(pk__in=ids).exclude(pk__in=allowed).first()
            if refused is None:
                raise ValidationError(_("%(field)s: không tìm thấy đơn vị đã chọn; hãy chọn lại.")
                                      % {"field": self.label}, code="invalid_choice") from None
            raise ValidationError(
                _("%(field)s: bạn không được thao tác cho “%(unit)s”; chỉ chọn được đơn vị mình phụ trách.")
                % {"field": self.label, "unit": str(refused)}, code="invalid_choice") from None


def scope_units_field(form, name, user):
    """Limit the many-units field `name` to the units `user` may act for, with the multiple chooser."""
    field = form.fields.get(name)
    if field is None or user is None:
        return
    form.fields[name] = UnitsChoiceField(queryset=units_user_may_act_for(user), user=user, required=field.required,
                                         label=field.label, help_text=field.help_text, initial=field.initial)
