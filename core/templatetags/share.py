"""Share links for public pages: plain links, no third-party script, no tracker, no counter.

The address shared is the page's canonical address on SITE_URL (never the request's Host header, which
a visitor controls). The networks' share addresses are configuration (`SHARE_LINKS` in settings): the
Facebook sharer address is the one Facebook documents for a link without its SDK; Zalo documents its
share button only as an SDK plugin, so the plain address we use for it is configuration, not a
documented contract (docs/maps.md, "Sharing")."""

from urllib.parse import quote

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("core/share.html", takes_context=True)
def share_links(context, title=""):
    request = context.get("request")
    path = request.path if request is not None else "/"
    url = settings.SITE_URL + path
    links = [{"name": name, "href": pattern.format(url=quote(url, safe=""), title=quote(title or "", safe=""))}
             for name, pattern in settings.SHARE_LINKS]
    return {"url": url, "links": links, "title": title}
