"""Vietnam's administrative units, before and after the 1 July 2025 reorganisation.

The source reports name units that no longer exist (districts were abolished, provinces and
communes merged). Each unit keeps its own row with a validity window; historic units link to the
unit(s) that succeeded them, so figures recorded against a merged commune roll up to its successor.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .text import fold

REORGANISATION_DATE = datetime.date(2025, 7, 1)


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Tỉnh/Thành phố")
    DISTRICT = "district", _("Quận/Huyện")
    COMMUNE = "commune", _("Xã/Phường/Thị trấn/Đặc khu")


class UnitQuerySet(models.QuerySet):
    def current(self):
        return self.filter(valid_until__isnull=True)

    def historic(self):
        return self.filter(valid_until__isnull=False)

    def provinces(self):
        return self.filter(level=UnitLevel.PROVINCE)

    def communes(self):
        return self.filter(level=UnitLevel.COMMUNE)

    def search(self, text):
        """Units whose name matches `text`, with or without diacritics."""
        return self.filter(name_folded__contains=fold(text))


class AdministrativeUnit(models.Model):
    code = models.CharField(_("mã đơn vị"), max_length=10, db_index=True,
                            help_text=_("Mã đơn vị hành chính chính thức (Tổng cục Thống kê)."))
    # Codes repeat across the 2025 boundary (a merged commune often keeps one of its old codes),
    # so the stable identifier is `key`: the code for a current unit, "h" + code for a historic one.
    key = models.CharField(_("khoá"), max_length=16, unique=True)
    name = models.CharField(_("tên đầy đủ"), max_length=120)
    short_name = models.CharField(_("tên ngắn"), max_length=100)
    name_folded = models.CharField(max_length=240, db_index=True, editable=False)
    unit_type = models.CharField(_("loại"), max_length=30, help_text=_("Tỉnh, Thành phố, Huyện, Xã, Phường, …"))
    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices, db_index=True)
    parent = models.ForeignKey("self", verbose_name=_("trực thuộc"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    province = models.ForeignKey("self", verbose_name=_("tỉnh/thành phố"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 help_text=_("Tỉnh của đơn vị (chính nó nếu là tỉnh); để lọc nhanh."))
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True, db_index=True)
    successors = models.ManyToManyField("self", verbose_name=_("đơn vị kế thừa"), symmetrical=False,
                                        blank=True, related_name="predecessors")
    # The old unit went into several successors, each taking part of it (the package's
    # DICT_PROVINCE_WARD_DIVIDED; a district whose communes went to several provinces). Its figures
    # cannot be apportioned, so roll-ups to one of its successors leave them out (rollout.rollups).
    split = models.BooleanField(_("chia cho nhiều đơn vị kế thừa"), default=False)
    # Current provinces: the legal basis of their communes' reorganisation (the National Assembly
    # Standing Committee resolution of 16/06/2025 for the province), see units/resolutions.py.
    reorganisation_resolution = models.CharField(_("nghị quyết sắp xếp"), max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["key"]
        indexes = [models.Index(fields=["level", "valid_until"]), models.Index(fields=["province", "level"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            )
        ]

    def __str__(self):
        if self.is_historic:
            return f"{self.name} ({_('trước 01/07/2025')})"
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def is_historic(self):
        return self.valid_until is not None

    @property
    def history_label(self):
        """The name, with "(trước 01/07/2025)" for a unit that no longer exists."""
        return str(self)

    @property
    def succession_kind(self):
        """How this old unit went into its successors: "part" when split, else "whole"."""
        return "part" if self.split else "whole"

    @property
    def display_path(self):
        """'Xã Long Khánh A, Huyện Hồng Ngự, Tỉnh Đồng Tháp' (walks parents; units are ≤ 3 deep)."""
        names, unit = [], self
        while unit is not None:
            names.append(unit.name)
            unit = unit.parent
        return ", ".join(names)

    def ancestors(self):
        unit, chain = self.parent, []
        while unit is not None:
            chain.append(unit)
            unit = unit.parent
        return chain

    def rollup_ids(self):
        """Ids of this unit and every unit that rolls up to it: its historic predecessors (any depth)
        and, for a province or district, the units below it (any era). A new commune gathers the
        communes merged into it; a new province its communes, the old provinces merged into it and
        their districts and communes. One query per level of the graph: 2 for a commune, 4 for a
        province on the real data."""
        ids = {self.pk}
        frontier = {self.pk}
        through = AdministrativeUnit.successors.through
        while frontier:
            # A UNION of two indexed lookups: an OR across the unit table and the successor links
            # made the database join and scan both tables whole at every step.
            below = AdministrativeUnit.objects.filter(parent__in=frontier).order_by().values_list("pk")
            merged = through.objects.filter(to_administrativeunit_id__in=frontier).order_by().values_list(
                "from_administrativeunit_id")
            found = {pk for (pk,) in below.union(merged)} - ids
            ids |= found
            frontier = found
        return ids

    def succession_ids(self):
        """Ids of this unit and the units merged into it, at any depth (successor links only, not
        the units below): whose points, badges and leaderboard rows count for this unit."""
        ids, frontier = {self.pk}, {self.pk}
        through = AdministrativeUnit.successors.through
        while frontier:
            found = set(through.objects.filter(to_administrativeunit_id__in=frontier).values_list(
                "from_administrativeunit_id", flat=True)) - ids
            ids |= found
            frontier = found
        return ids

    def current_successors(self):
        """The unit(s) in force today that took this one over: itself when current; for a historic
        commune the new commune(s) it went into (several when it was split), for an old province or
        district the new province(s). Follows chains of successors; one query per step."""
        return current_successors_map([self]).get(self.pk, [])


def current_successors_map(units):
    """{unit id: [current successor units]} for many units at once (no query per unit): use it to
    place initiatives of merged units on today's map. Current units map to themselves."""
    result = {u.pk: [u] for u in units if not u.is_historic}
    pending = {u.pk: {u.pk} for u in units if u.is_historic}  # unit id -> historic ids still to follow
    found = {pk: {} for pk in pending}
    seen = {pk: set(ids) for pk, ids in pending.items()}
    while any(pending.values()):
        frontier = set().union(*pending.values())
        links = defaultdict(list)
        for link in AdministrativeUnit.successors.through.objects.filter(
                from_administrativeunit_id__in=frontier).select_related("to_administrativeunit"):
            links[link.from_administrativeunit_id].append(link.to_administrativeunit)
        for pk, ids in pending.items():
            following = set()
            for successor in (s for i in ids for s in links[i]):
                if successor.pk in seen[pk]:
                    continue
                seen[pk].add(successor.pk)
                if successor.is_historic:
                    following.add(successor.pk)
                else:
                    found[pk][successor.pk] = successor
            pending[pk] = following
    for pk, units_by_id in found.items():
        result[pk] = sorted(units_by_id.values(), key=lambda u: u.key)
    return result


class Affiliation(models.Model):
    """The unit a user works for. Commune officers act for this unit only; a council member's
    unit decides their conflicts of interest."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliation")
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="affiliations")
    office = models.CharField(_("cơ quan"), max_length=200, blank=True,
                              help_text=_("Ví dụ: UBND xã Long Khánh A, Phòng Y tế huyện"))

    class Meta:
        verbose_name = _("đơn vị công tác")
        verbose_name_plural = _("đơn vị công tác")

    def __str__(self):
        return f"{self.user} — {self.unit}"
