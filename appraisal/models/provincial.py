"""What a province fills in around the Initiative Regulation (Decree 13/2012/NĐ-CP), as data: who sits
on a council, when its meeting is valid, the limitation period it repeats. One row per provincial text,
with its source (number, date, issuer, address, the site it was read from) and what it does NOT set,
so nothing unread is presented as a rule. A council points to the text that governs it; what the text
leaves out stays the product's configuration (`AppraisalRound.min_ballots`, the council's rubric,
RECOGNITION_* settings).

Seeded by migration 0006_i14_provincial_rules with what was actually read (docs/recognition.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProvincialRules(models.Model):
    name = models.CharField(_("tên"), max_length=200, unique=True)
    province = models.CharField(_("tỉnh, thành phố"), max_length=200)
    source_number = models.CharField(_("số, ký hiệu văn bản"), max_length=100, blank=True)
    source_title = models.CharField(_("trích yếu"), max_length=400)
    source_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    source_issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    source_url = models.URLField(_("địa chỉ văn bản"), max_length=500)
    read_from = models.CharField(_("đọc tại"), max_length=200,
                                 help_text=_("Trang đã đọc văn bản (nguồn thứ cấp nếu không phải cổng chính thức)."))
    council_composition = models.TextField(_("thành phần hội đồng"), blank=True)
    # "Các kỳ họp của Hội đồng hợp lệ khi có ít nhất 2/3 số thành viên dự họp": numerator / denominator.
    meeting_quorum_numerator = models.PositiveSmallIntegerField(_("họp hợp lệ: tử số"), null=True, blank=True)
    meeting_quorum_denominator = models.PositiveSmallIntegerField(_("họp hợp lệ: mẫu số"), null=True, blank=True)
    request_limitation_months = models.PositiveSmallIntegerField(
        _("thời hiệu yêu cầu công nhận (tháng, từ ngày áp dụng lần đầu)"), null=True, blank=True)
    not_set = models.TextField(_("văn bản không quy định (hoặc chưa đọc được)"), blank=True,
                               help_text=_("Giữ theo cấu hình của phần mềm."))

    class Meta:
        verbose_name = _("quy định chi tiết của tỉnh về xét công nhận sáng kiến")
        verbose_name_plural = _("quy định chi tiết của tỉnh về xét công nhận sáng kiến")
        ordering = ["province", "name"]
        constraints = [models.CheckConstraint(
            condition=(models.Q(meeting_quorum_numerator__isnull=True, meeting_quorum_denominator__isnull=True)
                       | models.Q(meeting_quorum_numerator__gt=0,
                                  meeting_quorum_denominator__gte=models.F("meeting_quorum_numerator"))),
            name="provincial_quorum_fraction")]

    def __str__(self):
        return self.name

    @property
    def citation(self):
        date = self.source_date.strftime("%d/%m/%Y") if self.source_date else ""
        parts = [self.source_number, f"ngày {date}" if date else "", self.source_issuer]
        return " ".join(p for p in parts if p)

    @property
    def has_meeting_quorum(self):
        return bool(self.meeting_quorum_numerator and self.meeting_quorum_denominator)
