"""Scoring actions (re-exported by appraisal.actions).

Optimistic concurrency: a member's form carries the version of the sheet it was read at. The save
bumps the version with a conditional UPDATE (… WHERE version = <read version>): if another save got
there first (the same member in another tab), nothing is written and the member is told so. Each
member has their own sheet, so two members never touch the same rows.
"""

import logging
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit

from .conflicts import is_conflicted
from .models import Confidence, Decision, RoundEntry, RoundStatus, Score, ScoreAudit, ScoreSheet

logger = logging.getLogger("nhanrong.appraisal")


class ScoreConflict(ValidationError):
    """The sheet changed since the member opened it."""


def ensure_entry_open(entry):
    """Scores are locked once the entry is decided or the round no longer open."""
    if Decision.objects.filter(entry_id=entry.pk).exists():
        raise ValidationError(_("Sáng kiến “%(title)s” đã có quyết định; điểm đã được khoá.")
                              % {"title": entry.initiative.title})
    appraisal_round = entry.round
    if appraisal_round.status != RoundStatus.OPEN:
        raise ValidationError(_("Đợt “%(round)s” đã khoá chấm.") % {"round": appraisal_round})


def _check_member(user, assignment):
    if assignment.member_id != user.pk:
        raise PermissionDenied(_("Đây không phải phiếu chấm của bạn."))
    if assignment.recused_at is not None or is_conflicted(user, assignment.entry.initiative):
        raise PermissionDenied(_("Bạn có xung đột lợi ích với sáng kiến “%(title)s” nên không được chấm.")
                               % {"title": assignment.entry.initiative.title})
    ensure_entry_open(assignment.entry)
    if timezone.localdate() > assignment.entry.round.hard_deadline:
        raise ValidationError(_("Đã quá hạn chót chấm (%(date)s).")
                              % {"date": assignment.entry.round.hard_deadline.strftime("%d/%m/%Y")})


def _parse_values(rubric, values):
    """values: {criterion_id: {"value": "7,5" | Decimal | None, "comment": str}} → {Criterion: (Decimal|None, str)}.
    Every problem is reported, naming the criterion."""
    criteria = {c.pk: c for c in rubric.criteria.all()}
    parsed, errors = {}, []
    for key, item in values.items():
        try:
            criterion = criteria[int(key)]
        except (KeyError, TypeError, ValueError):
            errors.append(_("Tiêu chí mã “%(key)s” không thuộc bộ tiêu chí “%(rubric)s”.") % {"key": key, "rubric": rubric})
            continue
        raw, comment = item.get("value"), (item.get("comment") or "").strip()
        if raw is None or str(raw).strip() == "":
            parsed[criterion] = (None, comment)
            continue
        try:
            value = Decimal(str(raw).strip().replace(",", "."))
        except InvalidOperation:
            errors.append(_("Tiêu chí “%(name)s”: “%(raw)s” không phải là số.") % {"name": criterion.name, "raw": raw})
            continue
        if not value.is_finite() or value < 0 or value > criterion.max_score:
            errors.append(_("Tiêu chí “%(name)s”: điểm %(value)s nằm ngoài khoảng 0–%(max)s.")
                          % {"name": criterion.name, "value": str(raw).strip(), "max": criterion.max_score})
            continue
        if value != value.quantize(Decimal("0.01")):
            errors.append(_("Tiêu chí “%(name)s”: điểm chỉ lấy tối đa 2 chữ số thập phân.") % {"name": criterion.name})
            continue
        parsed[criterion] = (value, comment)
    if errors:
        raise ValidationError(errors)
    return parsed


def _bump_version(sheet_pk, version, **fields):
    try:
        version = int(version)
    except (TypeError, ValueError):
        version = -1  # a form without a readable version can only be stale
    updated = ScoreSheet.objects.filter(pk=sheet_pk, version=version, submitted_at__isnull=True).update(
        version=F("version") + 1, updated_at=timezone.now(), **fields)
    if not updated:
        sheet = ScoreSheet.objects.get(pk=sheet_pk)
        if sheet.is_submitted:
            raise ValidationError(_("Phiếu chấm đã được nộp, không sửa được nữa."))
        raise ScoreConflict(_("Phiếu chấm đã được lưu từ nơi khác (có thể là một thẻ trình duyệt khác) sau khi "
                              "bạn mở nó. Điểm vừa nhập CHƯA được lưu: hãy tải lại trang để xem bản mới nhất "
                              "rồi nhập lại."), code="stale")


def record_score(user, assignment, values, *, version, overall_comment=None, confidence=None):
    """Saves a member's draft scores; every changed score gets an audit row (old → new)."""
    _check_member(user, assignment)
    parsed = _parse_values(assignment.entry.round.rubric, values)
    if confidence not in (None, "") and confidence not in Confidence.values:
        raise ValidationError(_("Mức độ tin cậy không hợp lệ."))
    fields = {}
    if overall_comment is not None:
        fields["overall_comment"] = overall_comment.strip()
    if confidence is not None:
        fields["confidence"] = confidence
    with transaction.atomic():
        # Serialises with record_decision (which locks the same row) so no score slips in after it.
        RoundEntry.objects.select_for_update().filter(pk=assignment.entry_id).first()
        ensure_entry_open(assignment.entry)
        _bump_version(assignment.sheet.pk, version, **fields)
        existing = {s.criterion_id: s for s in Score.objects.filter(assignment=assignment)}
        changes = 0
        for criterion, (value, comment) in parsed.items():
            score = existing.get(criterion.pk)
            old_value, old_comment = (score.value, score.comment) if score else (None, "")
            if old_value == value and old_comment == comment:
                continue
            if value is None:
                if score:
                    score.delete()
            elif score:
                Score.objects.filter(pk=score.pk).update(value=value, comment=comment)
            else:
                Score.objects.create(assignment=assignment, criterion=criterion, value=value, comment=comment)
            ScoreAudit.objects.create(assignment=assignment, criterion=criterion, actor=user, old_value=old_value,
                                      new_value=value, old_comment=old_comment, new_comment=comment)
            changes += 1
    sheet = ScoreSheet.objects.get(pk=assignment.sheet.pk)
    assignment.sheet = sheet
    logger.info("assignment %s: %s score changes by %s (sheet v%s)", assignment.pk, changes, user.pk, sheet.version)
    return sheet


def submit_scoresheet(user, assignment, *, version):
    """Final: every criterion scored, confidence given. Then the member sees the others' scores."""
    _check_member(user, assignment)
    sheet = ScoreSheet.objects.get(assignment=assignment)
    rubric = assignment.entry.round.rubric
    scored = set(Score.objects.filter(assignment=assignment).values_list("criterion_id", flat=True))
    missing = [c.name for c in rubric.criteria.all() if c.pk not in scored]
    errors = []
    if missing:
        errors.append(_("Chưa chấm các tiêu chí: %(names)s.") % {"names": ", ".join(missing)})
    if not sheet.confidence:
        errors.append(_("Hãy chọn mức độ tin cậy của phiếu chấm."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        RoundEntry.objects.select_for_update().filter(pk=assignment.entry_id).first()
        ensure_entry_open(assignment.entry)
        _bump_version(sheet.pk, version, submitted_at=timezone.now())
        audit(sheet, "nhanrong.scoresheet.submit", user,
              data={"assignment": assignment.pk, "entry": assignment.entry_id, "version": int(version) + 1})
    sheet = ScoreSheet.objects.get(pk=sheet.pk)
    assignment.sheet = sheet
    logger.info("assignment %s: sheet submitted by %s", assignment.pk, user.pk)
    return sheet
