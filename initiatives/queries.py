"""Query expressions about initiatives, defined once (the showcase, the home page and the comparison
read them)."""

from django.db.models import DateField, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncDate


def recognised_on():
    """The date an initiative was recognised: its decision date, else the day the recognition was
    recorded (its last StatusChange to "recognised")."""
    from .models import StatusChange
    from .status import InitiativeStatus

    recorded = (StatusChange.objects.filter(initiative=OuterRef("pk"), to_status=InitiativeStatus.RECOGNISED)
                .order_by("-created_at", "-pk").values("created_at")[:1])
    return Coalesce("decision_date", TruncDate(Subquery(recorded)), output_field=DateField())


def in_province(items, province):
    """`items` (initiatives) of `province`: a historic province, its own; a province of today, also
    those of the pre-2025 units merged into it (their historic province, or their commune's
    successor, lies in it). The index filter and the province feed read it."""
    from django.db.models import Q

    if province.is_historic:
        return items.filter(origin_unit__province=province)
    return items.filter(
        Q(origin_unit__province=province)
        | Q(origin_unit__successors__province=province)
        | Q(origin_unit__province__successors=province)
    ).distinct()
