from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from initiatives.models import InitiativeIndexPage, InitiativePage
from initiatives.status import InitiativeStatus
from units.models import AdministrativeUnit, UnitLevel


class HomePage(Page):
    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("trang chủ")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        live = InitiativePage.objects.live().select_related("origin_unit", "origin_unit__province", "reform_area")
        # One aggregate query for the headline counts of initiatives.
        totals = InitiativePage.objects.live().aggregate(
            initiatives=Count("pk"),
            recognised=Count("pk", filter=Q(status=InitiativeStatus.RECOGNISED)),
            units=Count("origin_unit", distinct=True),
        )
        current_units = AdministrativeUnit.objects.current().aggregate(
            provinces=Count("pk", filter=Q(level=UnitLevel.PROVINCE)),
            communes=Count("pk", filter=Q(level=UnitLevel.COMMUNE)),
        )
        context.update(
            index_page=InitiativeIndexPage.objects.live().first(),
            featured=live.filter(featured=True).order_by("-first_published_at", "-pk")[:6],
            latest=live.order_by("-first_published_at", "-pk")[:6],
            counts={**totals, **current_units},
        )
        return context
