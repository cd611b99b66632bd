"""A honeypot for public forms: a text field people never see (hidden by CSS, out of the tab order,
labelled "leave empty") that simple bots fill in. A form sent with it filled is answered as if it
succeeded, and nothing is done, so the bot learns nothing.

    class FollowForm(HoneypotForm): ...
    if form.is_spam(): return the same success page, send nothing
"""

from django import forms
from django.utils.translation import gettext_lazy as _

FIELD = "website"


class HoneypotForm(forms.Form):
    website = forms.CharField(
        label=_("Để trống ô này"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def is_spam(self):
        value = self.data.get(FIELD, "") if hasattr(self.data, "get") else ""
        return bool(str(value).strip())
