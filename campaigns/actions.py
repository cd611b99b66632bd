"""Named actions of campaigns: each checks permission, writes atomically, logs, and sends side
effects (Celery tasks) on commit. Views, the admin, the API and commands call these."""

import logging
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit
from core.roles import ADMINISTRATORS, COUNCIL_MEMBERS, can_act_for_unit, in_group, is_staff_wide

from .certificates import sign_award
from .models import Award, AwardStatus, Enrolment, PhaseKind, PointEntry

logger = logging.getLogger("nhanrong.campaigns")


def _tasks():
    from . import tasks  # late: tasks import the ledger, which imports models

    return tasks


# -- enrolment -----------------------------------------------------------------------------------
def enrol_unit(user, campaign, unit):
    """A unit's officer enrols their own unit (during registration or implementation); an editor
    enrols any unit in the campaign's scope at any time. Enrolling twice is harmless."""
    staff = is_staff_wide(user)
    if not staff and not can_act_for_unit(user, unit.pk):
        raise PermissionDenied(_("Bạn chỉ được đăng ký thi đua cho đơn vị mình."))
    # Units merged in 2025 may take part in a campaign that began while they existed.
    if unit.valid_until is not None and (campaign.starts_on is None or unit.valid_until < campaign.starts_on):
        raise ValidationError(_("Đơn vị “%(unit)s” đã sáp nhập trước khi phong trào bắt đầu, không thể đăng ký.")
                              % {"unit": unit.name})
    if not campaign.in_scope(unit):
        raise ValidationError(_("Đơn vị “%(unit)s” không thuộc phạm vi phong trào “%(campaign)s”.")
                              % {"unit": unit.name, "campaign": campaign.title})
    phase = campaign.current_phase()
    if not staff and (phase is None or phase.kind not in (PhaseKind.REGISTRATION, PhaseKind.IMPLEMENTATION)):
        raise ValidationError(_("Phong trào không còn nhận đăng ký (chỉ nhận trong giai đoạn đăng ký, triển khai)."))
    with transaction.atomic():
        enrolment, created = Enrolment.objects.get_or_create(campaign=campaign, unit=unit,
                                                             defaults={"enrolled_by": user})
        if created:
            audit(enrolment, "nhanrong.campaign.enrol", user, data={"campaign": campaign.pk, "unit": unit.pk})
            logger.info("campaign %s: unit %s enrolled by %s", campaign.pk, unit.pk, user.pk)
            # The unit's past events within the period earn their points now.
            transaction.on_commit(lambda: _tasks().rebuild_campaign.delay(campaign.pk, [unit.pk]))
    return enrolment


# -- points ----------------------------------------------------------------------------------------
def correct_points(user, campaign, unit, points, note):
    """A correction is a new ledger entry (nothing is edited in place). Editors only."""
    if not is_staff_wide(user):
        raise PermissionDenied(_("Chỉ biên tập viên được điều chỉnh điểm thi đua."))
    if not note.strip():
        raise ValidationError(_("Cần ghi rõ lý do điều chỉnh điểm."))
    if not points:
        raise ValidationError(_("Số điểm điều chỉnh phải khác 0."))
    with transaction.atomic():
        entry = PointEntry.objects.create(
            campaign=campaign, unit=unit, rule=None, points=points, event_key=f"correction:{uuid.uuid4()}",
            event_date=timezone.localdate(), note=note.strip()[:300])
        # Who corrected, when and why: the ledger row says what, the audit row says who.
        audit(entry, "nhanrong.points.correct", user, note=note.strip()[:300],
              data={"campaign": campaign.pk, "unit": unit.pk, "points": points})
        logger.info("campaign %s: correction %+d for unit %s by %s", campaign.pk, points, unit.pk, user.pk)
        transaction.on_commit(lambda: _tasks().schedule_refresh([campaign.pk]))
    return entry


