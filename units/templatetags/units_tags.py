from django import template

from ..vocabulary import todays_province as _todays_province

register = template.Library()


@register.filter
def todays_province(unit):
    """{{ unit|todays_province }}: the unit's province on today's map (cards, lists)."""
    return _todays_province(unit)
