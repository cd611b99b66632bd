"""The authors and co-authors of an initiative as people (Decree 13/2012/NĐ-CP, Initiative Regulation,
Art. 5(3)(b): the author or co-authors and each one's share; form of the application: Circular
18/2013/TT-BKHCN, Annex I).

Public rule: names, workplace, position, qualification and share are shown on a recognised
initiative when the author consents (`public_consent`, default True); the date of birth is personal
data and never leaves the admin (not on the page, not in the API, not in the downloads)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from units.models import AdministrativeUnit

from ..authorship import format_share


class InitiativeAuthor(Orderable):
    page = ParentalKey("initiatives.InitiativePage", on_delete=models.CASCADE, related_name="authors")
    full_name = models.CharField(_("họ và tên"), max_length=120)
    birth_date = models.DateField(_("ngày tháng năm sinh"), null=True, blank=True,
                                  help_text=_("Dữ liệu cá nhân: không bao giờ công khai."))
    workplace = models.CharField(_("nơi công tác"), max_length=200, blank=True)
    workplace_unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị hành chính nơi công tác"),
                                       null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    position = models.CharField(_("chức danh"), max_length=120, blank=True)
    qualification = models.CharField(_("trình độ chuyên môn"), max_length=120, blank=True)
    contribution_pct = models.DecimalField(_("tỷ lệ đóng góp (%)"), max_digits=5, decimal_places=2,
                                           help_text=_("Tổng tỷ lệ của các tác giả phải bằng 100."))
    public_consent = models.BooleanField(_("đồng ý công khai tên"), default=True,
                                         help_text=_("Bỏ chọn nếu tác giả không muốn tên mình hiện công khai."))

    panels = [
        FieldRowPanel([FieldPanel("full_name"), FieldPanel("birth_date")]),
        FieldRowPanel([FieldPanel("workplace"), FieldPanel("workplace_unit")]),
        FieldRowPanel([FieldPanel("position"), FieldPanel("qualification")]),
        FieldRowPanel([FieldPanel("contribution_pct"), FieldPanel("public_consent")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("tác giả")
        verbose_name_plural = _("tác giả, đồng tác giả")

    def __str__(self):
        return f"{self.full_name} ({format_share(self.contribution_pct)}%)"

    @property
    def share_display(self):
        return format_share(self.contribution_pct) + "%"

    # Fields anyone may see when public_consent is set; birth_date is never among them.
    PUBLIC_FIELDS = ("full_name", "workplace", "position", "qualification", "contribution_pct")

    def public_dict(self):
        return {"full_name": self.full_name, "workplace": self.workplace, "position": self.position,
                "qualification": self.qualification, "contribution_pct": float(self.contribution_pct)}