# -- awards ----------------------------------------------------------------------------------------
def can_propose_awards(user):
    return bool(user.is_active and (user.is_superuser or in_group(user, COUNCIL_MEMBERS)
                                    or in_group(user, ADMINISTRATORS)))


def _kind(kind):
    from .models import CommendationKind

    if isinstance(kind, CommendationKind):
        return kind
    found = CommendationKind.objects.filter(code=str(kind)).first()
    if found is None:
        raise ValidationError({"kind": _("Danh hiệu, hình thức khen thưởng “%(k)s” không có trong danh mục.") % {"k": kind}})
    return found


def same_achievement(campaign, year, *, person=None, unit=None, office="", initiative=None):
    """Awards (not revoked) already given or proposed for this achievement: the same recipient, in the
    same campaign and year (and for the same initiative when one is named). Law 06/2022/QH15 Art. 5:
    one achievement is not commended several times or with several forms."""
    rows = Award.objects.filter(campaign=campaign, achievement_year=year).exclude(status=AwardStatus.REVOKED)
    if person is not None:
        rows = rows.filter(recipient_person=person)
    elif unit is not None:
        rows = rows.filter(recipient_unit=unit, recipient_office=office.strip(), recipient_person__isnull=True)
    elif office.strip():
        rows = rows.filter(recipient_office=office.strip(), recipient_unit__isnull=True, recipient_person__isnull=True)
    else:
        rows = rows.filter(recipient_initiative=initiative, recipient_unit__isnull=True, recipient_office="",
                           recipient_person__isnull=True)
    if initiative is not None:
        rows = rows.filter(recipient_initiative=initiative)
    return rows.select_related("kind")


def propose_award(user, campaign, kind, citation, *, unit=None, office="", initiative=None, issuer_name="",
                  person=None, year=None):
    """The council proposes a title or form of the Law for a person or a collective. Refused: a kind
    that can no longer be awarded (before 01/07/2025), a kind not given to that kind of recipient,
    and a second award for the same achievement and year (Art. 5)."""
    if not can_propose_awards(user):
        raise PermissionDenied(_("Chỉ thành viên hội đồng được đề nghị khen thưởng."))
    kind = _kind(kind)
    if kind.is_historic:
        raise ValidationError({"kind": _("“%(k)s” không còn được đề nghị: cấp quyết định đã kết thúc hoạt động từ "
                                         "01/07/2025.") % {"k": kind.label}})
    if person is None and unit is None and not office.strip() and initiative is None:
        raise ValidationError(_("Cần chọn cá nhân, đơn vị, cơ quan hoặc sáng kiến được đề nghị khen thưởng."))
    if not kind.accepts(individual=person is not None):
        raise ValidationError({"kind": _("“%(k)s” chỉ tặng cho %(who)s.") % {
            "k": kind.label, "who": kind.get_recipients_display().lower()}})
    if not citation.strip():
        raise ValidationError({"citation": _("Cần ghi thành tích được đề nghị khen thưởng.")})
    year = int(year) if year else timezone.localdate().year
    with transaction.atomic():
        existing = same_achievement(campaign, year, person=person, unit=unit, office=office, initiative=initiative)
        first = existing.first()
        if first is not None:
            raise ValidationError(_("Thành tích năm %(y)s của “%(who)s” đã được đề nghị hoặc khen thưởng: "
                                    "%(existing)s (%(status)s). Mỗi thành tích chỉ khen một hình thức (Luật Thi đua, "
                                    "khen thưởng 2022, Điều 5).") % {
                "y": year, "who": first.recipient_name, "existing": first.kind_label,
                "status": first.get_status_display()})
        award = Award.objects.create(campaign=campaign, kind=kind, citation=citation.strip(), recipient_unit=unit,
                                     recipient_office=office.strip(), recipient_initiative=initiative,
                                     recipient_person=person, achievement_year=year,
                                     issuer_name=issuer_name, proposed_by=user)
        audit(award, "nhanrong.award.propose", user, data={"kind": kind.code, "year": year})
        logger.info("award %s proposed for campaign %s by %s", award.pk, campaign.pk, user.pk)
    return award


