"""Irreversible steps (lock scoring, record a decision, revoke an award, delete an observation) go
through a confirmation page that says what will happen and to whom. The page carries a signed token
bound to the user, the step and the object; the step's view refuses a POST without a valid token, so
a crafted POST cannot skip the page. The step itself is still the app's named action.

    if not is_confirmed(request, "revoke_award", award.pk):
        return confirmation_page(request, "revoke_award", award.pk, title=…, consequences=[…], …)
    revoke_award(request.user, award, …)
"""

from django.core import signing
from django.template.response import TemplateResponse

FIELD = "confirmation"
SALT = "nhanrong.confirmation"
MAX_AGE = 2 * 3600  # a confirmation page left open longer is shown again


def token_for(user, step, object_id):
    return signing.dumps({"u": user.pk, "s": step, "o": str(object_id)}, salt=SALT)


def is_confirmed(request, step, object_id):
    token = request.POST.get(FIELD, "")
    if not token:
        return False
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    return data == {"u": request.user.pk, "s": step, "o": str(object_id)}


def confirmation_page(request, step, object_id, *, title, subtitle="", consequences=(), recipients=(),
                      confirm_label, cancel_url, action_url=None, carry=None, serious=True):
    """The page asking to confirm `step` on `object_id`. `consequences`: sentences saying what will
    happen; `recipients`: who is affected or told; `carry`: posted fields sent again with the token
    (default: every posted field but the CSRF token)."""
    if carry is None:
        carry = [(key, value) for key in request.POST if key not in ("csrfmiddlewaretoken", FIELD)
                 for value in request.POST.getlist(key)]
    return TemplateResponse(request, "core/confirm.html", {
        "page_title": title, "page_subtitle": subtitle, "header_icon": "warning", "title": title,
        "subtitle": subtitle, "consequences": list(consequences), "recipients": list(recipients),
        "confirm_label": confirm_label, "cancel_url": cancel_url, "action_url": action_url or request.path,
        "carry": carry, "token": token_for(request.user, step, object_id), "field": FIELD, "serious": serious,
    })
