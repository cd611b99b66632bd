from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from units.models import AdministrativeUnit


class PeerGroupForm(WagtailAdminModelForm):
    """Members are entered as unit codes/keys (there are thousands of units: no giant select)."""

    unit_keys = forms.CharField(label=_("Đơn vị thành viên"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                                help_text=_("Mỗi dòng một mã đơn vị (khoá), ví dụ 29950 hoặc h29980."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["unit_keys"].initial = "\n".join(self.instance.units.values_list("key", flat=True))

    def clean_unit_keys(self):
        keys = [line.strip() for line in self.cleaned_data["unit_keys"].splitlines() if line.strip()]
        units = {u.key: u for u in AdministrativeUnit.objects.filter(key__in=keys)}
        missing = [f"{i}: {key}" for i, key in enumerate(keys, start=1) if key not in units]
        if missing:
            raise forms.ValidationError(_("Không tìm thấy đơn vị ở dòng %(rows)s.") % {"rows": ", ".join(missing)})
        return list(units.values())

    def save(self, commit=True):
        instance = super().save(commit=commit)
        if commit:
            instance.units.set(self.cleaned_data["unit_keys"])
        return instance


class PersonForm(WagtailAdminModelForm):
    """The workplace is entered as a unit key (thousands of units: no giant select)."""

    workplace_key = forms.CharField(label=_("Mã đơn vị công tác"), required=False,
                                    help_text=_("Khoá đơn vị, ví dụ 29950."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.workplace_unit_id:
            self.fields["workplace_key"].initial = self.instance.workplace_unit.key

    def clean_workplace_key(self):
        key = self.cleaned_data["workplace_key"].strip()
        if not key:
            return None
        unit = AdministrativeUnit.objects.filter(key=key).first()
        if unit is None:
            raise forms.ValidationError(_("Không tìm thấy đơn vị có mã “%(key)s”.") % {"key": key})
        return unit

    def save(self, commit=True):
        self.instance.workplace_unit = self.cleaned_data["workplace_key"]
        return super().save(commit=commit)


class ProposeAwardForm(forms.Form):
    """Only kinds that can be awarded today are offered (historic kinds stay readable, not proposable)."""

    kind = forms.ModelChoiceField(label=_("Danh hiệu thi đua, hình thức khen thưởng"), queryset=None,
                                  to_field_name="code")
    person = forms.ModelChoiceField(label=_("Cá nhân được khen"), required=False, queryset=None)
    unit_key = forms.CharField(label=_("Hoặc mã đơn vị được khen"), required=False)
    office = forms.CharField(label=_("Hoặc cơ quan, tập thể"), required=False, max_length=200)
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=2000, max_value=2100, required=False,
                              help_text=_("Trống: năm nay."))
    citation = forms.CharField(label=_("Thành tích"), widget=forms.Textarea(attrs={"rows": 3}))
    issuer_name = forms.CharField(label=_("Cấp quyết định"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        from django.utils import timezone

        from .models import CommendationKind, Person

        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = CommendationKind.proposable()
        self.fields["person"].queryset = Person.objects.select_related("workplace_unit")
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} — {p.workplace or '—'}"
        self.fields["year"].initial = timezone.localdate().year

    def clean_unit_key(self):
        key = self.cleaned_data["unit_key"].strip()
        if not key:
            return None
        unit = AdministrativeUnit.objects.filter(key=key).first()
        if unit is None:
            raise forms.ValidationError(_("Không tìm thấy đơn vị có mã “%(key)s”.") % {"key": key})
        return unit


class EligibilityForm(forms.Form):
    """The proposer checks the criteria the data shows before proposing."""

    kind = forms.ModelChoiceField(label=_("Danh hiệu, hình thức"), queryset=None, to_field_name="code")
    person = forms.ModelChoiceField(label=_("Cá nhân"), required=False, queryset=None)
    unit_key = forms.CharField(label=_("Hoặc mã đơn vị"), required=False)
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        from .models import CommendationKind, Person

        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = CommendationKind.proposable()
        self.fields["person"].queryset = Person.objects.all()

    clean_unit_key = ProposeAwardForm.clean_unit_key


class ConfirmAwardForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                                    widget=forms.DateInput(attrs={"type": "date"}))


class RevokeAwardForm(forms.Form):
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=300)
