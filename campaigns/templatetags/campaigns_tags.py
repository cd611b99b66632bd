"""Includes for pages owned by other apps (unit page, initiative page):
    {% load campaigns_tags %}{% unit_badges unit %}{% replication_for_unit unit %}
    {% replication_for_initiative page %}
"""

from django import template

from core.roles import user_unit

from ..badges import badges_enabled, unit_badge_progress
from ..replication import adoption_nearby, suggestions_for_unit

register = template.Library()


@register.inclusion_tag("campaigns/unit_badges.html")
def unit_badges(unit):
    if not badges_enabled():
        return {"enabled": False}
    return {"enabled": True, "unit": unit, "badges": unit_badge_progress(unit)}


@register.inclusion_tag("campaigns/replication.html")
def replication_for_unit(unit, limit=5):
    return {"unit": unit, "suggestions": suggestions_for_unit(unit, limit)}


@register.inclusion_tag("campaigns/replication.html", takes_context=True)
def replication_for_initiative(context, page, limit=5):
    """For the visitor's unit when they have one; else for the initiative's own unit."""
    request = context.get("request")
    viewer_unit = user_unit(request.user) if request is not None else None
    unit = viewer_unit or page.origin_unit
    return {"unit": unit, "viewer_unit": viewer_unit, "initiative": page,
            "nearby": adoption_nearby(page, viewer_unit) if viewer_unit and viewer_unit.pk != page.origin_unit_id else None,
            "suggestions": suggestions_for_unit(unit, limit, exclude_initiative=page.pk)}
