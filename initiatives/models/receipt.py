"""The receipt of an application for recognition (giấy biên nhận đơn): Circular 18/2013/TT-BKHCN
Art. 6(1)(a) and Annex II. Issued once, on the first submission; the clocks run from its date."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApplicationReceipt(models.Model):
    initiative = models.OneToOneField("initiatives.InitiativePage", on_delete=models.CASCADE,
                                      related_name="receipt", verbose_name=_("sáng kiến"))
    number = models.CharField(_("số biên nhận"), max_length=30, unique=True)
    received_on = models.DateField(_("ngày nhận đơn"))
    receiving_body = models.CharField(_("nơi nhận đơn"), max_length=200)
    applicant = models.CharField(_("người nộp đơn"), max_length=200)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("người nhận"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giấy biên nhận đơn")
        verbose_name_plural = _("giấy biên nhận đơn")
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return self.number

    def clock(self, today=None):
        from ..clock import compute_clock

        changes = [(timezone.localtime(c.created_at).date(), c.to_status)
                   for c in self.initiative.status_changes.all()]
        return compute_clock(self.received_on, changes, today or timezone.localdate(),
                             acceptance_days=settings.RECOGNITION_ACCEPTANCE_DAYS,
                             decision_months=settings.RECOGNITION_DECISION_MONTHS,
                             stop_on_return=settings.RECOGNITION_CLOCK_STOPS_ON_RETURN)
