"""Notifications of the appraisal app. Tasks take ids, re-fetch, and mark what they sent, so a
retried task sends nothing twice. E-mail goes through Django's mail (console backend in dev)."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django.utils.translation import gettext as _
from core.formatting import person_name

logger = logging.getLogger("nhanrong.appraisal")


def _admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(messages):
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)


def _officer_emails(unit_id):
    from django.contrib.auth import get_user_model

    from core import roles

    return list(get_user_model().objects.filter(
        affiliation__unit_id=unit_id, is_active=True, groups__name=roles.COMMUNE_OFFICERS)
        .exclude(email="").values_list("email", flat=True).distinct())


@shared_task
def notify_assignments(assignment_ids):
    from django.urls import reverse

    from .models import Assignment

    pending = (Assignment.objects.filter(pk__in=assignment_ids, notified_at__isnull=True, recused_at__isnull=True)
               .select_related("member", "entry__initiative", "entry__round__council"))
    messages, sent = [], []
    for assignment in pending:
        sent.append(assignment.pk)
        if not assignment.member.email:
            continue
        appraisal_round = assignment.entry.round
        body = _(
            "Kính gửi %(name)s,\n\n%(council)s phân công đồng chí chấm sáng kiến “%(title)s” "
            "trong %(round)s.\nHạn chấm: %(soft)s (hạn chót %(hard)s).\nPhiếu chấm: %(url)s\n"
        ) % {"name": person_name(assignment.member),
             "council": appraisal_round.council, "title": assignment.entry.initiative.title,
             "round": appraisal_round, "soft": appraisal_round.soft_deadline.strftime("%d/%m/%Y"),
             "hard": appraisal_round.hard_deadline.strftime("%d/%m/%Y"),
             "url": _admin_url(reverse("appraisal_work:score", args=[assignment.pk]))}
        messages.append(EmailMessage(_("[Nhân Rộng] Phân công chấm sáng kiến: %s") % assignment.entry.initiative.title,
                                     body, to=[assignment.member.email]))
    _send(messages)
    Assignment.objects.filter(pk__in=sent).update(notified_at=timezone.now())
    logger.info("assignment notifications: %s sent", len(messages))


@shared_task
def notify_decision(decision_id):
    from .models import Decision

    decision = (Decision.objects.filter(pk=decision_id, notified_at__isnull=True)
                .select_related("entry__initiative", "entry__round__council").first())
    if decision is None:
        return
    page = decision.entry.initiative
    lines = [_("%(council)s đã có quyết định về sáng kiến “%(title)s”.")
             % {"council": decision.entry.round.council, "title": page.title},
             _("Kết quả: %(outcome)s%(level)s") % {
                 "outcome": decision.get_outcome_display(),
                 "level": f" — {decision.get_level_display()}" if decision.level else ""},
             _("Quyết định số %(number)s ngày %(date)s.") % {
                 "number": decision.decision_number, "date": decision.decision_date.strftime("%d/%m/%Y")},
             "", decision.reasoning]
    messages = [EmailMessage(_("[Nhân Rộng] Kết quả thẩm định: %s") % page.title, "\n".join(lines), to=[email])
                for email in _officer_emails(page.origin_unit_id)]
    _send(messages)
    Decision.objects.filter(pk=decision.pk).update(notified_at=timezone.now())
    logger.info("decision %s: %s officers notified", decision.pk, len(messages))


@shared_task
def notify_clarification(request_id):
    from .models import ClarificationRequest

    request = (ClarificationRequest.objects.filter(pk=request_id)
               .select_related("entry__initiative", "entry__round__council").first())
    if request is None or request.answered_at is not None or request.notified_at is not None:
        return
    page = request.entry.initiative
    body = _("%(council)s đề nghị đơn vị bổ sung thông tin cho sáng kiến “%(title)s” trước ngày "
             "%(deadline)s:\n\n%(questions)s\n\nSau khi sửa sáng kiến, hãy trả lời và gửi lại tại %(url)s\n") % {
        "council": request.entry.round.council, "title": page.title,
        "deadline": request.deadline.strftime("%d/%m/%Y"), "questions": request.questions,
        "url": _admin_url("/admin/appraisal-clarifications/")}
    messages = [EmailMessage(_("[Nhân Rộng] Yêu cầu bổ sung: %s") % page.title, body, to=[email])
                for email in _officer_emails(page.origin_unit_id)]
    _send(messages)
    ClarificationRequest.objects.filter(pk=request.pk).update(notified_at=timezone.now())
    logger.info("clarification %s: %s officers notified", request.pk, len(messages))


@shared_task(name="appraisal.email_overdue_applications")
def email_overdue_applications(day=None):
    """Daily (Celery beat, see CELERY_BEAT_SCHEDULE): each council's chair gets one e-mail listing the
    applications whose running deadline (acceptance or decision) has passed. Idempotent per day."""
    import datetime

    from django.db import IntegrityError, transaction

    from .models import Council, OverdueNotice
    from .queries import pending_applications

    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    sent = 0
    for council in Council.objects.filter(dissolved_on__isnull=True).select_related("chair"):
        overdue = [p for p in pending_applications(council, today) if p.clock.is_overdue(today)]
        if not overdue or not council.chair.email:
            continue
        try:
            with transaction.atomic():
                OverdueNotice.objects.create(council=council, day=today, initiative_ids=[p.pk for p in overdue])
        except IntegrityError:
            continue  # already sent today
        lines = [_("Kính gửi %(name)s,") % {"name": person_name(council.chair)}, "",
                 _("Các đơn yêu cầu công nhận sáng kiến sau của %(council)s đã quá hạn (ngày %(day)s):")
                 % {"council": council, "day": today.strftime("%d/%m/%Y")}, ""]
        for page in overdue:
            stage = _("xét công nhận") if page.clock.accepted_on else _("xem xét, chấp nhận đơn")
            lines.append(_("- %(title)s (%(unit)s): hạn %(stage)s %(due)s, quá %(n)s ngày")
                         % {"title": page.title, "unit": page.origin_unit.name, "stage": stage,
                            "due": page.clock.due.strftime("%d/%m/%Y"), "n": -page.clock.days_left(today)})
        lines += ["", _("Danh sách: %(url)s") % {"url": _admin_url("/admin/appraisal/rounds/applications/")}]
        _send([EmailMessage(_("[Nhân Rộng] %(n)s đơn yêu cầu công nhận quá hạn") % {"n": len(overdue)},
                            "\n".join(lines), to=[council.chair.email])])
        sent += 1
    logger.info("overdue applications: %s chairs e-mailed", sent)
    return sent
