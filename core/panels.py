"""Admin panels that show values the Vietnamese way: a read-only field shows "—" when empty (Wagtail
prints "None"), dates as dd/mm/yyyy and numbers with the decimal comma."""

import datetime
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column

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


class FormattedColumn(Column):
    """A listing cell written the Vietnamese way (display_value): 88,78 rather than the stored 88.7800,
    06/08/2024 14:05 rather than Django's long form, "—" when empty; a person by their name."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if isinstance(value, AbstractBaseUser):
            from core.formatting import person_name

            return person_name(value)
        return display_value(value)


def columns(model, *names):
    """list_display for `model`'s listing with every value a reader sees in Vietnamese form: yes/no
    fields as boolean_column; numbers, dates and times through display_value; users by their full name.
    Other names (text, choices, relations) are passed to Wagtail unchanged."""
    from django.core.exceptions import FieldDoesNotExist
    from django.db import models as dj
    from django.utils.text import capfirst

    out = []
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            out.append(name)
            continue
        if isinstance(field, dj.BooleanField):
            out.append(boolean_column(model, name))
        elif isinstance(field, (dj.DecimalField, dj.FloatField, dj.DateField)) or (
                field.is_relation and field.related_model is not None
                and issubclass(field.related_model, AbstractBaseUser)):
            out.append(FormattedColumn(name, label=capfirst(field.verbose_name), sort_key=name))
        else:
            out.append(name)
    return out

