import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from units.models import AdministrativeUnit


class AwardKind(models.TextChoices):
    """Forms of commendation under the Law on Emulation and Commendation (Luật Thi đua, khen thưởng 2022)."""

    BANG_KHEN_THU_TUONG = "bk_thu_tuong", _("Bằng khen của Thủ tướng Chính phủ")
    CO_THI_DUA_TINH = "co_thi_dua_tinh", _("Cờ thi đua của UBND tỉnh")
    BANG_KHEN_TINH = "bk_tinh", _("Bằng khen của Chủ tịch UBND tỉnh")
    GIAY_KHEN_HUYEN = "gk_huyen", _("Giấy khen của Chủ tịch UBND huyện")
    GIAY_KHEN_XA = "gk_xa", _("Giấy khen của Chủ tịch UBND xã")


class AwardStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề nghị")
    CONFIRMED = "confirmed", _("Đã quyết định")
    REVOKED = "revoked", _("Đã thu hồi")


class Award(models.Model):
    """A commendation proposed by the council and confirmed by an editor (with the decision's number
    and date). `uuid` is its public id: certificate QR code, verification page, credential."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.PROTECT, related_name="awards")
    kind = models.CharField(_("hình thức khen thưởng"), max_length=20, choices=AwardKind.choices)
    recipient_unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị được khen"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="awards")
    recipient_office = models.CharField(_("cơ quan, tập thể được khen"), max_length=200, blank=True)
    recipient_initiative = models.ForeignKey("initiatives.InitiativePage", verbose_name=_("sáng kiến được khen"),
                                             null=True, blank=True, on_delete=models.PROTECT, related_name="awards")
    citation = models.TextField(_("thành tích"), help_text=_("Ví dụ: Đã có thành tích xuất sắc trong phong trào…"))
    issuer_name = models.CharField(_("cấp quyết định"), max_length=200, blank=True,
                                   help_text=_("Ví dụ: Chủ tịch UBND tỉnh Hòa Bình"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=AwardStatus.choices,
                              default=AwardStatus.PROPOSED, db_index=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(_("lý do thu hồi"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-decision_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_unit__isnull=False) | ~Q(recipient_office="") | Q(recipient_initiative__isnull=False),
                name="award_has_recipient"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.recipient_name}"

    @property
    def recipient_name(self):
        if self.recipient_office:
            return self.recipient_office
        if self.recipient_unit_id:
            return self.recipient_unit.name
        return self.recipient_initiative.title if self.recipient_initiative_id else ""

    @property
    def is_valid(self):
        return self.status == AwardStatus.CONFIRMED

    def get_verification_url(self):
        return reverse("campaigns:verify_award", args=[self.uuid])
