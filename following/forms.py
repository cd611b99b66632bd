from django import forms
from django.utils.translation import gettext_lazy as _

from core.spam import HoneypotForm

from .models import TargetKind


class FollowForm(HoneypotForm):
    email = forms.EmailField(label=_("Thư điện tử của bạn"), max_length=254,
                             error_messages={"required": _("Thư điện tử: hãy nhập địa chỉ thư của bạn."),
                                             "invalid": _("Thư điện tử: địa chỉ không đúng dạng (ví dụ ten@example.vn).")})
    kind = forms.ChoiceField(choices=TargetKind.choices, widget=forms.HiddenInput)
    target = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
