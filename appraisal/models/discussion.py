"""Council-only discussion, clarification requests to the commune, and the chair's decision."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives.status import RecognitionLevel

from .choices import DecisionOutcome
from .rounds import RoundEntry


class PrivateNote(models.Model):
    """Never public; hidden from conflicted members (see appraisal.visibility)."""

    entry = models.ForeignKey(RoundEntry, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("nội dung trao đổi"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trao đổi nội bộ")
        verbose_name_plural = _("trao đổi nội bộ")
        ordering = ["created_at", "pk"]


class ClarificationRequest(models.Model):
    entry = models.ForeignKey(RoundEntry, on_delete=models.CASCADE, related_name="clarifications")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    questions = models.TextField(_("nội dung cần bổ sung"))
    deadline = models.DateField(_("hạn trả lời"))
    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("trả lời của đơn vị"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu bổ sung")
        verbose_name_plural = _("yêu cầu bổ sung")
        ordering = ["-created_at", "-pk"]

    @property
    def is_open(self):
        return self.answered_at is None


class Decision(models.Model):
    entry = models.OneToOneField(RoundEntry, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("kết quả"), max_length=16, choices=DecisionOutcome.choices)
    level = models.CharField(_("cấp công nhận"), max_length=10, choices=RecognitionLevel.choices, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    reasoning = models.TextField(_("lý do, nhận xét của hội đồng"))
    final_score = models.DecimalField(_("điểm thẩm định"), max_digits=6, decimal_places=2, null=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    # The vote and the quorum as they stood when the decision was recorded (the minutes print them).
    votes_for = models.PositiveSmallIntegerField(_("phiếu đồng ý"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("phiếu không đồng ý"), default=0)
    quorum_override_reason = models.TextField(_("lý do quyết định khi chưa đủ số phiếu tối thiểu"), blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("quyết định thẩm định")
        verbose_name_plural = _("quyết định thẩm định")
        ordering = ["-decision_date", "-pk"]

    def __str__(self):
        return f"{self.decision_number} — {self.get_outcome_display()}"
