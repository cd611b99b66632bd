from django import forms
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from core.roles import is_staff_wide, user_unit

from .authorship import shares_error


class InitiativePageForm(WagtailAdminPageForm):
    """A commune officer can only register initiatives of their own unit: the unit field offers
    only that unit, and the server refuses any other value posted."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        area = self.fields.get("reform_area")
        if area is not None:  # a plain list of the few areas instead of a modal snippet chooser
            area.widget = forms.Select(choices=area.choices)
        # The unit chooser lists the units the user may act for, their own pre-selected.
        from units.choosers import scope_unit_field

        scope_unit_field(self, "origin_unit", self.for_user)

    def clean_origin_unit(self):
        unit = self.cleaned_data.get("origin_unit")
        user = self.for_user
        if user is not None and not is_staff_wide(user):
            own = user_unit(user)
            if own is None:
                raise forms.ValidationError(_("Tài khoản của bạn chưa được gán đơn vị công tác."))
            if unit is None or unit.pk != own.pk:
                raise forms.ValidationError(_("Bạn chỉ được đăng ký sáng kiến của đơn vị mình (%(unit)s).")
                                            % {"unit": own})
        return unit

    def is_valid(self):
        # The child formsets are cleaned after the page form's clean(), so the cross-row rule on
        # the authors runs here, once every row has its cleaned data.
        valid = super().is_valid()
        return self._check_author_shares() and valid

    def _check_author_shares(self):
        """The co-authors' shares add up to 100 (Decree 13/2012/NĐ-CP, Regulation Art. 5(3)(b)); the
        error is shown on each author's share field, and the page is not saved."""
        formset = getattr(self, "formsets", {}).get("authors")
        if formset is None:
            return True
        kept = [form for form in formset.forms
                if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")]
        if any(form.errors for form in kept):
            return True
        message = shares_error([form.cleaned_data.get("contribution_pct") for form in kept])
        if message:
            for form in kept:
                form.add_error("contribution_pct", message)
            self.add_error(None, message)
            return False
        return True
