import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from core.slugs import AsciiSlugMixin
from units.models import AdministrativeUnit


class PhaseKind(models.TextChoices):
    REGISTRATION = "registration", _("Đăng ký thi đua")
    IMPLEMENTATION = "implementation", _("Triển khai thực hiện")
    APPRAISAL = "appraisal", _("Chấm điểm, thẩm định")
    AWARDING = "awarding", _("Tổng kết, khen thưởng")


class CampaignIndexPage(AsciiSlugMixin, Page):
    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]
    max_count = 1

    class Meta:
        verbose_name = _("danh mục phong trào thi đua")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from public.rules import public_campaigns  # the public rule (the page renders the public list)

        context["campaigns"] = (public_campaigns().child_of(self).select_related("scope_unit")
                                .prefetch_related("phases").order_by("-first_published_at"))
        return context


class CampaignPage(AsciiSlugMixin, Page):
    """One emulation movement: who takes part, when, by which rules; its points live in the ledger."""

    theme = models.CharField(_("chủ đề"), max_length=300, blank=True)
    intro = models.TextField(_("giới thiệu"), blank=True)
    scope_unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("phạm vi"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="campaigns", help_text=_("Để trống nếu là phong trào toàn quốc; hoặc chọn một tỉnh/huyện."))
    rules_text = RichTextField(_("thể lệ"), blank=True)
    rubric = models.ForeignKey("appraisal.Rubric", verbose_name=_("bộ tiêu chí chấm điểm"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+",
                               help_text=_("Bộ tiêu chí hội đồng dùng khi chấm điểm trong giai đoạn thẩm định."))
    leaderboard_size = models.PositiveSmallIntegerField(_("số đơn vị hiển thị trên bảng xếp hạng"), default=20)
    report_grace_days = models.PositiveSmallIntegerField(
        _("hạn báo cáo (ngày sau kỳ)"), default=10,
        help_text=_("Số liệu nhập trong số ngày này sau khi kỳ kết thúc được tính là báo cáo đúng hạn."))

    content_panels = Page.content_panels + [
        FieldPanel("theme"), FieldPanel("intro"), FieldPanel("scope_unit"),
        InlinePanel("phases", label=_("Giai đoạn"), min_num=1),
        FieldPanel("rules_text"), FieldPanel("rubric"),
        InlinePanel("targets", label=_("Chỉ tiêu thi đua")),
        InlinePanel("featured_models", label=_("Mô hình tiêu biểu")),
        MultiFieldPanel([FieldPanel("leaderboard_size"), FieldPanel("report_grace_days")], heading=_("Bảng xếp hạng")),
    ]
    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")

    # -- period and phases ----------------------------------------------------------------------
    def _phases(self):
        return sorted(self.phases.all(), key=lambda p: (p.starts_on, p.sort_order or 0))

    @property
    def starts_on(self):
        phases = self._phases()
        return phases[0].starts_on if phases else None

    @property
    def ends_on(self):
        phases = self._phases()
        return max(p.ends_on for p in phases) if phases else None

    def current_phase(self, today=None):
        """The phase whose dates contain `today` (the latest-starting one if they overlap)."""
        today = today or timezone.localdate()
        current = None
        for phase in self._phases():
            if phase.starts_on <= today <= phase.ends_on:
                current = phase
        return current

    def counts_on(self, day):
        """Events dated within the campaign's period earn points (see campaigns/rules.py)."""
        start, end = self.starts_on, self.ends_on
        return start is not None and start <= day <= end

    def in_scope(self, unit):
        if self.scope_unit_id is None:
            return True
        if unit.pk == self.scope_unit_id or unit.province_id == self.scope_unit_id:
            return True
        return any(a.pk == self.scope_unit_id for a in unit.ancestors())

    def get_context(self, request, *args, **kwargs):
        from ..views import campaign_page_context

        from core.page_cache import tag_page

        # points and ranks (its own board's refresh names "campaign:<id>"; awards and badges "campaigns");
        # targets read adoptions and observations ("rollout")
        tag_page(request, "campaigns", f"campaign:{self.pk}", "rollout")
        context = super().get_context(request, *args, **kwargs)
        context.update(campaign_page_context(self, request))
        return context


class CampaignPhase(Orderable):
    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("giai đoạn"), max_length=20, choices=PhaseKind.choices)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    panels = [FieldPanel("kind"), FieldPanel("starts_on"), FieldPanel("ends_on"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("giai đoạn")

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Ngày kết thúc phải sau ngày bắt đầu của giai đoạn.")})

    def is_current(self, today=None):
        today = today or timezone.localdate()
        return self.starts_on <= today <= self.ends_on

    def is_past(self, today=None):
        return self.ends_on < (today or timezone.localdate())


class FeaturedModel(Orderable):
    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="featured_models")
    initiative = models.ForeignKey("initiatives.InitiativePage", verbose_name=_("sáng kiến, mô hình"),
                                   on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("lý do giới thiệu"), max_length=300, blank=True)

    panels = [FieldPanel("initiative"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("mô hình tiêu biểu")


class CampaignTarget(Orderable):
    """An indicator target of the campaign (e.g. on-time dossiers ≥ 98%). Metrics are referenced by
    their code in rollout's catalogue, compared in the metric's own direction (higher/lower is better)."""

    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="targets")
    metric_code = models.SlugField(_("mã chỉ tiêu"), max_length=60,
                                   help_text=_("Ví dụ: dossiers_on_time_pct, sipas, online_dossiers_pct"))
    target_value = models.DecimalField(_("chỉ tiêu phải đạt"), max_digits=18, decimal_places=4)

    # The metric is chosen by name in the metric chooser, which stores its code: CampaignsConfig.ready()
    # puts rollout.choosers.MetricCodeChooser on this panel (the chooser's views need the app registry).
    panels = [FieldPanel("metric_code"), FieldPanel("target_value")]

    def clean(self):
        super().clean()
        from rollout.choosers import check_metric_code

        try:
            check_metric_code(self.metric_code)
        except ValidationError as error:
            raise ValidationError({"metric_code": error.messages}) from None

    class Meta(Orderable.Meta):
        verbose_name = _("chỉ tiêu thi đua")


class Enrolment(models.Model):
    """A unit taking part in a campaign (registered by its officers or by an editor)."""

    campaign = models.ForeignKey(CampaignPage, on_delete=models.CASCADE, related_name="enrolments")
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="campaign_enrolments")
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(_("ngày đăng ký"), auto_now_add=True)

    class Meta:
        verbose_name = _("đơn vị đăng ký thi đua")
        verbose_name_plural = _("đơn vị đăng ký thi đua")
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="campaign_enrolment_unique")]

    def __str__(self):
        return f"{self.unit} — {self.campaign}"


def date_of(value):
    """A datetime or date as a local date (events carry either)."""
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value
