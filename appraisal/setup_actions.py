"""Actions on the rule-bearing data of appraisal: councils (chair, scope, rubric), their members'
terms, rubrics, their criteria and recognition thresholds. The admin's create, edit and delete views
call them (appraisal/wagtail_hooks.py, through core.admin_actions), and so may any other path. Each
checks the model permission server-side, writes atomically and stores an audit row (Wagtail's
log(), so the council's or rubric's History shows who changed what, when).

A rubric in use cannot change: while a round that uses it is not decided (open: members are scoring;
closed: the chair has still to decide, and the aggregate is computed from the criteria), its criteria
and thresholds cannot be added, edited or deleted. The edit is refused with a message naming the
round; the council makes a new version instead (`new_rubric_version`: an audited copy of the
rubric, its criteria and thresholds, linked to the version it follows). Rounds already opened keep
the version they use; a new round takes the newest (`appraisal.actions.open_round`); a version that
has a newer one stays readable and is never edited again. The name and description of a rubric in
use may still be edited (they change no score)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit, changes, save_instance

from .models import AppraisalRound, Council, CouncilMembership, Criterion, RecognitionThreshold, Rubric, RoundStatus


def _require(user, model, what):
    if not (user and user.is_active and user.has_perm(f"appraisal.{what}_{model._meta.model_name}")):
        raise PermissionDenied(_("Bạn không có quyền thay đổi %(what)s.") % {"what": model._meta.verbose_name})


def _perm(instance):
    return "change" if instance.pk else "add"


def rounds_using(rubric_id):
    """The rounds not yet decided that use this rubric (they lock it)."""
    return AppraisalRound.objects.filter(rubric_id=rubric_id).exclude(status=RoundStatus.DECIDED)


class RubricLocked(ValidationError):
    """A change refused because the rubric is in use or superseded; `rubric_id` names the rubric to
    make a new version of (the admin offers the button)."""

    def __init__(self, message, rubric_id):
        super().__init__(message)
        self.rubric_id = rubric_id


def ensure_not_superseded(rubric):
    """Refuse any change to a version that has a newer one (it stays as the rounds used it)."""
    following = Rubric.objects.filter(previous_version=rubric).first()
    if following is not None:
        newest = following.newest()
        raise RubricLocked(
            _("Bộ tiêu chí “%(rubric)s” đã có phiên bản mới (%(newer)s): phiên bản cũ được giữ nguyên để đọc, không "
              "sửa được. Hãy sửa phiên bản mới nhất.") % {"rubric": rubric, "newer": newest}, newest.pk)


def ensure_rubric_unlocked(rubric_id):
    """Refuse a change to the criteria or thresholds of a rubric a round still uses, or of a version
    that has a newer one."""
    rubric = Rubric.objects.get(pk=rubric_id)
    ensure_not_superseded(rubric)
    in_use = rounds_using(rubric_id).select_related("council").order_by("pk").first()
    if in_use is not None:
        raise RubricLocked(
            _("Bộ tiêu chí “%(rubric)s” đang được dùng trong đợt thẩm định “%(round)s” (%(council)s, %(status)s): "
              "không được sửa tiêu chí hay ngưỡng công nhận cho đến khi đợt có quyết định. Hãy tạo một bộ tiêu chí "
              "mới (phiên bản mới) cho các đợt sau.")
            % {"rubric": rubric, "round": in_use, "council": in_use.council, "status": in_use.get_status_display()},
            rubric_id)


# -- councils --------------------------------------------------------------------------------------
def save_council(user, council, form=None):
    """Create or edit a council (name, level, scope, chair, rubric). The audit row keeps the
    previous and new chair, scope and rubric."""
    _require(user, Council, _perm(council))
    created = council.pk is None
    with transaction.atomic():
        changed = changes(council, form)
        council = save_instance(council, form)
        audit(council, "nhanrong.council.create" if created else "nhanrong.council.edit", user, data={"changes": changed})
    return council


def delete_council(user, council):
    """A council with no round (the database refuses the others: rounds protect their council)."""
    _require(user, Council, "delete")
    if council.rounds.exists():
        raise ValidationError(_("Hội đồng “%(council)s” đã có đợt thẩm định, không xoá được.") % {"council": council})
    with transaction.atomic():
        audit(council, "wagtail.delete", user, deleted=True,
              data={"name": council.name, "chair": council.chair_id, "level": council.level})
        council.delete()


def save_membership(user, membership, form=None):
    """Add a member to a council or change their position or term; audited on the council (its
    History lists its members' changes)."""
    _require(user, CouncilMembership, _perm(membership))
    created = membership.pk is None
    with transaction.atomic():
        changed = changes(membership, form)
        previous_council = (CouncilMembership.objects.filter(pk=membership.pk).values_list("council_id", flat=True).first()
                            if not created else None)
        membership = save_instance(membership, form)
        data = {"member": membership.user_id, "membership": membership.pk, "changes": changed}
        audit(membership.council, "nhanrong.council.member_add" if created else "nhanrong.council.member_edit",
              user, data=data)
        if previous_council and previous_council != membership.council_id:
            audit(Council.objects.get(pk=previous_council), "nhanrong.council.member_remove", user, data=data)
    return membership


def delete_membership(user, membership):
    _require(user, CouncilMembership, "delete")
    with transaction.atomic():
        audit(membership.council, "nhanrong.council.member_remove", user,
              data={"member": membership.user_id, "membership": membership.pk, "position": membership.position,
                    "term_start": str(membership.term_start or ""), "term_end": str(membership.term_end or "")})
        membership.delete()


# -- rubrics ---------------------------------------------------------------------------------------
def save_rubric(user, rubric, form=None):
    """Name, description, default flag (the criteria are edited one by one, see save_criterion)."""
    _require(user, Rubric, _perm(rubric))
    created = rubric.pk is None
    with transaction.atomic():
        if not created:
            Rubric.objects.select_for_update().filter(pk=rubric.pk).first()
            ensure_not_superseded(rubric)
        changed = changes(rubric, form)
        rubric = save_instance(rubric, form)
        audit(rubric, "nhanrong.rubric.create" if created else "nhanrong.rubric.edit", user, data={"changes": changed})
    return rubric


def delete_rubric(user, rubric):
    """A rubric no council or round uses (they protect it)."""
    _require(user, Rubric, "delete")
    if Rubric.objects.filter(previous_version=rubric).exists():
        raise ValidationError(_("Bộ tiêu chí “%(rubric)s” đã có phiên bản mới: các phiên bản được giữ lại, không xoá "
                                "được.") % {"rubric": rubric})
    if rubric.rounds.exists() or rubric.councils.exists():
        raise ValidationError(_("Bộ tiêu chí “%(rubric)s” đang được hội đồng hoặc đợt thẩm định sử dụng, không xoá "
                                "được.") % {"rubric": rubric})
    with transaction.atomic():
        audit(rubric, "wagtail.delete", user, deleted=True,
              data={"name": rubric.name, "criteria": [[c.name, str(c.weight), c.max_score] for c in rubric.criteria.all()]})
        rubric.delete()


def new_rubric_version(user, rubric, note=""):
    """Make the next version of `rubric` (its newest: a version that already has a newer one is
    refused): a copy of its name, description, default flag, criteria and thresholds, linked to it,
    its number one higher. The rounds using the old version keep it; new rounds take this one. Both
    rubrics' History show it (who, when, which version, why). Returns the new version."""
    _require(user, Rubric, "add")
    with transaction.atomic():
        old = Rubric.objects.select_for_update().get(pk=rubric.pk)
        following = Rubric.objects.filter(previous_version=old).first()
        if following is not None:
            raise ValidationError(_("Bộ tiêu chí “%(rubric)s” đã có phiên bản mới (%(newer)s): hãy tạo phiên bản từ "
                                    "phiên bản mới nhất.") % {"rubric": old, "newer": following.newest()})
        new = Rubric.objects.create(name=old.name, description=old.description, is_default=old.is_default,
                                    version=old.version + 1, previous_version=old)
        criteria = Criterion.objects.bulk_create([
            Criterion(rubric=new, name=c.name, description=c.description, weight=c.weight, max_score=c.max_score,
                      sort_order=c.sort_order) for c in old.criteria.order_by("sort_order", "pk")])
        thresholds = RecognitionThreshold.objects.bulk_create([
            RecognitionThreshold(rubric=new, min_score=t.min_score, level=t.level, label=t.label)
            for t in old.thresholds.order_by("min_score", "pk")])
        data = {"previous": old.pk, "previous_version": old.version, "version": new.version,
                "criteria": [[c.name, str(c.weight), c.max_score] for c in criteria],
                "thresholds": [[str(t.min_score), t.level] for t in thresholds],
                "rounds_keeping_previous": list(rounds_using(old.pk).values_list("pk", flat=True))}
        audit(new, "nhanrong.rubric.new_version", user, data=data, note=note)
        audit(old, "nhanrong.rubric.superseded", user, data={"next": new.pk, "version": new.version}, note=note)
    return new


def _save_part(user, instance, form, what):
    """A criterion or threshold: refused while its rubric (old and new, when it moves) is in use."""
    model = type(instance)
    _require(user, model, _perm(instance))
    created = instance.pk is None
    with transaction.atomic():
        old_rubric = None if created else model.objects.filter(pk=instance.pk).values_list("rubric_id", flat=True).first()
        for rubric_id in {old_rubric, instance.rubric_id} - {None}:
            Rubric.objects.select_for_update().filter(pk=rubric_id).first()  # serialises with open_round
            ensure_rubric_unlocked(rubric_id)
        changed = changes(instance, form)
        instance = save_instance(instance, form)
        audit(instance.rubric, f"nhanrong.rubric.{what}_{'add' if created else 'edit'}", user,
              data={what: instance.pk, "label": str(instance), "changes": changed})
    return instance


def save_criterion(user, criterion, form=None):
    return _save_part(user, criterion, form, "criterion")


def save_threshold(user, threshold, form=None):
    return _save_part(user, threshold, form, "threshold")


def _delete_part(user, instance, what):
    _require(user, type(instance), "delete")
    with transaction.atomic():
        Rubric.objects.select_for_update().filter(pk=instance.rubric_id).first()
        ensure_rubric_unlocked(instance.rubric_id)
        audit(instance.rubric, f"nhanrong.rubric.{what}_delete", user, data={what: instance.pk, "label": str(instance)})
        instance.delete()


def delete_criterion(user, criterion):
    _delete_part(user, criterion, "criterion")


def delete_threshold(user, threshold):
    _delete_part(user, threshold, "threshold")


LOG_LABELS = {
    "nhanrong.council.create": gettext_lazy("Tạo hội đồng thẩm định"),
    "nhanrong.council.edit": gettext_lazy("Sửa hội đồng thẩm định (chủ tịch, phạm vi, bộ tiêu chí)"),
    "nhanrong.council.member_add": gettext_lazy("Thêm thành viên hội đồng"),
    "nhanrong.council.member_edit": gettext_lazy("Sửa chức danh, nhiệm kỳ thành viên hội đồng"),
    "nhanrong.council.member_remove": gettext_lazy("Bỏ thành viên khỏi hội đồng"),
    "nhanrong.rubric.create": gettext_lazy("Tạo bộ tiêu chí"),
    "nhanrong.rubric.edit": gettext_lazy("Sửa bộ tiêu chí"),
    "nhanrong.rubric.new_version": gettext_lazy("Tạo phiên bản mới của bộ tiêu chí"),
    "nhanrong.rubric.superseded": gettext_lazy("Đã có phiên bản mới của bộ tiêu chí"),
    "nhanrong.rubric.criterion_add": gettext_lazy("Thêm tiêu chí"),
    "nhanrong.rubric.criterion_edit": gettext_lazy("Sửa tiêu chí"),
    "nhanrong.rubric.criterion_delete": gettext_lazy("Xoá tiêu chí"),
    "nhanrong.rubric.threshold_add": gettext_lazy("Thêm ngưỡng công nhận"),
    "nhanrong.rubric.threshold_edit": gettext_lazy("Sửa ngưỡng công nhận"),
    "nhanrong.rubric.threshold_delete": gettext_lazy("Xoá ngưỡng công nhận"),
}