def _award_changed():
    """Awards are shown on public pages (campaign, unit, verification, open data): a public change."""
    from core.changes import CAMPAIGN, announce

    announce(CAMPAIGN, sender=Award)


def confirm_award(user, award, decision_number, decision_date):
    """An editor records the decision (number and date) that confirms the council's proposal."""
    if not is_staff_wide(user):
        raise PermissionDenied(_("Chỉ biên tập viên được xác nhận khen thưởng."))
    if not decision_number.strip() or decision_date is None:
        raise ValidationError(_("Cần nhập số và ngày của quyết định khen thưởng."))
    with transaction.atomic():
        locked = Award.objects.select_for_update().get(pk=award.pk)
        if locked.status != AwardStatus.PROPOSED:
            raise ValidationError(_("Chỉ xác nhận được khen thưởng đang ở trạng thái đề nghị."))
        Award.objects.filter(pk=locked.pk).update(
            status=AwardStatus.CONFIRMED, confirmed_by=user, confirmed_at=timezone.now(),
            decision_number=decision_number.strip(), decision_date=decision_date)
        previous = locked.status
        # The credential is signed once, as decided; later rotations keep the old key public.
        locked.refresh_from_db()
        token, kid = sign_award(locked)
        Award.objects.filter(pk=locked.pk).update(credential_jwt=token, signing_kid=kid)
        audit(locked, "nhanrong.award.confirm", user,
              data={"from": previous, "to": AwardStatus.CONFIRMED, "decision_number": decision_number.strip(),
                    "decision_date": decision_date.isoformat(), "kid": kid})
        transaction.on_commit(_award_changed)
        logger.info("award %s confirmed by %s (%s)", award.pk, user.pk, decision_number)
    award.refresh_from_db()
    return award


def revoke_award(user, award, reason):
    if not is_staff_wide(user):
        raise PermissionDenied(_("Chỉ biên tập viên được thu hồi khen thưởng."))
    if not reason.strip():
        raise ValidationError(_("Cần ghi lý do thu hồi."))
    with transaction.atomic():
        locked = Award.objects.select_for_update().get(pk=award.pk)
        if locked.status == AwardStatus.REVOKED:
            raise ValidationError(_("Khen thưởng này đã bị thu hồi."))
        Award.objects.filter(pk=locked.pk).update(status=AwardStatus.REVOKED, revoked_at=timezone.now(),
                                                  revoked_reason=reason.strip()[:300])
        # The status list's bit for this award is now 1 (it is built from the statuses). The previous
        # state, the actor and the time are kept in the audit row.
        audit(locked, "nhanrong.award.revoke", user, note=reason.strip()[:300],
              data={"from": locked.status, "to": AwardStatus.REVOKED})
        transaction.on_commit(_award_changed)
        logger.info("award %s revoked by %s", award.pk, user.pk)
    award.refresh_from_db()
    return award


def sign_missing_credentials(user=None):
    """Sign the credentials of awards decided before credentials were signed (their decision is
    unchanged; the signature is made now with the active key). Idempotent; returns how many."""
    if user is not None and not is_staff_wide(user):
        raise PermissionDenied(_("Chỉ biên tập viên được ký chứng chỉ khen thưởng."))
    signed = 0
    for pk in Award.objects.filter(credential_jwt="").exclude(status=AwardStatus.PROPOSED).values_list("pk", flat=True):
        with transaction.atomic():
            award = Award.objects.select_for_update().select_related("kind", "campaign").get(pk=pk)
            if award.credential_jwt:
                continue
            token, kid = sign_award(award)
            Award.objects.filter(pk=pk).update(credential_jwt=token, signing_kid=kid)
            audit(award, "nhanrong.award.sign", user, data={"kid": kid})
            signed += 1
    return signed
