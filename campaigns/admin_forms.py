from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from units.lookup import resolve_unit

from .models import AwardKind


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


class ProposeAwardForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức khen thưởng"), choices=AwardKind.choices)
    unit_key = forms.CharField(label=_("Đơn vị được khen"), required=False,
                               help_text=_("Mã đơn vị chính thức hoặc tên, ví dụ 29950 hoặc Xã Long Khánh A."))
    office = forms.CharField(label=_("Hoặc cơ quan, tập thể"), required=False, max_length=200)
    citation = forms.CharField(label=_("Thành tích"), widget=forms.Textarea(attrs={"rows": 3}))
    issuer_name = forms.CharField(label=_("Cấp quyết định"), required=False, max_length=200)

    def clean_unit_key(self):
        text = self.cleaned_data["unit_key"].strip()
        if not text:
            return None
        return resolve_unit(text, self.fields["unit_key"].label)


class ConfirmAwardForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                                    widget=forms.DateInput(attrs={"type": "date"}))


class RevokeAwardForm(forms.Form):
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=300)
