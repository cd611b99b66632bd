"""The service index of Decision 766/QĐ-TTg (23/06/2022) as data: its five groups of indicators with
their points, each indicator tied to the metric that stores its figures, with the threshold of full
points and where each number comes from (seeded by migration 0007_i18_service_index766; editable by
administrators). The arithmetic is rollout.scoring766; the figures are rollout.service_index's."""

from django.db import models
from django.utils.translation import gettext_lazy as _

NOT_FOUND = "Không tìm thấy trong văn bản gốc (cấu hình)"


class ScoreGroup(models.Model):
    code = models.SlugField(_("mã nhóm"), max_length=40, unique=True)
    name_vi = models.CharField(_("tên nhóm chỉ số"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    source = models.CharField(_("nguồn"), max_length=400, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhóm chỉ số (QĐ 766)")
        verbose_name_plural = _("nhóm chỉ số (QĐ 766)")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name_vi


class ScoredIndicator(models.Model):
    """One indicator of the index: its metric (whose observations are its figures), its points and
    the rate at or above which it earns them all (below: in proportion)."""

    group = models.ForeignKey(ScoreGroup, verbose_name=_("nhóm chỉ số"), on_delete=models.CASCADE,
                              related_name="indicators")
    metric = models.OneToOneField("rollout.Metric", verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT,
                                  related_name="service_index")
    number = models.CharField(_("số thứ tự trong bộ chỉ số"), max_length=10, blank=True)
    official_name = models.CharField(_("tên chính thức"), max_length=300)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    points_source = models.CharField(_("nguồn của điểm"), max_length=400, default=NOT_FOUND)
    full_points_at = models.DecimalField(_("ngưỡng đạt điểm tối đa (%)"), max_digits=6, decimal_places=2,
                                         default=100)
    threshold_source = models.CharField(_("nguồn của ngưỡng"), max_length=400, default=NOT_FOUND)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ số thành phần (QĐ 766)")
        verbose_name_plural = _("chỉ số thành phần (QĐ 766)")
        ordering = ["group__sort_order", "sort_order", "pk"]

    def __str__(self):
        return f"{self.number} {self.official_name}".strip()

    @property
    def rule(self):
        from ..scoring766 import Rule

        return Rule(self.metric.code, self.group.code, self.max_points, self.full_points_at)

    @property
    def points_confirmed(self):
        return self.points_source != NOT_FOUND

    @property
    def threshold_confirmed(self):
        return self.threshold_source != NOT_FOUND
