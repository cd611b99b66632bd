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
        indexes = [models.Index(fields=["-score", "-adopters", "initiative"], name="initiative_impact_rank"),
                   # The showcase's "most replicated" walks the rows in this order and stops at a page.
                   models.Index(fields=["-adopters", "initiative"], name="initiative_impact_reach")]

    def __str__(self):
        return f"{self.initiative_id}: {self.score}% of {self.measured}"


class ImpactContribution(models.Model):
    """One adopter's contribution to its initiative's impact on one indicator (rollout.impact_store):
    the baseline and the latest value of the same kind of period, for an adoption that has both. A
    write of an observation or an adoption recomputes only the contributions it touches and then
    re-aggregates only the initiative × indicator pairs whose contribution changed (indexed counts
    and medians read at an offset of the index on change / improvement), so its cost does not grow
    with the number of adopters.

    Keyed by adoption × indicator, so figures derived from more than one stored number per period
    (a numerator and a denominator) can be added as columns without changing the key."""

    adoption = models.ForeignKey("rollout.Adoption", on_delete=models.CASCADE, related_name="impact_contributions")
    metric = models.ForeignKey("rollout.Metric", on_delete=models.CASCADE, related_name="+")
    # Copies of the adoption's own columns, so the aggregates read one index range.
    initiative = models.ForeignKey("initiatives.InitiativePage", on_delete=models.CASCADE, related_name="+",
                                   db_constraint=False)
    unit = models.ForeignKey("units.AdministrativeUnit", on_delete=models.CASCADE, related_name="+",
                             db_constraint=False)
    baseline_key = models.CharField(max_length=12)
    baseline_value = models.DecimalField(max_digits=18, decimal_places=4)
    latest_key = models.CharField(max_length=12)
    latest_value = models.DecimalField(max_digits=18, decimal_places=4)
    change = models.DecimalField(max_digits=18, decimal_places=4)
    improvement = models.DecimalField(max_digits=18, decimal_places=4)  # positive = better

    class Meta:
        verbose_name = _("đóng góp vào hiệu quả (tính sẵn)")
        verbose_name_plural = _("đóng góp vào hiệu quả (tính sẵn)")
        constraints = [models.UniqueConstraint(fields=["adoption", "metric"], name="impact_contribution_once")]
        indexes = [
            models.Index(fields=["initiative", "metric", "change"], name="impact_contrib_change"),
            models.Index(fields=["initiative", "metric", "improvement"], name="impact_contrib_gain"),
            models.Index(fields=["unit", "metric"], name="impact_contrib_unit"),
        ]

    def __str__(self):
        return f"{self.adoption_id}/{self.metric_id}: {self.baseline_value} → {self.latest_value}"
