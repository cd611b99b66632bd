"""The indicator catalogue, held as data (seeded by migration 0002, editable by administrators)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..aggregation import Aggregation


class MetricUnit(models.TextChoices):
    PERCENT = "percent", _("%")
    COUNT = "count", _("hồ sơ / lượt")
    MINUTES = "minutes", _("phút")
    DAYS = "days", _("ngày")
    VND = "vnd", _("đồng")
    POINTS = "points", _("điểm")
    RANK = "rank", _("thứ hạng")
    # An ordinal rating ("Tốt", "Khá"…) stored as a number so it can be charted and compared;
    # Metric.scale_labels names each level.
    GRADE = "grade", _("xếp loại")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Càng cao càng tốt")
    LOWER = "lower", _("Càng thấp càng tốt")


class Metric(models.Model):
    code = models.SlugField(_("mã chỉ tiêu"), max_length=60, unique=True)
    name_vi = models.CharField(_("tên chỉ tiêu"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    unit = models.CharField(_("đơn vị tính"), max_length=10, choices=MetricUnit.choices)
    direction = models.CharField(_("chiều tốt"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    min_value = models.DecimalField(_("giá trị nhỏ nhất"), max_digits=18, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("giá trị lớn nhất"), max_digits=18, decimal_places=4, null=True, blank=True)
    decimals = models.PositiveSmallIntegerField(_("số chữ số thập phân"), default=0)
    scale_labels = models.JSONField(_("nhãn xếp loại"), default=dict, blank=True,
                                    help_text=_('Chỉ với chỉ tiêu xếp loại, ví dụ {"4": "Tốt"}.'))
    # Named bands of a percentage, highest first: [[90, "A"], [80, "B"], …] — the value is in the first
    # band whose floor it reaches (the PAR Index groups; rollout.migrations.0008_i18_metric_names).
    bands = models.JSONField(_("nhóm theo ngưỡng"), default=list, blank=True,
                             help_text=_('Ví dụ [[90, "A"], [80, "B"], [70, "C"], [0, "D"]]: từ 90 trở lên là nhóm A…'))
    # Names the metric went by before (files made with an older template still import).
    former_names = models.JSONField(_("tên cũ"), default=list, blank=True,
                                    help_text=_("Tên trước đây của chỉ tiêu; bảng tính ghi tên cũ vẫn nhập được."))
    # How the figures of several units add up (rollout.aggregation.roll_up): a rate by its counts,
    # a count by its sum; ranks, grades, scores and average times never.
    aggregation = models.CharField(_("cách cộng gộp"), max_length=10, choices=Aggregation.choices,
                                   default=Aggregation.NONE)
    numerator_definition = models.CharField(_("tử số"), max_length=300, blank=True,
                                            help_text=_("Chỉ với tỷ lệ: cái được đếm ở tử số."))
    denominator_definition = models.CharField(_("mẫu số"), max_length=300, blank=True,
                                              help_text=_("Chỉ với tỷ lệ: cái được đếm ở mẫu số."))
    description = models.TextField(_("mô tả"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name_vi

    @property
    def display_name(self):
        """The name for public pages: English when the page is in English and one is recorded.
        Files (CSV/XLSX) and admin forms keep name_vi."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name_vi

    @property
    def is_rate(self):
        return self.aggregation == Aggregation.RATIO

    @property
    def higher_is_better(self):
        return self.direction == Direction.HIGHER

    def in_range(self, value):
        value = Decimal(value)
        return (self.min_value is None or value >= self.min_value) and \
            (self.max_value is None or value <= self.max_value)

    def label_for(self, value):
        """The rating's name for an ordinal value, or the band a value falls in ("nhóm B"); '' when
        there is none."""
        if value is None:
            return ""
        if self.bands:
            return band_of(value, self.bands)
        if not self.scale_labels:
            return ""
        return self.scale_labels.get(str(int(Decimal(value))), "")


def band_of(value, bands):
    """The label of the first band (floor, label), highest floor first, whose floor `value` reaches;
    '' below every floor. Pure: band_of(88.78, [[90, "A"], [80, "B"]]) == "nhóm B"."""
    value = Decimal(value)
    for floor, label in sorted(bands, key=lambda band: Decimal(str(band[0])), reverse=True):
        if value >= Decimal(str(floor)):
            return _("nhóm %(label)s") % {"label": label}
    return ""
