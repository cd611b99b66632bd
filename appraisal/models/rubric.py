"""A rubric is data: weighted criteria with a maximum score each, plus recognition thresholds."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives.status import RecognitionLevel


class Rubric(models.Model):
    name = models.CharField(_("tên bộ tiêu chí"), max_length=200, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    is_default = models.BooleanField(_("mặc định"), default=False,
                                     help_text=_("Dùng khi hội đồng chưa chọn bộ tiêu chí riêng."))

    class Meta:
        verbose_name = _("bộ tiêu chí chấm điểm")
        verbose_name_plural = _("bộ tiêu chí chấm điểm")
        ordering = ["-is_default", "name"]

    def __str__(self):
        return self.name

    @classmethod
    def default(cls):
        return cls.objects.filter(is_default=True).first() or cls.objects.first()


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("tiêu chí"), max_length=200)
    description = models.TextField(_("mô tả, cách chấm"), blank=True)
    # Weight is the criterion's share of the 100-point total (see appraisal.aggregation).
    weight = models.DecimalField(_("trọng số"), max_digits=6, decimal_places=2, default=1)
    max_score = models.PositiveSmallIntegerField(_("điểm tối đa"), default=10)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["rubric", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(max_score__gt=0), name="criterion_max_positive"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self):
        return self.name


class RecognitionThreshold(models.Model):
    """Final score (0..100) at or above `min_score` suggests recognition at `level`.
    The highest threshold reached wins; the chair still decides."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="thresholds")
    min_score = models.DecimalField(_("điểm tối thiểu"), max_digits=6, decimal_places=2)
    level = models.CharField(_("cấp công nhận"), max_length=10, choices=RecognitionLevel.choices)
    label = models.CharField(_("diễn giải"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ngưỡng công nhận")
        verbose_name_plural = _("ngưỡng công nhận")
        ordering = ["rubric", "min_score"]

    def __str__(self):
        return f"≥ {self.min_score}: {self.get_level_display()}"
