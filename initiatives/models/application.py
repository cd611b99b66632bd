"""The application for recognition (đơn yêu cầu công nhận sáng kiến) as fields of the initiative.

Decree 13/2012/NĐ-CP, Initiative Regulation (Điều lệ Sáng kiến), Art. 5(3): the application names the
authors (see authors.py), the investor who funded the solution when not the author, the field of
application, the date of first or trial application, a description of the solution (the former
practice, what is new, how it is applied), the information to keep confidential, the conditions
needed to apply it, the benefit as assessed by the author and by those who trialled it, and the people
who took part in the first or trial application. The form itself: Circular 18/2013/TT-BKHCN, Annex I (Phụ lục I).

Confidentiality: Circular 18/2013/TT-BKHCN Art. 6(1)(b) obliges the receiving body to keep secret what
the author asks to keep secret. `confidential_info` is therefore never on the public page, in the
API or in the downloads (the public side reads only `PUBLIC_APPLICATION_FIELDS`)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

# What the public side may show of the application (the rest is for the council and the applicant).
PUBLIC_APPLICATION_FIELDS = ("application_field", "first_applied_on", "former_practice", "novelty",
                             "how_applied", "conditions", "benefit_by_author", "benefit_by_trialists")


class ApplicationFields(models.Model):
    investor = models.CharField(_("chủ đầu tư tạo ra sáng kiến"), max_length=200, blank=True,
                                help_text=_("Ghi khi chủ đầu tư không phải là tác giả sáng kiến."))
    state_funded = models.BooleanField(_("do ngân sách nhà nước đầu tư"), default=False,
                                       help_text=_("Chọn nếu sáng kiến được tạo ra bằng kinh phí ngân sách nhà nước."))
    application_field = models.CharField(_("lĩnh vực áp dụng"), max_length=200, blank=True)
    first_applied_on = models.DateField(_("ngày áp dụng lần đầu hoặc áp dụng thử"), null=True, blank=True)
    former_practice = models.TextField(_("tình trạng, giải pháp đã biết"), blank=True,
                                       help_text=_("Cách làm trước khi có sáng kiến, nhược điểm của nó."))
    novelty = models.TextField(_("nội dung, tính mới của giải pháp"), blank=True,
                               help_text=_("Điểm mới, khác biệt so với cách làm đã biết."))
    how_applied = models.TextField(_("cách thức, các bước áp dụng"), blank=True)
    confidential_info = models.TextField(_("thông tin cần được bảo mật"), blank=True,
                                         help_text=_("Không bao giờ công khai: không hiện trên trang, API hay tệp "
                                                     "dữ liệu mở."))
    conditions = models.TextField(_("các điều kiện cần thiết để áp dụng"), blank=True)
    benefit_by_author = models.TextField(_("lợi ích thu được theo ý kiến của tác giả"), blank=True)
    benefit_by_trialists = models.TextField(_("lợi ích theo ý kiến của tổ chức, cá nhân đã tham gia áp dụng "
                                              "thử hoặc áp dụng lần đầu"), blank=True)

    class Meta:
        abstract = True

    def clean_application(self, received_on=None):
        """The first application date cannot lie in the future nor after the receipt."""
        day = self.first_applied_on
        if day is None:
            return
        today = timezone.localdate()
        if day > today:
            raise ValidationError({"first_applied_on": _g(
                "Ngày áp dụng lần đầu hoặc áp dụng thử không được sau hôm nay (%(today)s).")
                % {"today": today.strftime("%d/%m/%Y")}})
        if received_on is not None and day > received_on:
            raise ValidationError({"first_applied_on": _g(
                "Ngày áp dụng lần đầu hoặc áp dụng thử không được sau ngày nhận đơn (%(day)s).")
                % {"day": received_on.strftime("%d/%m/%Y")}})


def application_panels():
    """The panels in the order of the application form (Circular 18/2013/TT-BKHCN, Annex I)."""
    return MultiFieldPanel([
        InlinePanel("authors", label=_("Tác giả, đồng tác giả"), heading=_("Tác giả, đồng tác giả"),
                    help_text=_("Tổng tỷ lệ đóng góp bằng 100%. Để trống nếu nguồn không nêu tên tác giả.")),
        FieldRowPanel([FieldPanel("investor"), FieldPanel("state_funded")]),
        FieldRowPanel([FieldPanel("application_field"), FieldPanel("first_applied_on")]),
        FieldPanel("former_practice"),
        FieldPanel("novelty"),
        FieldPanel("how_applied"),
        FieldPanel("confidential_info"),
        FieldPanel("conditions"),
        FieldPanel("benefit_by_author"),
        FieldPanel("benefit_by_trialists"),
        InlinePanel("first_application_participants", label=_("Người tham gia áp dụng lần đầu"),
                    heading=_("Những người tham gia áp dụng thử hoặc áp dụng lần đầu")),
    ], heading=_("Đơn yêu cầu công nhận sáng kiến"))


class FirstApplicationParticipant(Orderable):
    """Someone who took part in the first or trial application (Regulation Art. 5(3)(e)). Not public."""

    page = ParentalKey("initiatives.InitiativePage", on_delete=models.CASCADE,
                       related_name="first_application_participants")
    full_name = models.CharField(_("họ và tên"), max_length=120)
    workplace = models.CharField(_("nơi công tác"), max_length=200, blank=True)
    position = models.CharField(_("chức danh"), max_length=120, blank=True)
    task = models.CharField(_("nội dung công việc hỗ trợ"), max_length=300, blank=True)

    panels = [FieldRowPanel([FieldPanel("full_name"), FieldPanel("workplace")]),
              FieldRowPanel([FieldPanel("position"), FieldPanel("task")])]

    class Meta(Orderable.Meta):
        verbose_name = _("người tham gia áp dụng lần đầu")
        verbose_name_plural = _("người tham gia áp dụng lần đầu")
