"""Admin forms for adoptions and observations. They only collect input: saving goes through
rollout.actions (see admin_views), so the admin follows the same rules as every other path."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from core.formatting import format_number
from initiatives.models import InitiativePage
from units.choosers import scope_unit_field

from .models import Adoption, AdoptionStatus
from .periods import Period


def _parse_period(text):
    try:
        from .importing.parsing import parse_period  # accepts "Quý 1/2024", "6 tháng đầu năm 2024"…
    except ImportError:  # pragma: no cover - the importer is part of the product
        parse_period = Period.from_key
    return parse_period(text)


class AdoptionAdminForm(WagtailAdminModelForm):
    status_note = forms.CharField(label=_("Ghi chú khi đổi trạng thái"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    status_date = forms.DateField(label=_("Ngày hiệu lực của trạng thái"), required=False,
                                  help_text=_("Để trống: hôm nay."))

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        scope_unit_field(self, "unit", for_user)
        if "initiative" in self.fields:
            self.fields["initiative"].queryset = InitiativePage.objects.live().order_by("title")
        if self.instance.pk:
            # Who adopts what is fixed once recorded; record a new adoption instead.
            for name in ("initiative", "unit"):
                if name in self.fields:
                    self.fields[name].disabled = True
            if "replicated_from_adoption" in self.fields:
                self.fields["replicated_from_adoption"].queryset = Adoption.objects.filter(
                    initiative_id=self.instance.initiative_id).exclude(pk=self.instance.pk).select_related("unit")
        elif "replicated_from_adoption" in self.fields:
            # any adoption of the chosen initiative (checked against it by the action)
            self.fields["replicated_from_adoption"].queryset = Adoption.objects.select_related("unit", "initiative")
        if "status" in self.fields and not self.instance.pk:
            self.fields["status"].initial = AdoptionStatus.PLANNED

    def validate_unique(self):
        """The action reports duplicates in Vietnamese (and under a lock); skip the model check here."""

    def _post_clean(self):
        # Keep the form from writing into self.instance: the views read the stored values to
        # decide which actions to call.
        pass


class ObservationAdminForm(WagtailAdminModelForm):
    # Typed the Vietnamese way ("96,5", "9.470", "98,9%"), read by the importer's parser.
    value = forms.CharField(label=_("Giá trị"), max_length=40, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                            help_text=_("Ví dụ: 96,5 ; 98,9% ; 9.470. Với tỷ lệ có thể để trống và nhập tử số, "
                                        "mẫu số: tỷ lệ được tính từ hai số đó và cộng gộp được."))
    numerator = forms.CharField(label=_("Tử số"), max_length=40, required=False,
                                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                                help_text=_("Chỉ với tỷ lệ, ví dụ số hồ sơ giải quyết đúng hạn: 9.315"))
    denominator = forms.CharField(label=_("Mẫu số"), max_length=40, required=False,
                                  widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                                  help_text=_("Chỉ với tỷ lệ, ví dụ tổng số hồ sơ đã giải quyết: 9.470"))
    period_text = forms.CharField(
        label=_("Kỳ"), max_length=40,
        help_text=_("Ví dụ: 2023 ; Quý 1/2024 ; 6 tháng đầu năm 2024 ; T3/2024 ; 11 tháng năm 2020"))

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        scope_unit_field(self, "unit", for_user)
        if self.instance.pk:
            self.initial["value"] = format_number(self.instance.value.normalize())
            for name in ("numerator", "denominator"):
                stored = getattr(self.instance, name)
                self.initial[name] = format_number(stored.normalize()) if stored is not None else ""
            self.fields["period_text"].initial = self.instance.period.label_vi
            for name in ("unit", "metric", "adoption", "period_text"):
                if name in self.fields:
                    self.fields[name].disabled = True
        if "adoption" in self.fields and for_user is not None:
            from .choosers import adoptions_user_may_act_for

            # the chooser lists the user's units' adoptions; a crafted POST of another is refused here
            self.fields["adoption"].queryset = adoptions_user_may_act_for(for_user).select_related("unit", "initiative")

    def _number(self, name):
        from .importing.parsing import parse_number

        try:
            return parse_number(self.cleaned_data.get(name))
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def clean_value(self):
        return self._number("value")

    def clean_numerator(self):
        return self._number("numerator")

    def clean_denominator(self):
        return self._number("denominator")

    def clean(self):
        from .actions.values import period_errors

        data = super().clean()
        if data.get("value") is None and data.get("numerator") is None and data.get("denominator") is None \
                and not self.errors.get("value"):
            self.add_error("value", _("Hãy nhập giá trị, hoặc tử số và mẫu số của tỷ lệ."))
        # The period's own rule (not in the future; not after a merged unit ended), the action's check,
        # said under the field and together with the other fields' errors.
        if not self.instance.pk and data.get("period_text") is not None:
            for reason in period_errors(data["period_text"], data.get("unit")):
                self.add_error("period_text", reason)
        return data

    def clean_period_text(self):
        if self.instance.pk:
            return self.instance.period
        try:
            return _parse_period(self.cleaned_data["period_text"])
        except ValueError as error:
            raise ValidationError(str(error) or _("Không đọc được kỳ báo cáo."))

    def validate_unique(self):
        """Entering an existing unit/metric/period again updates it (the action keeps history)."""

    def _post_clean(self):
        pass
