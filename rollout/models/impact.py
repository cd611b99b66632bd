"""The rollout impact of each initiative, precomputed (rollout.impact_store): the initiative page, the
open-data API and the replication suggestions read one row instead of recomputing baselines and
latest values across thousands of adopters on every view."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InitiativeImpact(models.Model):
    initiative = models.OneToOneField("initiatives.InitiativePage", primary_key=True, on_delete=models.CASCADE,
                                      related_name="impact_summary", verbose_name=_("sáng kiến"))
    # Distinct units that started it (any status but "planned"): the reach used to rank suggestions.
    adopters = models.PositiveIntegerField(_("đơn vị đã triển khai"), default=0)
    # Adopter × indicator pairs with a baseline and a later value, and how many of them improved.
    measured = models.PositiveIntegerField(_("cặp đơn vị – chỉ tiêu được đo"), default=0)
    improved = models.PositiveIntegerField(_("cặp đã cải thiện"), default=0)
    # improved / measured × 100; 0 when nothing is measured (measured tells the two apart).
    score = models.DecimalField(_("tỷ lệ cải thiện (%)"), max_digits=7, decimal_places=4, default=0)
    # Per indicator: see rollout.impact_store.summaries (numbers as strings, exact decimals).
    metrics = models.JSONField(_("theo chỉ tiêu"), default=list, blank=True)
    computed_at = models.DateTimeField(_("tính lúc"))
    # Set when an adoption or observation changed and the refresh task has not run yet: readers that
    # show this initiative's figures recompute; rankings may use the old figures meanwhile.
    stale = models.BooleanField(_("cần tính lại"), default=False)

    class Meta:
        verbose_name = _("hiệu quả nhân rộng (tính sẵn)")
        verbose_name_plural = _("hiệu quả nhân rộng (tính sẵn)")
        indexes = [models.Index(fields=["-score", "-adopters", "initiative"], name="initiative_impact_rank")]

    def __str__(self):
        return f"{self.initiative_id}: {self.score}% of {self.measured}"
