"""Public forms of campaigns: the verification form of /xac-minh/."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


class VerifyForm(forms.Form):
    credential = forms.CharField(label=_("Dán chứng chỉ số (JWT hoặc JSON)"), required=False, max_length=200_000,
                                 widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}))
    pdf = forms.FileField(label=_("Hoặc chọn tệp giấy chứng nhận (PDF)"), required=False)

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if upload is None:
            return None
        if upload.size > settings.VERIFY_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa %(max)s).") % {
                "max": filesizeformat(settings.VERIFY_UPLOAD_MAX_BYTES)})
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("Tệp không phải PDF."))
        return upload
