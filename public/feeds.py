"""Atom 1.0 feeds (django.contrib.syndication, Atom1Feed): what a visitor can follow without giving
an address. Only public things, read through public/rules.py:

    /nguon-tin/don-vi/<key>/sang-kien.atom    new initiatives of a unit (a province of today: with
                                              those of the pre-2025 units merged into it)
    /nguon-tin/cong-nhan.atom                 recognitions of public initiatives
    /nguon-tin/sang-kien/<id>/nhan-rong.atom  started adoptions of a public initiative
    /nguon-tin/thi-dua/<slug>/khen-thuong.atom public awards of a public campaign

Each lists the newest FEED_SIZE entries; every entry has a stable id (a tag: URI), a date, a link to
the public page. The pages link to their feed with <link rel="alternate" type="application/atom+xml">.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import rules

FEED_SIZE = 50
TAG = "tag:nhanrong,2026:"


def _as_datetime(value, fallback):
    """A date (or a datetime) as an aware datetime at midnight in the site's time zone."""
    import datetime

    if value is None:
        return fallback
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time()))


class _AtomFeed(Feed):
    feed_type = Atom1Feed
    author_name = "Nhân Rộng"

    url_name = ""

    def url_kwargs(self, obj):
        return {}

    def feed_url(self, obj):
        return reverse(f"feeds:{self.url_name}", kwargs=self.url_kwargs(obj))

    def item_guid_is_permalink(self, item):
        return False


class UnitInitiativesFeed(_AtomFeed):
    """New initiatives of a unit: of a province of today, with those of the pre-2025 units merged
    into it (initiatives.queries.in_province); of a commune, its own and its predecessors'."""

    url_name = "unit_initiatives"

    def url_kwargs(self, obj):
        return {"key": obj.key}

    def get_object(self, request, key):
        from units.models import AdministrativeUnit

        unit = AdministrativeUnit.objects.filter(key=key[:16]).first()
        if unit is None:
            raise Http404(_("Không có đơn vị này."))
        return unit

    def title(self, obj):
        return _("Sáng kiến, mô hình mới của %(unit)s") % {"unit": obj.name}

    def subtitle(self, obj):
        return _("Các sáng kiến, mô hình công khai mới nhất của %(unit)s trên Nhân Rộng.") % {"unit": obj.name}

    def link(self, obj):
        return reverse("units:detail", args=[obj.key])

    def items(self, obj):
        from django.db.models import Q

        from initiatives.queries import in_province
        from units.models import UnitLevel

        public = rules.public_initiatives()
        if obj.level == UnitLevel.PROVINCE:
            items = in_province(public, obj)
        else:
            items = public.filter(Q(origin_unit=obj) | Q(origin_unit__successors=obj)
                                  | Q(origin_unit__parent=obj)).distinct()
        return items.select_related("origin_unit").order_by("-first_published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.origin_unit.name}. {item.summary}"

    def item_link(self, item):
        return item.url or "/"

    def item_guid(self, item):
        return f"{TAG}initiative:{item.pk}"

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.first_published_at


class RecognitionsFeed(_AtomFeed):
    url_name = "recognitions"

    def title(self):
        return _("Sáng kiến, mô hình được công nhận")

    def subtitle(self):
        return _("Các quyết định công nhận sáng kiến mới nhất trên Nhân Rộng.")

    def link(self):
        return "/mo-hinh-tieu-bieu/"

    def items(self):
        from initiatives.models import StatusChange
        from initiatives.status import InitiativeStatus

        return (StatusChange.objects.filter(to_status=InitiativeStatus.RECOGNISED,
                                            initiative__in=rules.public_initiatives().values("pk"))
                .select_related("initiative", "initiative__origin_unit").order_by("-created_at", "-pk")[:FEED_SIZE])

    def item_title(self, item):
        return _("Công nhận: %(title)s") % {"title": item.initiative.title}

    def item_description(self, item):
        page = item.initiative
        parts = [page.origin_unit.name]
        if item.recognition_level:
            parts.append(item.get_recognition_level_display())
        if page.decision_number:
            parts.append(_("Quyết định số %(number)s") % {"number": page.decision_number})
        return " · ".join(str(part) for part in parts)

    def item_link(self, item):
        return item.initiative.url or "/"

    def item_guid(self, item):
        return f"{TAG}recognition:{item.pk}"

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.created_at


class InitiativeAdoptionsFeed(_AtomFeed):
    url_name = "initiative_adoptions"

    def url_kwargs(self, obj):
        return {"pk": obj.pk}

    def get_object(self, request, pk):
        page = rules.public_initiatives().filter(pk=pk).first()
        if page is None:
            raise Http404(_("Không có sáng kiến công khai này."))
        return page

    def title(self, obj):
        return _("Nhân rộng “%(title)s”") % {"title": obj.title}

    def subtitle(self, obj):
        return _("Các đơn vị đã áp dụng sáng kiến, mô hình “%(title)s” (lượt nhân rộng đã triển khai).") % {
            "title": obj.title}

    def link(self, obj):
        return obj.url or "/"

    def items(self, obj):
        return (rules.started_adoptions().filter(initiative=obj).select_related("unit", "initiative")
                .order_by("-created_at", "-pk")[:FEED_SIZE])

    def item_title(self, item):
        return _("%(unit)s áp dụng “%(title)s”") % {"unit": item.unit.name, "title": item.initiative.title}

    def item_description(self, item):
        text = str(item.get_status_display())
        if item.start_date:
            text += " · " + _("từ %(date)s") % {"date": item.start_date.strftime("%d/%m/%Y")}
        return text

    def item_link(self, item):
        return reverse("units:detail", args=[item.unit.key])

    def item_guid(self, item):
        return f"{TAG}adoption:{item.pk}"

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class CampaignAwardsFeed(_AtomFeed):
    url_name = "campaign_awards"

    def url_kwargs(self, obj):
        return {"slug": obj.slug}

    def get_object(self, request, slug):
        page = rules.public_campaigns().filter(slug=slug[:255]).first()
        if page is None:
            raise Http404(_("Không có phong trào thi đua công khai này."))
        return page

    def title(self, obj):
        return _("Khen thưởng của phong trào “%(title)s”") % {"title": obj.title}

    def subtitle(self, obj):
        return _("Các khen thưởng đã có quyết định của phong trào “%(title)s”.") % {"title": obj.title}

    def link(self, obj):
        return obj.url or "/"

    def items(self, obj):
        return (rules.public_awards().filter(campaign=obj)
                .select_related("kind", "recipient_person", "recipient_unit", "recipient_initiative")
                .order_by("-confirmed_at", "-pk")[:FEED_SIZE])

    def item_title(self, item):
        return f"{item.kind_label}: {item.recipient_name}"

    def item_description(self, item):
        text = item.citation
        if item.decision_number:
            text += " · " + _("Quyết định số %(number)s") % {"number": item.decision_number}
        return text

    def item_link(self, item):
        return item.get_verification_url()

    def item_guid(self, item):
        return f"{TAG}award:{item.uuid}"

    def item_pubdate(self, item):
        return _as_datetime(item.confirmed_at, item.proposed_at)

    def item_updateddate(self, item):
        return _as_datetime(item.confirmed_at, item.proposed_at)
