"""“Đơn vị muốn áp dụng mô hình này”: a unit that wants to adopt a public initiative writes to the
unit that owns it. The message reaches the origin unit's active commune officers (of the unit, or
of today's unit it was merged into) by e-mail; their addresses are never shown to the sender. The
sender's address is put in Reply-To only when they tick the consent box; otherwise it is not sent
at all. Rate-limited per client address (CONTACT_RATE), honeypot-checked (core/spam.py)."""

from django import forms
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.audit import audit
from core.spam import HoneypotForm


class ContactForm(HoneypotForm):
    name = forms.CharField(label=_("Họ và tên"), max_length=120,
                           error_messages={"required": _("Họ và tên: hãy cho biết tên của bạn.")})
    organisation = forms.CharField(label=_("Đơn vị của bạn"), max_length=200,
                                   error_messages={"required": _("Đơn vị của bạn: hãy cho biết đơn vị muốn áp dụng.")})
    email = forms.EmailField(label=_("Thư điện tử của bạn"), max_length=254, required=False,
                             error_messages={"invalid": _("Thư điện tử: địa chỉ không đúng dạng (ví dụ ten@example.vn).")})
    message = forms.CharField(label=_("Nội dung"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}),
                              error_messages={"required": _("Nội dung: hãy viết điều bạn muốn hỏi hoặc đề nghị.")})
    consent_reply = forms.BooleanField(
        label=_("Tôi đồng ý cho đơn vị biết địa chỉ thư của tôi để trả lời"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("consent_reply") and not data.get("email"):
            self.add_error("email", _("Thư điện tử: hãy nhập địa chỉ để đơn vị trả lời, hoặc bỏ chọn ô đồng ý."))
        return data


def _officers(unit):
    """Active commune officers of the origin unit or of a unit of today it was merged into (one query)."""
    from django.contrib.auth import get_user_model

    from core import roles

    return (get_user_model().objects.filter(is_active=True, groups__name=roles.COMMUNE_OFFICERS)
            .filter(Q(affiliation__unit=unit) | Q(affiliation__unit__predecessors=unit)).exclude(email=""))


def officer_emails(unit):
    return sorted(set(_officers(unit).values_list("email", flat=True)))


def reachable(unit):
    return _officers(unit).exists()


def public_contact(unit):
    from .models import UnitContact

    return UnitContact.objects.filter(unit=unit).first()


def send_contact(initiative, cleaned):
    """The named action: one e-mail to the origin unit's officers (Bcc: they do not see each other),
    an audit row on the initiative page naming the sender's unit (never an address). False when the
    unit has no officer with an address."""
    recipients = officer_emails(initiative.origin_unit)
    if not recipients:
        return False
    with translation.override("vi"):
        from django.utils.translation import gettext as _t

        body = render_to_string("following/email_contact.txt", {
            "initiative": initiative, "data": cleaned,
            "url": settings.SITE_URL.rstrip("/") + (initiative.url or "/")})
        subject = _t("[Nhân Rộng] %(organisation)s muốn áp dụng “%(title)s”") % {
            "organisation": cleaned["organisation"], "title": initiative.title}
    reply_to = [cleaned["email"]] if cleaned.get("consent_reply") and cleaned.get("email") else []
    message = EmailMessage(subject, body, to=[], bcc=recipients, reply_to=reply_to,
                           headers={"Auto-Submitted": "auto-generated"})
    with transaction.atomic():
        audit(initiative, "nhanrong.following.contact",
              data={"organisation": cleaned["organisation"][:200], "reply_consented": bool(reply_to)})
        transaction.on_commit(lambda: _send(message))
    return True


def _send(message):
    with get_connection() as connection:
        connection.send_messages([message])
