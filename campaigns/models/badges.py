from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from units.models import AdministrativeUnit


@register_setting(icon="pick")
class CampaignSettings(BaseSiteSetting):
    badges_enabled = models.BooleanField(_("bật huy hiệu"), default=True,
                                         help_text=_("Tắt để ngừng trao và ẩn huy hiệu trên trang đơn vị."))

    class Meta:
        verbose_name = _("cài đặt thi đua")


class BadgeDefinition(ClusterableModel):
    """A badge, as data: its levels (thresholds) and the code of the criterion that measures progress
    (evaluators in campaigns/badges.py, keyed by this code)."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên huy hiệu"), max_length=120)
    description = models.CharField(_("mô tả"), max_length=300, blank=True)
    criterion = models.CharField(_("tiêu chí"), max_length=60,
                                 help_text=_("Mã tiêu chí: first_adopter_in_province, initiative_replicated, "
                                             "on_time_streak_months, sipas_percent."))
    measure_label = models.CharField(_("đơn vị đo"), max_length=60, blank=True, help_text=_("Ví dụ: đơn vị, tháng, %"))
    active = models.BooleanField(_("đang áp dụng"), default=True)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("description"), FieldPanel("criterion"),
              FieldPanel("measure_label"), FieldPanel("active"), InlinePanel("levels", label=_("Các bậc"))]

    class Meta:
        verbose_name = _("huy hiệu")
        verbose_name_plural = _("huy hiệu")
        ordering = ["name"]

    def __str__(self):
        return self.name


class BadgeLevel(Orderable):
    definition = ParentalKey(BadgeDefinition, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("bậc"))
    name = models.CharField(_("tên bậc"), max_length=60, help_text=_("Ví dụ: Đồng, Bạc, Vàng"))
    threshold = models.DecimalField(_("ngưỡng"), max_digits=8, decimal_places=2)

    panels = [FieldPanel("level"), FieldPanel("name"), FieldPanel("threshold")]

    class Meta(Orderable.Meta):
        verbose_name = _("bậc huy hiệu")
        constraints = [models.UniqueConstraint(fields=["definition", "level"], name="badge_level_unique")]

    def __str__(self):
        return f"{self.definition.name} — {self.name}"


class BadgeAward(models.Model):
    """Each level of a badge is awarded once per unit, with the date and the evidence."""

    definition = models.ForeignKey(BadgeDefinition, on_delete=models.PROTECT, related_name="awards")
    level = models.PositiveSmallIntegerField(_("bậc"))
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="badge_awards")
    awarded_on = models.DateField(_("ngày đạt"))
    evidence = models.JSONField(_("minh chứng"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("huy hiệu đã đạt")
        verbose_name_plural = _("huy hiệu đã đạt")
        ordering = ["-awarded_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["definition", "level", "unit"], name="badge_award_unique")]

    def __str__(self):
        return f"{self.unit_id}: {self.definition_id}/{self.level}"
