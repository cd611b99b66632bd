from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from units.lookup import resolve_unit


def unit_line(unit):
    """How a member unit is written back into the text area: code, then name (both read back)."""
    return f"{unit.code} {unit}"


class PeerGroupForm(WagtailAdminModelForm):
    """Members are entered as unit codes/keys (there are thousands of units: no giant select)."""

    unit_keys = forms.CharField(label=_("Đơn vị thành viên"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                                help_text=_("Mỗi dòng một đơn vị: mã chính thức hoặc tên, ví dụ 29950 hoặc Xã Long "
                                            "Khánh A (trước 01/07/2025)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["unit_keys"].initial = "\n".join(
                unit_line(u) for u in self.instance.units.order_by("name"))

    def clean_unit_keys(self):
        lines = [line.strip() for line in self.cleaned_data["unit_keys"].splitlines() if line.strip()]
        units, problems = {}, []
        for number, line in enumerate(lines, start=1):
            try:
                unit = resolve_unit(line, _("Dòng %(n)s") % {"n": number})
            except forms.ValidationError as error:
                problems.extend(error.messages)
            else:
                units[unit.pk] = unit
        if problems:
            raise forms.ValidationError(problems)
        return list(units.values())

    def save(self, commit=True):
        instance = super().save(commit=commit)
        if commit:
            instance.units.set(self.cleaned_data["unit_keys"])
        return instance


class PersonForm(WagtailAdminModelForm):
    """The workplace is entered as a unit key (thousands of units: no giant select)."""

    workplace_key = forms.CharField(label=_("Đơn vị công tác"), required=False,
                                    help_text=_("Mã đơn vị chính thức hoặc tên, ví dụ 29950 hoặc Xã Long Khánh A."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.workplace_unit_id:
            self.fields["workplace_key"].initial = unit_line(self.instance.workplace_unit)
        if "author_records" in self.fields:  # "Name (70%) — initiative" (the page, not only the share)
            field = self.fields["author_records"]
            field.queryset = field.queryset.select_related("page").order_by("full_name", "page__title")
            field.label_from_instance = lambda a: f"{a.full_name} ({a.share_display}) — {a.page.title}"
            field.help_text = _("Tác giả, đồng tác giả được nêu trong đơn yêu cầu công nhận sáng kiến; sáng kiến "
                                "được công nhận là căn cứ gợi ý tiêu chuẩn danh hiệu thi đua.")

    def clean_workplace_key(self):
        text = self.cleaned_data["workplace_key"].strip()
        if not text:
            return None
        return resolve_unit(text, self.fields["workplace_key"].label)

    def save(self, commit=True):
        self.instance.workplace_unit = self.cleaned_data["workplace_key"]
        return super().save(commit=commit)


class ProposeAwardForm(forms.Form):
    """Only kinds that can be awarded today are offered (historic kinds stay readable, not proposable)."""

    kind = forms.ModelChoiceField(label=_("Danh hiệu thi đua, hình thức khen thưởng"), queryset=None,
                                  to_field_name="code")
    person = forms.ModelChoiceField(label=_("Cá nhân được khen"), required=False, queryset=None)
    unit_key = forms.CharField(label=_("Hoặc đơn vị được khen"), required=False,
                               help_text=_("Mã đơn vị chính thức hoặc tên, ví dụ 29950 hoặc Xã Long Khánh A."))
    office = forms.CharField(label=_("Hoặc cơ quan, tập thể"), required=False, max_length=200)
    initiative = forms.ModelChoiceField(label=_("Hoặc sáng kiến, mô hình được khen"), required=False, queryset=None)
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=2000, max_value=2100, required=False,
                              help_text=_("Trống: năm nay."))
    citation = forms.CharField(label=_("Thành tích"), widget=forms.Textarea(attrs={"rows": 3}))
    issuer_name = forms.CharField(label=_("Cấp quyết định"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        from django.utils import timezone

        from .models import CommendationKind, Person

        from initiatives.choosers import initiative_chooser_viewset, live_initiative_widget
        from wagtail.snippets.widgets import AdminSnippetChooser

        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = CommendationKind.proposable()
        self.fields["person"].queryset = Person.objects.select_related("workplace_unit")
        # Persons and initiatives are chosen in searchable modals, never from a page-long list.
        self.fields["person"].widget = AdminSnippetChooser(Person, choose_one_text=_("Chọn cá nhân"),
                                                           choose_another_text=_("Chọn cá nhân khác"))
        self.fields["initiative"].queryset = initiative_chooser_viewset.model.objects.live()
        self.fields["initiative"].widget = live_initiative_widget()
        self.fields["year"].initial = timezone.localdate().year

    def clean_unit_key(self):
        text = self.cleaned_data["unit_key"].strip()
        if not text:
            return None
        return resolve_unit(text, self.fields["unit_key"].label)


class EligibilityForm(forms.Form):
    """The proposer checks the criteria the data shows before proposing."""

    kind = forms.ModelChoiceField(label=_("Danh hiệu, hình thức"), queryset=None, to_field_name="code")
    person = forms.ModelChoiceField(label=_("Cá nhân"), required=False, queryset=None)
    unit_key = forms.CharField(label=_("Hoặc mã đơn vị"), required=False)
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        from .models import CommendationKind, Person

        from wagtail.snippets.widgets import AdminSnippetChooser

        kwargs.setdefault("auto_id", "check_%s")  # beside the proposal form on the same page
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = CommendationKind.proposable()
        self.fields["person"].queryset = Person.objects.all()
        self.fields["person"].widget = AdminSnippetChooser(Person, choose_one_text=_("Chọn cá nhân"),
                                                           choose_another_text=_("Chọn cá nhân khác"))

    clean_unit_key = ProposeAwardForm.clean_unit_key


class ConfirmAwardForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                                    widget=forms.DateInput(attrs={"type": "date"}))


class RevokeAwardForm(forms.Form):
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=300)
