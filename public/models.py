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
