"""Score sheets: one per assignment, one score per criterion, and an append-only audit trail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Confidence
from .rounds import Assignment
from .rubric import Criterion


class ScoreSheet(models.Model):
    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="sheet")
    overall_comment = models.TextField(_("nhận xét chung"), blank=True)
    confidence = models.CharField(_("mức độ tin cậy"), max_length=6, choices=Confidence.choices, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    # Optimistic concurrency: every save must name the version it was read at (see record_score).
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiếu chấm")
        verbose_name_plural = _("phiếu chấm")

    def __str__(self):
        return f"{self.assignment}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("nhận xét"), blank=True)

    class Meta:
        verbose_name = _("điểm")
        verbose_name_plural = _("điểm")
        ordering = ["criterion__sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="unique_score"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="score_not_negative"),
        ]


class AppendOnly(models.Model):
    """Rows are written once and never changed or deleted through the ORM."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("append-only row")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("append-only row")


class ScoreAudit(AppendOnly):
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="audit")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    old_value = models.DecimalField(_("điểm cũ"), max_digits=5, decimal_places=2, null=True)
    new_value = models.DecimalField(_("điểm mới"), max_digits=5, decimal_places=2, null=True)
    old_comment = models.TextField(_("nhận xét cũ"), blank=True)
    new_comment = models.TextField(_("nhận xét mới"), blank=True)

    class Meta:
        verbose_name = _("lịch sử chấm điểm")
        verbose_name_plural = _("lịch sử chấm điểm")
        ordering = ["created_at", "pk"]
