from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..status import InitiativeStatus, RecognitionLevel


class StatusChange(models.Model):
    """One move in an initiative's lifecycle: who moved it, when, from what to what. Append-only."""

    initiative = models.ForeignKey("initiatives.InitiativePage", on_delete=models.CASCADE,
                                   related_name="status_changes")
    from_status = models.CharField(_("từ"), max_length=20, choices=InitiativeStatus.choices)
    to_status = models.CharField(_("sang"), max_length=20, choices=InitiativeStatus.choices)
    recognition_level = models.CharField(_("cấp công nhận"), max_length=10,
                                         choices=RecognitionLevel.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lịch sử trạng thái")
        verbose_name_plural = _("lịch sử trạng thái")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.initiative_id}: {self.from_status} → {self.to_status}"
