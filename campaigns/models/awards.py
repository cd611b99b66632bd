import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from units.models import AdministrativeUnit


class AwardKind(models.TextChoices):
    """Codes of the kinds awards had before the Law's titles and forms became data
    (`CommendationKind`, seeded with these codes and more). Kept so code and tests can name them."""

    BANG_KHEN_THU_TUONG = "bk_thu_tuong", _("Bằng khen của Thủ tướng Chính phủ")
    CO_THI_DUA_TINH = "co_thi_dua_tinh", _("Cờ thi đua của UBND tỉnh")
    BANG_KHEN_TINH = "bk_tinh", _("Bằng khen của Chủ tịch UBND tỉnh")
    GIAY_KHEN_HUYEN = "gk_huyen", _("Giấy khen của Chủ tịch UBND huyện")
    GIAY_KHEN_XA = "gk_xa", _("Giấy khen của Chủ tịch UBND xã")


class _KindByCode(ForwardManyToOneDescriptor):
    """`award.kind = "bk_tinh"` (or an AwardKind) names the kind by its code, as awards did before
    the kinds became a table; a CommendationKind instance works as for any foreign key."""

    def __set__(self, instance, value):
        if isinstance(value, str):
            if self.field.is_cached(instance):
                self.field.delete_cached_value(instance)
            instance.__dict__[self.field.attname] = str(value)
            return
        super().__set__(instance, value)


class KindForeignKey(models.ForeignKey):
    forward_related_accessor_class = _KindByCode


class AwardStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề nghị")
    CONFIRMED = "confirmed", _("Đã quyết định")
    REVOKED = "revoked", _("Đã thu hồi")


class Award(models.Model):
    """A commendation proposed by the council and confirmed by an editor (with the decision's number
    and date). `uuid` is its public id: certificate QR code, verification page, credential."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.PROTECT, related_name="awards")
    # db_column "kind": the code awards stored before the kinds became a table (migration 0004).
    kind = KindForeignKey("campaigns.CommendationKind", verbose_name=_("danh hiệu, hình thức khen thưởng"),
                             on_delete=models.PROTECT, db_column="kind", related_name="awards")
    recipient_person = models.ForeignKey("campaigns.Person", verbose_name=_("cá nhân được khen"), null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="awards")
    achievement_year = models.PositiveSmallIntegerField(_("năm thành tích"), null=True, blank=True)
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
    # The signed credential (VC-JOSE JWT), made once when the award is confirmed; revocation is the
    # status list's bit (index = pk), so the credential itself never changes.
    credential_jwt = models.TextField(_("chứng chỉ số đã ký"), blank=True, editable=False)
    signing_kid = models.CharField(_("khoá ký"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-decision_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_unit__isnull=False) | ~Q(recipient_office="") | Q(recipient_initiative__isnull=False)
                | Q(recipient_person__isnull=False),
                name="award_has_recipient"),
        ]

    def __str__(self):
        return f"{self.kind_label} — {self.recipient_name}"

    @property
    def kind_label(self):
        return self.kind.label if self.kind_id else ""

    def get_kind_display(self):  # templates and the open data read it by this name
        return self.kind_label

    @property
    def status_index(self):
        return self.pk

    @property
    def recipient_name(self):
        if self.recipient_person_id:
            return self.recipient_person.full_name
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
