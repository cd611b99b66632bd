from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from units.models import AdministrativeUnit

from .models import AwardKind


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


class ProposeAwardForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức khen thưởng"), choices=AwardKind.choices)
    unit_key = forms.CharField(label=_("Mã đơn vị được khen"), required=False)
    office = forms.CharField(label=_("Hoặc cơ quan, tập thể"), required=False, max_length=200)
    citation = forms.CharField(label=_("Thành tích"), widget=forms.Textarea(attrs={"rows": 3}))
    issuer_name = forms.CharField(label=_("Cấp quyết định"), required=False, max_length=200)

    def clean_unit_key(self):
        key = self.cleaned_data["unit_key"].strip()
        if not key:
            return None
        unit = AdministrativeUnit.objects.filter(key=key).first()
        if unit is None:
            raise forms.ValidationError(_("Không tìm thấy đơn vị có mã “%(key)s”.") % {"key": key})
        return unit


class ConfirmAwardForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                                    widget=forms.DateInput(attrs={"type": "date"}))


class RevokeAwardForm(forms.Form):
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=300)
