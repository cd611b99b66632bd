"""Vietnamese number formatting for templates: {{ 98.9|vn_number }} -> 98,9 ; {{ 9470|vn_number }} -> 9.470."""

from django import template

from core.formatting import format_number, format_percent

register = template.Library()


@register.filter
def vn_number(value, decimals=None):
    return format_number(value, decimals)


@register.filter
def vn_percent(value, decimals=None):
    return format_percent(value, decimals)


@register.filter
def vn_file_size(value):
    from core.formatting import format_file_size

    return format_file_size(value)
