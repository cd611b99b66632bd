"""Adoptions: an initiative taken up by a unit, where it came from (lineage), and its status history."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class AdoptionStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    PILOTING = "piloting", _("Thí điểm")
    OPERATING = "operating", _("Đang vận hành")
    SUSPENDED = "suspended", _("Tạm dừng")
    DISCONTINUED = "discontinued", _("Đã dừng")


S = AdoptionStatus
# A suspended model can restart; a discontinued one is over (a new start is a new decision,
# recorded by editing the adoption, not by resurrecting its status).
ALLOWED_TRANSITIONS = {
    S.PLANNED: {S.PILOTING, S.OPERATING, S.DISCONTINUED},
    S.PILOTING: {S.OPERATING, S.SUSPENDED, S.DISCONTINUED},
    S.OPERATING: {S.SUSPENDED, S.DISCONTINUED},
    S.SUSPENDED: {S.PILOTING, S.OPERATING, S.DISCONTINUED},
    S.DISCONTINUED: set(),
}
ACTIVE_STATUSES = (S.PILOTING, S.OPERATING)
# "Started" (đã triển khai), the one definition of an adoption that counts as replication: the unit did
# put the model to work — piloting, operating, or suspended or discontinued since. A merely planned
# adoption never counts. Public counts add "of a public initiative" (public.rules.started_adoptions).
STARTED_STATUSES = (S.PILOTING, S.OPERATING, S.SUSPENDED, S.DISCONTINUED)


def can_move(from_status, to_status):
    return to_status in ALLOWED_TRANSITIONS.get(from_status, set())


class AdoptionQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("initiative", "unit", "unit__province", "replicated_from_adoption__unit")

    def active(self):
        """Running now: piloting or operating."""
        return self.filter(status__in=ACTIVE_STATUSES)

    def started(self):
        """Started (see STARTED_STATUSES): what counts as replication."""
        return self.filter(status__in=STARTED_STATUSES)


class Adoption(models.Model):
    """A unit taking up an initiative (nhân rộng). One unit adopts a given initiative once."""

    initiative = models.ForeignKey("initiatives.InitiativePage", verbose_name=_("sáng kiến, mô hình"),
                                   on_delete=models.CASCADE, related_name="adoptions")
    unit = models.ForeignKey("units.AdministrativeUnit", verbose_name=_("đơn vị áp dụng"),
                             on_delete=models.PROTECT, related_name="adoptions")
    # Lineage: learnt from the originating unit (replicated_from_initiative) or from another
    # adopter (replicated_from_adoption, which then also sets the initiative it belongs to).
    replicated_from_initiative = models.ForeignKey(
        "initiatives.InitiativePage", verbose_name=_("học tập từ sáng kiến"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="replications")
    replicated_from_adoption = models.ForeignKey(
        "self", verbose_name=_("học tập từ đơn vị đã áp dụng"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="replications")
    status = models.CharField(_("trạng thái"), max_length=20, choices=AdoptionStatus.choices,
                              default=AdoptionStatus.PLANNED, db_index=True)
    start_date = models.DateField(_("ngày bắt đầu áp dụng"), null=True, blank=True)
    responsible_office = models.CharField(_("cơ quan phụ trách"), max_length=200, blank=True,
                                          help_text=_("Ví dụ: Bộ phận Một cửa UBND xã"))
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("người ghi nhận"))
    created_at = models.DateTimeField(_("ngày ghi nhận"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị nhân rộng")
        verbose_name_plural = _("đơn vị nhân rộng")
        ordering = ["start_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "unit"], name="adoption_once_per_unit",
                                    violation_error_message=_("Đơn vị này đã ghi nhận áp dụng sáng kiến này.")),
            models.CheckConstraint(condition=~Q(replicated_from_adoption=F("pk")), name="adoption_not_own_source"),
        ]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self):
        return f"{self.unit} — {self.initiative}"

    @property
    def source_unit(self):
        """The unit this adoption learnt from: another adopter, else the originating unit."""
        if self.replicated_from_adoption_id:
            return self.replicated_from_adoption.unit
        if self.replicated_from_initiative_id:
            return self.replicated_from_initiative.origin_unit
        return None


class AdoptionStatusChange(models.Model):
    """One dated step in an adoption's life. Append-only, written by rollout.actions."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("từ"), max_length=20, choices=AdoptionStatus.choices, blank=True)
    to_status = models.CharField(_("sang"), max_length=20, choices=AdoptionStatus.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("người thực hiện"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử trạng thái nhân rộng")
        verbose_name_plural = _("lịch sử trạng thái nhân rộng")
        ordering = ["created_at", "pk"]  # order of recording; effective_date may be backdated

    def __str__(self):
        return f"{self.adoption_id}: {self.from_status or '∅'} → {self.to_status} ({self.effective_date})"
