"""<link rel="alternate" type="application/atom+xml"> for the page being shown (base.html): the
recognitions feed everywhere, plus the page's own feed (an initiative's adoptions, a campaign's
awards, a unit's new initiatives, the index filtered by a province)."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


def page_feeds(context):
    from campaigns.models import CampaignPage
    from initiatives.models import InitiativePage
    from units.models import AdministrativeUnit

    feeds = []
    page = context.get("page")
    specific = getattr(page, "specific", page) if page is not None else None
    unit = context.get("unit")
    if isinstance(specific, InitiativePage):
        feeds.append((_("Nhân rộng “%(title)s” (Atom)") % {"title": specific.title},
                      reverse("feeds:initiative_adoptions", args=[specific.pk])))
    elif isinstance(specific, CampaignPage):
        feeds.append((_("Khen thưởng của phong trào “%(title)s” (Atom)") % {"title": specific.title},
                      reverse("feeds:campaign_awards", args=[specific.slug])))
    elif isinstance(unit, AdministrativeUnit):
        feeds.append((_("Sáng kiến mới của %(unit)s (Atom)") % {"unit": unit.name},
                      reverse("feeds:unit_initiatives", args=[unit.key])))
    else:
        request = context.get("request")
        key = request.GET.get("province", "").strip()[:16] if request is not None else ""
        # The index's own list of provinces (evaluated once, the page then reuses it): no query here.
        choices = context.get("provinces") if key else None
        province = next((p for p in choices if p.key == key), None) if choices is not None else None
        if province is not None:
            feeds.append((_("Sáng kiến mới của %(province)s (Atom)") % {"province": province.name},
                          reverse("feeds:unit_initiatives", args=[province.key])))
    feeds.append((_("Sáng kiến được công nhận (Atom)"), reverse("feeds:recognitions")))
    return feeds


@register.inclusion_tag("public/feed_links.html", takes_context=True)
def feed_links(context):
    return {"feeds": page_feeds(context)}


@register.simple_tag(takes_context=True)
def page_feed_list(context):
    """The same feeds, for a visible "Nguồn tin (Atom)" line on a page."""
    return page_feeds(context)
