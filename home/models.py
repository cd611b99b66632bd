from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from initiatives.models import InitiativeIndexPage
from public.rules import public_initiatives
from units.models import AdministrativeUnit, UnitLevel


class HomePage(Page):
    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("trang chủ")

    def get_context(self, request, *args, **kwargs):
        from . import figures

        context = super().get_context(request, *args, **kwargs)
        public = public_initiatives().select_related("origin_unit", "origin_unit__province", "reform_area")
        campaign = figures.current_campaign()
        current_units = AdministrativeUnit.objects.current().aggregate(
            provinces=Count("pk", filter=Q(level=UnitLevel.PROVINCE)),
            communes=Count("pk", filter=Q(level=UnitLevel.COMMUNE)),
        )
        context.update(
            index_page=InitiativeIndexPage.objects.live().first(),
            # Cached, invalidated by signals (home/figures.py).
            headline=figures.headline_figures(),
            counts=current_units,
            featured=public.filter(featured=True).order_by("-first_published_at", "-pk")[:6],
            latest=public.order_by("-first_published_at", "-pk")[:6],
            campaign=campaign,
            top_units=figures.top_of_board(campaign),
            recognitions=figures.latest_recognitions(),
        )
        return context
