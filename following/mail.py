"""The two messages: the confirmation (double opt-in) and the weekly digest. Both plain text, in
Vietnamese. Every digest carries the unsubscribe link in its body and the RFC 8058 headers
(List-Unsubscribe with the https link, List-Unsubscribe-Post: List-Unsubscribe=One-Click), so a mail
client's "unsubscribe" button works in one click without opening the site."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .tokens import confirm_token, unsubscribe_token


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def target_url(subscription):
    target = subscription.target
    if subscription.kind == "unit":
        return absolute(reverse("units:detail", args=[target.key]))
    return absolute(target.url or "/")


def target_title(subscription):
    target = subscription.target
    return target.name if subscription.kind == "unit" else target.title


def unsubscribe_url(subscription):
    return absolute(reverse("following:unsubscribe", args=[unsubscribe_token(subscription)]))


def _message(subscription, subject, template, context):
    link = unsubscribe_url(subscription)
    context = {"title": target_title(subscription), "target_url": target_url(subscription),
               "kind": subscription.get_kind_display(), "unsubscribe_url": link, **context}
    body = render_to_string(template, context)
    return EmailMessage(subject, body, to=[subscription.email], headers={
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    })


def confirmation_message(subscription):
    with translation.override(subscription.language or "vi"):
        from django.utils.translation import gettext as _

        link = absolute(reverse("following:confirm", args=[confirm_token(subscription)]))
        return _message(subscription, _("[Nhân Rộng] Xác nhận theo dõi: %s") % target_title(subscription),
                        "following/email_confirm.txt", {"confirm_url": link})


def digest_message(subscription, digest, since, until):
    with translation.override("vi"):  # the digest is in Vietnamese (issue 19)
        from django.utils.translation import gettext as _

        return _message(subscription, _("[Nhân Rộng] Tin mới trong tuần: %s") % target_title(subscription),
                        "following/email_digest.txt", {"digest": digest, "since": since, "until": until,
                                                        "site_url": settings.SITE_URL})
