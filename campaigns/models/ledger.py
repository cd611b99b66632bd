"""The points ledger: append-only. A correction is a new entry (negative points, its own key)."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from units.models import AdministrativeUnit


class PointRule(models.Model):
    """A rule everyone can read: what earns points and how many. Codes are referenced by
    campaigns/rules.py, which knows how to find the events of each rule."""

    code = models.SlugField(_("mã quy tắc"), max_length=60, unique=True)
    description = models.CharField(_("mô tả"), max_length=300)
    points = models.IntegerField(_("số điểm"))
    active = models.BooleanField(_("đang áp dụng"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("quy tắc tính điểm")
        verbose_name_plural = _("quy tắc tính điểm")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return f"{self.description} ({self.points:+d})"


class PointEntry(models.Model):
    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.CASCADE, related_name="point_entries")
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="point_entries")
    rule = models.ForeignKey(PointRule, verbose_name=_("quy tắc"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="entries", help_text=_("Trống với bút toán điều chỉnh."))
    # Copied from the rule when awarded: changing a rule later never rewrites history.
    points = models.IntegerField(_("điểm"))
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    # The idempotency key: replaying an event, retrying a task or rebuilding finds the same key.
    event_key = models.CharField(_("khoá sự kiện"), max_length=120)
    event_date = models.DateField(_("ngày sự kiện"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)

    class Meta:
        verbose_name = _("bút toán điểm")
        verbose_name_plural = _("sổ điểm thi đua")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "event_key"], name="point_entry_event_unique")]
        indexes = [models.Index(fields=["campaign", "unit"])]

    def __str__(self):
        return f"{self.unit_id} {self.points:+d} ({self.event_key})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("PointEntry is append-only; record a correction instead.")
        super().save(*args, **kwargs)
