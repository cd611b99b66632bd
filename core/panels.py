"""Admin panels that show values the Vietnamese way: a read-only field shows "—" when empty (Wagtail
prints "None"), dates as dd/mm/yyyy and numbers with the decimal comma."""

import datetime
from decimal import Decimal

from wagtail.admin.panels import FieldPanel

EMPTY = "—"


def display_value(value):
    if value is None or value == "":
        return EMPTY
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (Decimal, float)) and not isinstance(value, bool):
        from core.formatting import format_number

        return format_number(value)
    return value


class ReadOnlyPanel(FieldPanel):
    """FieldPanel(name, read_only=True) that writes empty values, dates and numbers the Vietnamese way."""

    def __init__(self, field_name, *args, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(field_name, *args, **kwargs)

    def format_value_for_display(self, value):
        shown = display_value(value)
        return shown if shown is not value else super().format_value_for_display(value)


def boolean_column(model, name):
    """A listing column for a yes/no field: Wagtail's tick or cross (its title "Có" / "Không",
    templates/wagtailadmin/tables/boolean_cell.html), headed by the field's Vietnamese name; a plain
    name in list_display printed "True"."""
    from django.utils.text import capfirst
    from wagtail.admin.ui.tables import BooleanColumn

    return BooleanColumn(name, label=capfirst(model._meta.get_field(name).verbose_name))
