"""Councils (hội đồng thẩm định) and their members' terms."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import AdministrativeUnit

from .choices import CouncilLevel
from .provincial import ProvincialRules
from .rubric import Rubric


class Council(models.Model):
    name = models.CharField(_("tên hội đồng"), max_length=200, unique=True)
    level = models.CharField(_("cấp"), max_length=10, choices=CouncilLevel.choices)
    scope_units = models.ManyToManyField(AdministrativeUnit, verbose_name=_("phạm vi"), related_name="councils",
                                         help_text=_("Các đơn vị có sáng kiến do hội đồng thẩm định "
                                                     "(kể cả đơn vị trực thuộc và đơn vị cũ trước sáp nhập)."))
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("chủ tịch hội đồng"),
                              on_delete=models.PROTECT, related_name="chaired_councils")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="CouncilMembership",
                                     related_name="councils", verbose_name=_("thành viên"))
    rubric = models.ForeignKey(Rubric, verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT,
                               related_name="councils")
    # District councils ended with the districts on 30 June 2025 (migration 0003 sets it); a dissolved
    # council stays readable but opens no round and records no decision.
    dissolved_on = models.DateField(_("ngừng hoạt động từ"), null=True, blank=True)
    # The provincial text that fills in the Regulation for this council (composition, valid meeting):
    # see appraisal.models.provincial. Empty: only the product's configuration applies.
    provincial_rules = models.ForeignKey(ProvincialRules, verbose_name=_("quy định chi tiết của tỉnh"), null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="councils")

    class Meta:
        verbose_name = _("hội đồng thẩm định")
        verbose_name_plural = _("hội đồng thẩm định")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        from .choices import CURRENT_COUNCIL_LEVELS

        if self.level not in CURRENT_COUNCIL_LEVELS:
            previous = Council.objects.filter(pk=self.pk).values_list("level", flat=True).first()
            if previous != self.level:
                raise ValidationError({"level": _("Cấp hội đồng: từ 01/07/2025 không còn cấp huyện; chọn cấp cơ sở, "
                                                  "cấp tỉnh hoặc cấp toàn quốc.")})

    @property
    def is_dissolved(self):
        return self.dissolved_on is not None

    def active_memberships(self, on=None):
        day = on or timezone.localdate()
        return self.memberships.filter(Q(term_start__isnull=True) | Q(term_start__lte=day),
                                       Q(term_end__isnull=True) | Q(term_end__gte=day))

    def active_member_ids(self, on=None):
        return set(self.active_memberships(on).values_list("user_id", flat=True))

    def scope_unit_ids(self):
        """Every unit whose initiatives this council may appraise (scope units, their units below
        and their historic predecessors)."""
        ids = set()
        for unit in self.scope_units.all():
            ids |= unit.rollup_ids()
        return ids


class CouncilMembership(models.Model):
    council = models.ForeignKey(Council, verbose_name=_("hội đồng"), on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("thành viên"), on_delete=models.CASCADE,
                             related_name="council_memberships")
    position = models.CharField(_("chức danh trong hội đồng"), max_length=120, blank=True)
    term_start = models.DateField(_("nhiệm kỳ từ"), null=True, blank=True)
    term_end = models.DateField(_("nhiệm kỳ đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        ordering = ["council", "pk"]
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="unique_council_member")]

    def __str__(self):
        return f"{self.user} — {self.council}"
