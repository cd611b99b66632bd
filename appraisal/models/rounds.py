"""Appraisal rounds, the initiatives in them, who reviews what, and declared conflicts of interest."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import ConflictType, RoundStatus
from .council import Council
from .rubric import Rubric


class AppraisalRound(models.Model):
    council = models.ForeignKey(Council, verbose_name=_("hội đồng"), on_delete=models.PROTECT,
                                related_name="rounds")
    name = models.CharField(_("tên đợt"), max_length=200)
    # A round may use its own rubric (e.g. a campaign's); it defaults to the council's.
    rubric = models.ForeignKey(Rubric, verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT,
                               related_name="rounds")
    soft_deadline = models.DateField(_("hạn chấm (dự kiến)"))
    hard_deadline = models.DateField(_("hạn chót"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=RoundStatus.choices,
                              default=RoundStatus.OPEN, db_index=True)
    min_reviewers = models.PositiveSmallIntegerField(_("số người chấm tối thiểu"), default=3)
    # Quorum of the recognition vote (not set by the Regulation; a council's own rules): fewer ballots
    # than this and the decision is refused unless the chair overrides with a recorded reason.
    min_ballots = models.PositiveSmallIntegerField(_("số phiếu biểu quyết tối thiểu"), default=3)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt thẩm định")
        verbose_name_plural = _("đợt thẩm định")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="unique_round_name_per_council"),
            models.CheckConstraint(condition=models.Q(hard_deadline__gte=models.F("soft_deadline")),
                                   name="round_deadlines_ordered"),
        ]

    def __str__(self):
        return self.name


class RoundEntry(models.Model):
    round = models.ForeignKey(AppraisalRound, on_delete=models.CASCADE, related_name="entries")
    initiative = models.ForeignKey("initiatives.InitiativePage", verbose_name=_("sáng kiến"),
                                   on_delete=models.PROTECT, related_name="appraisal_entries")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sáng kiến trong đợt")
        verbose_name_plural = _("sáng kiến trong đợt")
        ordering = ["round", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "initiative"], name="unique_round_entry")]

    def __str__(self):
        return f"{self.round} — {self.initiative_id}"

    @property
    def is_decided(self):
        return hasattr(self, "decision")


class Assignment(models.Model):
    entry = models.ForeignKey(RoundEntry, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("thành viên"), on_delete=models.PROTECT,
                               related_name="appraisal_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)  # set by the e-mail task (idempotence)
    # A member who declares a conflict after being assigned is recused, not deleted: their audit
    # trail stays, their sheet leaves the aggregates.
    recused_at = models.DateTimeField(_("rút khỏi chấm lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phân công chấm")
        verbose_name_plural = _("phân công chấm")
        ordering = ["entry", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "member"], name="unique_assignment")]

    def __str__(self):
        return f"{self.member} — {self.entry}"


class ConflictDeclaration(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts")
    initiative = models.ForeignKey("initiatives.InitiativePage", on_delete=models.CASCADE,
                                   related_name="declared_conflicts")
    type = models.CharField(_("loại xung đột"), max_length=12, choices=ConflictType.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khai báo xung đột lợi ích")
        verbose_name_plural = _("khai báo xung đột lợi ích")
        constraints = [models.UniqueConstraint(fields=["member", "initiative"], name="unique_conflict")]

    def __str__(self):
        return f"{self.member} — {self.initiative_id}: {self.get_type_display()}"
