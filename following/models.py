"""A visitor's subscription to one initiative, unit or campaign. The address is used to send the
confirmation and the digests, and nowhere else: no page, API route, export or admin list shows it
(the admin shows it masked, `masked_email`)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("chờ xác nhận")
    ACTIVE = "active", _("đang theo dõi")
    UNSUBSCRIBED = "unsubscribed", _("đã huỷ")


class TargetKind(models.TextChoices):
    INITIATIVE = "initiative", _("sáng kiến, mô hình")
    UNIT = "unit", _("đơn vị")
    CAMPAIGN = "campaign", _("phong trào thi đua")


class Subscription(models.Model):
    email = models.EmailField(_("thư điện tử"), max_length=254)
    kind = models.CharField(_("theo dõi"), max_length=12, choices=TargetKind.choices)
    initiative = models.ForeignKey("initiatives.InitiativePage", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+")
    unit = models.ForeignKey("units.AdministrativeUnit", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    campaign = models.ForeignKey("campaigns.CampaignPage", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+")
    status = models.CharField(_("trạng thái"), max_length=12, choices=SubscriptionStatus.choices,
                              default=SubscriptionStatus.PENDING)
    language = models.CharField(max_length=8, default="vi")
    created_at = models.DateTimeField(_("ngày đăng ký"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("ngày xác nhận"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("ngày huỷ"), null=True, blank=True)
    # The digest covers what became public after this instant (confirmation, then each digest).
    digest_since = models.DateTimeField(null=True, blank=True)
    digests_sent = models.PositiveIntegerField(_("số bản tin đã gửi"), default=0)

    class Meta:
        verbose_name = _("đăng ký theo dõi")
        verbose_name_plural = _("đăng ký theo dõi")
        constraints = [
            models.CheckConstraint(name="subscription_one_target", condition=(
                Q(kind="initiative", initiative__isnull=False, unit__isnull=True, campaign__isnull=True)
                | Q(kind="unit", unit__isnull=False, initiative__isnull=True, campaign__isnull=True)
                | Q(kind="campaign", campaign__isnull=False, initiative__isnull=True, unit__isnull=True))),
            *(models.UniqueConstraint(fields=["email", field], condition=Q(kind=field),
                                      name=f"subscription_once_per_{field}")
              for field in ("initiative", "unit", "campaign")),
        ]
        indexes = [models.Index(fields=["status", "digest_since"])]

    def __str__(self):
        return f"{masked_email(self.email)} → {self.target}"

    @property
    def target(self):
        return self.initiative or self.unit or self.campaign

    @property
    def masked_email(self):
        return masked_email(self.email)


def masked_email(address):
    """"n***@g***.com": enough for an administrator to tell two apart, never the address."""
    local, _at, domain = (address or "").partition("@")
    name, dot, tld = domain.rpartition(".")
    return f"{local[:1]}***@{name[:1]}***{dot}{tld}" if domain else "***"


class UnitContact(models.Model):
    """A unit's public contact for units that want to adopt its models: what it chooses to publish
    (office, address, phone, hours). Never an officer's address: messages reach the officers
    through the form ("Đơn vị muốn áp dụng mô hình này")."""

    unit = models.OneToOneField("units.AdministrativeUnit", verbose_name=_("đơn vị"), on_delete=models.CASCADE,
                                related_name="public_contact")
    office = models.CharField(_("bộ phận tiếp nhận"), max_length=200, blank=True,
                              help_text=_("Ví dụ: Văn phòng HĐND và UBND xã"))
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    hours = models.CharField(_("giờ làm việc"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("liên hệ công khai của đơn vị")
        verbose_name_plural = _("liên hệ công khai của đơn vị")

    def __str__(self):
        return str(self.unit)
