"""Every change of an initiative's status is a named action here: it checks permission, writes
atomically, records who and when, and sends side effects on commit. Views, admin hooks, the API
and commands all call these functions, so they behave identically."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.audit import audit
from core.roles import can_act_for_unit, is_staff_wide

from .models import ApplicationReceipt, InitiativePage, StatusChange
from .signals import recognition_changed, status_changed  # noqa: F401  (re-exported)
from .status import InitiativeStatus, RecognitionLevel, can_move

logger = logging.getLogger("nhanrong.initiatives")

# The audit action name of each move (labelled for the History views in wagtail_hooks.py).
STATUS_ACTIONS = {
    InitiativeStatus.SUBMITTED: "nhanrong.initiative.submit",
    InitiativeStatus.UNDER_APPRAISAL: "nhanrong.initiative.start_appraisal",
    InitiativeStatus.RETURNED: "nhanrong.initiative.return",
    InitiativeStatus.RECOGNISED: "nhanrong.initiative.recognise",
    InitiativeStatus.NOT_RECOGNISED: "nhanrong.initiative.reject",
}



def _move(initiative, to_status, actor, note="", level=""):
    with transaction.atomic():
        locked = InitiativePage.objects.select_for_update().get(pk=initiative.pk)
        from_status = locked.status
        if not can_move(from_status, to_status):
            raise ValidationError(
                _("Không thể chuyển sáng kiến từ “%(from)s” sang “%(to)s”.")
                % {"from": InitiativeStatus(from_status).label, "to": InitiativeStatus(to_status).label}
            )
        updates = {"status": to_status}
        if to_status == InitiativeStatus.RECOGNISED:
            updates["recognition_level"] = level
        # Update the row directly: the page's draft content stays as the author left it.
        InitiativePage.objects.filter(pk=locked.pk).update(**updates)
        StatusChange.objects.create(initiative=locked, from_status=from_status, to_status=to_status,
                                    recognition_level=level, actor=actor, note=note)
        # The audit row in Wagtail's log: the page's History shows who moved it, when, and why.
        audit(locked, STATUS_ACTIONS[to_status], actor, note=note,
              data={"from": from_status, "to": to_status, "level": level})
        for field, value in updates.items():
            setattr(initiative, field, value)
        logger.info("initiative %s: %s -> %s by %s", locked.pk, from_status, to_status, getattr(actor, "pk", None))
        transaction.on_commit(lambda: status_changed.send(
            sender=InitiativePage, initiative_id=locked.pk, from_status=from_status, to_status=to_status,
            actor_id=getattr(actor, "pk", None)))
    return initiative


def submit_initiative(user, initiative, note=""):
    """The originating unit (or staff) sends a draft or returned initiative for appraisal."""
    if not can_act_for_unit(user, initiative.origin_unit_id):
        raise PermissionDenied(_("Bạn chỉ được gửi sáng kiến của đơn vị mình."))
    if not initiative.summary.strip():
        raise ValidationError(_("Sáng kiến cần có phần tóm tắt trước khi gửi thẩm định."))
    receipt = getattr(initiative, "receipt", None) if initiative.pk else None
    today = timezone.localdate()
    # The application as the officer last saved it (the draft revision) is what is submitted.
    latest = initiative.get_latest_revision_as_object() if initiative.pk else initiative
    latest.clean_application(received_on=receipt.received_on if receipt else today)
    with transaction.atomic():
        _move(initiative, InitiativeStatus.SUBMITTED, user, note)
        if receipt is None:
            issue_receipt(user, initiative, today)
    return initiative


def issue_receipt(user, initiative, day):
    """The receipt of the application (Circular 18/2013/TT-BKHCN Art. 6(1)(a), Annex II), once, on the
    first submission; a resubmission after a return keeps the first receipt (the clock resumes)."""
    unit = initiative.origin_unit
    authors = [a.full_name for a in initiative.get_latest_revision_as_object().authors.all()]
    receipt, created = ApplicationReceipt.objects.get_or_create(initiative=initiative, defaults={
        "number": f"tmp-{initiative.pk}", "received_on": day, "received_by": user,
        "receiving_body": initiative.owning_office or unit.name,
        "applicant": ", ".join(authors) or (initiative.owning_office or unit.name)})
    if created:
        receipt.number = f"{receipt.pk:05d}/BN-{day.year}"
        receipt.save(update_fields=["number"])
        log(initiative, "nhanrong.recognition.receipt", user=user,
            data={"receipt": receipt.number, "received_on": day.isoformat()})
    return receipt


def _require_staff(user):
    if not is_staff_wide(user):
        raise PermissionDenied(_("Chỉ hội đồng hoặc biên tập viên được thực hiện thao tác này."))


def start_appraisal(user, initiative, note="", *, authorised=False):
    """Authorised=True when the caller (an appraisal action) already checked the council's rights."""
    if not authorised:
        _require_staff(user)
    return _move(initiative, InitiativeStatus.UNDER_APPRAISAL, user, note)


def return_for_changes(user, initiative, note, *, authorised=False):
    if not authorised:
        _require_staff(user)
    return _move(initiative, InitiativeStatus.RETURNED, user, note)


def recognise_initiative(user, initiative, level, note="", *, authorised=False):
    if not authorised:
        _require_staff(user)
    if level not in RecognitionLevel.values:
        raise ValidationError(_("Cấp công nhận không hợp lệ."))
    return _move(initiative, InitiativeStatus.RECOGNISED, user, note, level=level)


def reject_initiative(user, initiative, note="", *, authorised=False):
    if not authorised:
        _require_staff(user)
    return _move(initiative, InitiativeStatus.NOT_RECOGNISED, user, note)
