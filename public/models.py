from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitSummary(models.Model):
    """What the public pages count for one unit, its own rows only (never rolled up: a page adds the
    rows of the units it rolls up), by the public rule (public/rules.py). Maintained by the writes
    (public/summary.py) and rebuilt nightly; a unit with nothing to count has no row."""

    unit = models.OneToOneField("units.AdministrativeUnit", primary_key=True, on_delete=models.CASCADE,
                                related_name="public_summary")
    initiatives = models.PositiveIntegerField(_("sáng kiến công khai khởi xướng"), default=0)
    recognised = models.PositiveIntegerField(_("sáng kiến được công nhận"), default=0)
    adoptions_started = models.PositiveIntegerField(_("lượt nhân rộng đã triển khai"), default=0)
    adoptions_public = models.PositiveIntegerField(_("lượt nhân rộng công khai (kể cả dự kiến)"), default=0)

    class Meta:
        verbose_name = _("số liệu tổng hợp của đơn vị")
        verbose_name_plural = _("số liệu tổng hợp của đơn vị")


class UnitSpread(models.Model):
    """Where the public initiatives a unit originated were adopted, its own rows only (a page adds the
    rows of the units it rolls up): the adoptions per grid cell of the map (rollout.maps.CELL, projected
    by units.geo), today's province of the adopter and status, with the sum of the adopters' projected
    positions (a mark sits at their mean). Maintained by the writes (public/unit_map_store.py) and
    rebuilt nightly; a cell with no coordinates is the adopters the map cannot place."""

    origin = models.ForeignKey("units.AdministrativeUnit", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("đơn vị khởi xướng"))
    cell_x = models.IntegerField(_("ô lưới (cột)"), null=True)
    cell_y = models.IntegerField(_("ô lưới (hàng)"), null=True)
    province_id = models.IntegerField(_("tỉnh, thành phố hiện nay của đơn vị áp dụng"), null=True)
    status = models.CharField(_("trạng thái"), max_length=20)
    adoptions = models.PositiveIntegerField(_("lượt nhân rộng"), default=0)
    sum_x = models.FloatField(_("tổng hoành độ"), default=0)
    sum_y = models.FloatField(_("tổng tung độ"), default=0)
    # One adopter of the row (the smallest id): a mark standing for one adoption is titled with its unit.
    unit_id_sample = models.IntegerField(_("một đơn vị áp dụng"))

    class Meta:
        verbose_name = _("nơi lan toả sáng kiến của đơn vị")
        verbose_name_plural = _("nơi lan toả sáng kiến của đơn vị")


class UnitLearning(models.Model):
    """What a unit learnt and from whom, its own rows only: its adoptions of public initiatives per
    source unit (the unit of the adoption it learnt from, else the initiative's origin). Maintained by
    the writes (public/unit_map_store.py) and rebuilt nightly."""

    adopter = models.ForeignKey("units.AdministrativeUnit", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("đơn vị áp dụng"))
    source_id = models.IntegerField(_("đơn vị được học tập"), null=True)
    adoptions = models.PositiveIntegerField(_("mô hình đã học tập"), default=0)

    class Meta:
        verbose_name = _("nơi đơn vị học tập")
        verbose_name_plural = _("nơi đơn vị học tập")
