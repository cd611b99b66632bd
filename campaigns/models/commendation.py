"""Commendation as Law 06/2022/QH15 on Emulation and Commendation (Luật Thi đua, khen thưởng, in force
01/01/2024) defines it, and the people it is given to. Articles are cited where each fact comes from;
docs/commendation.md lists them and says which powers after 1 July 2025 are configuration.

- Danh hiệu thi đua (emulation titles): individuals "Lao động tiên tiến" (Art. 24), "Chiến sĩ thi đua
  cơ sở" (Art. 23), "Chiến sĩ thi đua Bộ, ban, ngành, tỉnh" (Art. 22), "Chiến sĩ thi đua toàn quốc"
  (Art. 21); collectives "Tập thể lao động tiên tiến" (Art. 28), "Tập thể lao động xuất sắc"
  (Art. 27), "Cờ thi đua của Bộ, ban, ngành, tỉnh" (Art. 26), "Cờ thi đua của Chính phủ" (Art. 25).
- Hình thức khen thưởng (forms): Bằng khen, Giấy khen… (Chương III).
- Who awards (Chương IV): Art. 80 gives the chair of the district People's Committee "Tập thể lao
  động tiên tiến", "Chiến sĩ thi đua cơ sở", "Lao động tiên tiến" and Giấy khen (cl. 2) and the chair
  of the commune People's Committee "Lao động tiên tiến" and Giấy khen (cl. 3). Districts ceased on
  1 July 2025: the district's kinds stay readable, labelled "(trước 01/07/2025)", and cannot be
  proposed anew.

The rows are data (seeded by migration 0004, editable as snippets); the code reads them only through
`proposable()`, `is_historic` and `required_recognition`.
"""

import datetime

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from units.models import AdministrativeUnit

DISTRICTS_ABOLISHED = datetime.date(2025, 7, 1)
# What the district chair awarded under Law 06/2022/QH15 Art. 80 cl. 2 (besides Giấy khen, kept historic).
DISTRICT_POWERS = ("cstd_co_so", "tt_ld_tien_tien")


class KindCategory(models.TextChoices):
    TITLE = "title", _("Danh hiệu thi đua")
    FORM = "form", _("Hình thức khen thưởng")


class KindLevel(models.TextChoices):
    BASE = "base", _("Cơ sở (xã, cơ quan, đơn vị)")
    DISTRICT = "district", _("Huyện (trước 01/07/2025)")
    PROVINCE = "province", _("Tỉnh, Bộ, ban, ngành")
    STATE = "state", _("Chính phủ, Thủ tướng Chính phủ")


class Recipients(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    BOTH = "both", _("Cá nhân và tập thể")


class CommendationKind(models.Model):
    """One title or form of the Law. `code` is the key stored on awards (the five kinds awards had
    before this table keep their codes)."""

    code = models.SlugField(_("mã"), max_length=30, primary_key=True)
    name = models.CharField(_("tên"), max_length=160)
    category = models.CharField(_("loại"), max_length=10, choices=KindCategory.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=KindLevel.choices)
    recipients = models.CharField(_("đối tượng"), max_length=12, choices=Recipients.choices)
    authority = models.CharField(_("thẩm quyền quyết định hiện nay"), max_length=300,
                                 help_text=_("Ai được quyết định tặng từ 01/07/2025; ghi rõ nếu là cấu hình chưa "
                                             "xác nhận từ văn bản gốc."))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    criteria = models.TextField(_("tiêu chuẩn (tóm tắt)"), blank=True)
    # The recognised initiative the Law's criteria require of the recipient (Art. 21–23), if any.
    required_recognition = models.CharField(
        _("sáng kiến được công nhận tối thiểu ở cấp"), max_length=10, blank=True,
        choices=[("commune", _("Cơ sở")), ("province", _("Tỉnh, Bộ, ngành")), ("national", _("Toàn quốc"))])
    valid_until = models.DateField(_("áp dụng đến ngày"), null=True, blank=True,
                                   help_text=_("Với hình thức không còn cấp có thẩm quyền (ví dụ cấp huyện)."))
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh hiệu, hình thức khen thưởng")
        ordering = ["category", "sort_order", "code"]

    def __str__(self):
        return self.label

    @property
    def is_historic(self):
        return self.valid_until is not None and self.valid_until < DISTRICTS_ABOLISHED

    @property
    def label(self):
        if self.is_historic:
            return gettext("%(name)s (trước 01/07/2025)") % {"name": self.name}
        return self.name

    @property
    def authority_today(self):
        """Who awards it today. For the kinds the district chair awarded (Art. 80 cl. 2) the commune
        chair is added only when COMMENDATION_COMMUNE_HAS_DISTRICT_POWERS says so: no primary text read
        confirms the transfer (docs/commendation.md)."""
        from django.conf import settings

        if self.code in DISTRICT_POWERS and settings.COMMENDATION_COMMUNE_HAS_DISTRICT_POWERS:
            return gettext("%(a)s; Chủ tịch UBND cấp xã (theo cấu hình: nhận thẩm quyền của cấp huyện, "
                           "Điều 80 khoản 2)") % {"a": self.authority.split(";")[0]}
        return self.authority

    def accepts(self, individual):
        return self.recipients == Recipients.BOTH or self.recipients == (
            Recipients.INDIVIDUAL if individual else Recipients.COLLECTIVE)

    @classmethod
    def proposable(cls, on=None):
        on = on or datetime.date.today()
        return cls.objects.filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on))


class Person(models.Model):
    """An individual who may be commended: a civil servant, an initiative's author. Public pages show
    the name, the position and the workplace only; the contact fields are for staff (never in the
    API, the open data or a credential)."""

    full_name = models.CharField(_("họ và tên"), max_length=160)
    position = models.CharField(_("chức vụ, chức danh"), max_length=160, blank=True)
    workplace_unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị công tác"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="people")
    workplace_name = models.CharField(_("cơ quan công tác"), max_length=200, blank=True,
                                      help_text=_("Ví dụ: Văn phòng HĐND và UBND xã"))
    email = models.EmailField(_("thư điện tử (không công khai)"), blank=True)
    phone = models.CharField(_("điện thoại (không công khai)"), max_length=30, blank=True)
    # The initiatives the person wrote (eligibility reads the recognised ones: Art. 21–23).
    authored_initiatives = models.ManyToManyField("initiatives.InitiativePage", verbose_name=_("sáng kiến là tác giả"),
                                                  blank=True, related_name="+")
    # The person as named in applications for recognition (issue 14's authors, Decree 13/2012/NĐ-CP,
    # Regulation Art. 5(2)(a)): their initiatives count for eligibility once recognised.
    author_records = models.ManyToManyField("initiatives.InitiativeAuthor", verbose_name=_("tác giả trong đơn yêu cầu "
                                            "công nhận sáng kiến"), blank=True, related_name="people")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["full_name", "pk"]

    def __str__(self):
        return self.full_name

    def recognised_initiatives(self):
        """The recognised initiatives the person authored: named as an author in the application
        (author_records) or linked directly (authored_initiatives, for initiatives without authors)."""
        from django.db.models import Q

        from initiatives.models import InitiativePage
        from initiatives.status import InitiativeStatus

        return (InitiativePage.objects.filter(status=InitiativeStatus.RECOGNISED)
                .filter(Q(authors__people=self) | Q(pk__in=self.authored_initiatives.values("pk"))).distinct())

    @property
    def workplace(self):
        parts = [p for p in (self.workplace_name, self.workplace_unit.name if self.workplace_unit_id else "") if p]
        return ", ".join(parts)
