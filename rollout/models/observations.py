"""Observations: one value of one metric for one unit and period (optionally measuring an adoption)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..periods import Period, PeriodKind


class Verification(models.TextChoices):
    """Issue 15: a figure a unit reports about itself earns points and badges only once the level above
    has verified it (rollout.verification.verify_observation), or when it was imported from an official
    source. Any new value goes back to self-reported."""

    SELF_REPORTED = "self", _("Tự báo cáo")
    VERIFIED = "verified", _("Đã xác minh bởi cấp trên")
    OFFICIAL = "official", _("Nhập từ nguồn chính thức")


# The one rule: the figures that earn points and badges (campaigns.rules, campaigns.badges read it
# through ObservationQuerySet.earning_points()).
EARNS_POINTS = (Verification.VERIFIED, Verification.OFFICIAL)


class ObservationQuerySet(models.QuerySet):
    def earning_points(self):
        return self.filter(verification__in=EARNS_POINTS)

    def awaiting_verification(self):
        """Self-reported figures: shown as "chưa xác minh", no points yet."""
        return self.exclude(verification__in=EARNS_POINTS)

    def reset_verification(self):
        """A new value is the unit's own word again (one UPDATE; no row read)."""
        return self.exclude(verification=Verification.SELF_REPORTED).update(verification=Verification.SELF_REPORTED)

    def for_units(self, unit_ids):
        return self.filter(unit_id__in=unit_ids)

    def chronological(self):
        return self.order_by("period_end", "period_start", "pk")


class Observation(models.Model):
    unit = models.ForeignKey("units.AdministrativeUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="observations")
    metric = models.ForeignKey("rollout.Metric", verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT,
                               related_name="observations")
    adoption = models.ForeignKey("rollout.Adoption", verbose_name=_("mô hình được đo"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="observations")
    period_kind = models.CharField(_("loại kỳ"), max_length=10, choices=PeriodKind.choices)
    period_key = models.CharField(_("kỳ"), max_length=12, help_text=_('Ví dụ "2024", "2024-Q1", "2024-H1", "2024-M03"'))
    # Stored (not derived in queries) so ordering and "before adoption" filters use an index.
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    # For a rate the stored value is derived: numerator / denominator × 100 when the source gives
    # both counts (then the rate adds up across units); a rate entered alone keeps them empty and
    # is not aggregable (rollout.aggregation). Readers keep reading `value`.
    value = models.DecimalField(_("giá trị"), max_digits=18, decimal_places=4)
    numerator = models.DecimalField(_("tử số"), max_digits=18, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("mẫu số"), max_digits=18, decimal_places=4, null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=400, blank=True,
                              help_text=_("Báo cáo, quyết định, khảo sát… (số hiệu, ngày, nơi ban hành)"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(_("thời điểm nhập"))
    # db_default too: the importer's COPY into PostgreSQL names its columns and leaves this one out.
    verification = models.CharField(_("xác minh"), max_length=10, choices=Verification.choices,
                                    default=Verification.SELF_REPORTED, db_default=Verification.SELF_REPORTED)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("số liệu chỉ tiêu")
        verbose_name_plural = _("số liệu chỉ tiêu")
        ordering = ["unit", "metric", "period_end", "period_start"]
        # NULL never equals NULL in a unique index, so "no adoption" needs its own partial constraint.
        constraints = [
            models.UniqueConstraint(fields=["unit", "metric", "period_key", "adoption"],
                                    condition=Q(adoption__isnull=False), name="observation_once_per_adoption"),
            models.UniqueConstraint(fields=["unit", "metric", "period_key"],
                                    condition=Q(adoption__isnull=True), name="observation_once_per_unit"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="observation_period_ordered"),
            models.CheckConstraint(condition=Q(numerator__isnull=True, denominator__isnull=True)
                                   | Q(numerator__isnull=False, denominator__gt=0, numerator__gte=0,
                                       numerator__lte=models.F("denominator")),
                                   name="observation_counts_consistent"),
        ]
        indexes = [models.Index(fields=["unit", "metric", "period_end"]), models.Index(fields=["metric", "period_key"])]

    def __str__(self):
        """What the value is about, as a person names it: "Tỷ lệ hồ sơ đúng hạn, Quý 3/2026, Xã Long Khánh"."""
        try:
            period = Period.from_key(self.period_key).label_vi
        except ValueError:
            period = self.period_key
        return f"{self.metric}, {period}, {self.unit}"

    @property
    def aggregable(self):
        """A rate that can be added up with other units' (its counts are known)."""
        return self.numerator is not None and self.denominator is not None

    def as_part(self, split=False):
        from ..aggregation import Part

        return Part(self.value, self.numerator, self.denominator, self.unit_id, split)

    @property
    def period(self):
        return Period.from_key(self.period_key)

    def set_period(self, period):
        self.period_kind, self.period_key = period.kind, period.key
        self.period_start, self.period_end = period.start, period.end


class ObservationRevision(models.Model):
    """A previous value replaced by a later entry: nothing entered is ever lost."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="revisions")
    old_value = models.DecimalField(_("giá trị cũ"), max_digits=18, decimal_places=4)
    old_numerator = models.DecimalField(_("tử số cũ"), max_digits=18, decimal_places=4, null=True, blank=True)
    old_denominator = models.DecimalField(_("mẫu số cũ"), max_digits=18, decimal_places=4, null=True, blank=True)
    new_value = models.DecimalField(_("giá trị mới"), max_digits=18, decimal_places=4)
    old_source = models.CharField(_("nguồn cũ"), max_length=400, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(_("thời điểm sửa"), auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử số liệu")
        verbose_name_plural = _("lịch sử số liệu")
        ordering = ["changed_at", "pk"]
