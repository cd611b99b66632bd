"""What a weekly digest says: what became public about the followed thing between two instants.
Only public things, read through public/rules.py:

- adoptions (lượt nhân rộng) that started in the window: recorded started in it, or moved from
  "planned" to a started status in it (a planned adoption is never news);
- recognitions: a public initiative moved to "recognised" in the window;
- awards: public awards (confirmed, of a public campaign) confirmed in the window.

For a unit: what it adopted, adoptions and recognitions of its initiatives, awards to it; a province
or a (former) district counts the units under it."""

from dataclasses import dataclass, field

from django.db.models import Q


@dataclass
class Digest:
    adoptions: list = field(default_factory=list)
    recognitions: list = field(default_factory=list)
    awards: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.adoptions or self.recognitions or self.awards)


def _started_in(since, until):
    from rollout.models import STARTED_STATUSES, AdoptionStatus

    window = Q(created_at__gt=since, created_at__lte=until)
    moved = Q(status_changes__created_at__gt=since, status_changes__created_at__lte=until,
              status_changes__from_status=AdoptionStatus.PLANNED,
              status_changes__to_status__in=STARTED_STATUSES)
    return window | moved


def _in_unit(prefix, unit):
    return Q(**{prefix: unit}) | Q(**{f"{prefix}__province": unit}) | Q(**{f"{prefix}__parent": unit})


def collect(subscription, since, until):
    from initiatives.models import StatusChange
    from initiatives.status import InitiativeStatus
    from public.rules import public_awards, public_initiatives, started_adoptions

    adoptions = started_adoptions().filter(_started_in(since, until))
    recognitions = StatusChange.objects.filter(
        to_status=InitiativeStatus.RECOGNISED, created_at__gt=since, created_at__lte=until,
        initiative__in=public_initiatives().values("pk"))
    awards = public_awards().filter(confirmed_at__gt=since, confirmed_at__lte=until)
    kind = subscription.kind
    if kind == "initiative":
        adoptions = adoptions.filter(initiative_id=subscription.initiative_id)
        recognitions = recognitions.filter(initiative_id=subscription.initiative_id)
        awards = awards.filter(recipient_initiative_id=subscription.initiative_id)
    elif kind == "unit":
        unit = subscription.unit
        adoptions = adoptions.filter(_in_unit("unit", unit) | _in_unit("initiative__origin_unit", unit))
        recognitions = recognitions.filter(_in_unit("initiative__origin_unit", unit))
        awards = awards.filter(_in_unit("recipient_unit", unit) | _in_unit("recipient_initiative__origin_unit", unit))
    else:
        adoptions, recognitions = adoptions.none(), recognitions.none()
        awards = awards.filter(campaign_id=subscription.campaign_id)
    limit = 50  # a digest lists at most this many of each; the page has the rest
    return Digest(
        adoptions=list(adoptions.distinct().select_related("initiative", "unit").order_by("created_at", "pk")[:limit]),
        recognitions=list(recognitions.select_related("initiative").order_by("created_at", "pk")[:limit]),
        awards=list(awards.select_related("campaign", "kind", "recipient_person", "recipient_unit", "recipient_initiative")
                    .order_by("confirmed_at", "pk")[:limit]),
    )
