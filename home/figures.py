"""What the public pages count, defined once: the home page's headline figures, the campaign it
features and the latest recognitions; the showcase and the comparison use the same definitions.

- Public initiative, adoption (lượt nhân rộng: a started adoption of a public initiative): as defined
  once in public/rules.py.
- Units taking part: distinct units that originated a public initiative or counted as adopting one.

Caching (headline_figures, latest_recognitions): Django cache, short TTL (HEADLINE_TTL) AND invalidation by the events
listed in core/changes.py (status changes, adoptions, observations, initiative pages published,
unpublished, moved or deleted), connected in HomeConfig.ready().
The TTL only bounds staleness from writes that bypass the actions (shell, raw SQL).
"""

from django.core.cache import cache
from django.db.models import Case, Count, F, Max, Min, Q, Value, When
from django.utils import timezone

from initiatives.queries import recognised_on
from public.rules import public_campaigns, public_initiatives, started_adoptions

HEADLINE_CACHE_KEY = "home:headline-figures:v1"
RECOGNITIONS_CACHE_KEY = "home:latest-recognitions:v1"
HEADLINE_TTL = 300  # seconds
TOP_UNITS = 10
LATEST_RECOGNITIONS = 6


def compute_headline_figures():
    """Four figures, counted by the database in three aggregate queries (plus the view-restriction
    lookup of public_initiatives)."""
    from initiatives.status import InitiativeStatus

    initiatives = public_initiatives()
    totals = initiatives.order_by().aggregate(
        initiatives=Count("pk"), recognised=Count("pk", filter=Q(status=InitiativeStatus.RECOGNISED)))
    adoptions = started_adoptions(initiatives)
    # A UNION of the two sets, not an OR of two IN (subquery): PostgreSQL would re-run the adoption
    # subquery for each unit once it is too large to hash (minutes at national scale).
    units = (initiatives.filter(origin_unit__isnull=False).order_by().values("origin_unit")
             .union(adoptions.order_by().values("unit")).count())
    return {**totals, "adoptions": adoptions.count(), "units": units}


def headline_figures():
    """The cached figures (see module docstring for how the cache is kept fresh)."""
    figures = cache.get(HEADLINE_CACHE_KEY)
    if figures is None:
        figures = compute_headline_figures()
        cache.set(HEADLINE_CACHE_KEY, figures, HEADLINE_TTL)
    return figures


def invalidate_headline_figures(**kwargs):
    cache.delete_many([HEADLINE_CACHE_KEY, RECOGNITIONS_CACHE_KEY])


def connect_invalidation():
    from core.changes import ADOPTION, OBSERVATION, PAGE, STATUS, connect_public_changes
    from initiatives.models import InitiativePage

    connect_public_changes(invalidate_headline_figures, "home.headline", page_types=[InitiativePage],
                           kinds=(PAGE, STATUS, ADOPTION, OBSERVATION))


# ---------------------------------------------------------------- the campaign of the moment

def current_campaign(today=None):
    """The live campaign running today (the most recently started if several); else the most recently
    started one that has begun. One query; None when there is none."""
    today = today or timezone.localdate()
    return (public_campaigns()
            .annotate(first_day=Min("phases__starts_on"), last_day=Max("phases__ends_on"))
            .filter(first_day__lte=today)
            .annotate(running=Case(When(last_day__gte=today, then=Value(1)), default=Value(0)))
            .order_by("-running", "-first_day", "-pk").first())


def top_of_board(campaign, limit=TOP_UNITS):
    """The first rows of the campaign's overall board, as stored by campaigns.leaderboard (one query),
    each with its count of figures not yet verified (shown as such, issue 15; one query more)."""
    from campaigns.leaderboard import board_rows
    from campaigns.views import mark_unverified

    return mark_unverified(campaign, list(board_rows(campaign)[:limit])) if campaign is not None else []


# ---------------------------------------------------------------- recognitions

def latest_recognitions(limit=LATEST_RECOGNITIONS):
    """The public initiatives recognised most recently, each with `recognised_date`. Which ones is
    cached like the headline figures (ordering every recognised model by its date is the costly part);
    the pages themselves are read by primary key (one query, + the view-restriction lookup)."""
    from initiatives.status import InitiativeStatus

    cached = limit == LATEST_RECOGNITIONS
    chosen = cache.get(RECOGNITIONS_CACHE_KEY) if cached else None
    if chosen is None:
        chosen = list(public_initiatives().filter(status=InitiativeStatus.RECOGNISED)
                      .annotate(recognised_date=recognised_on())
                      .order_by(F("recognised_date").desc(nulls_last=True), "-pk")
                      .values_list("pk", "recognised_date")[:limit])
        if cached:
            cache.set(RECOGNITIONS_CACHE_KEY, chosen, HEADLINE_TTL)
    pages = (public_initiatives().filter(pk__in=[pk for pk, _day in chosen])
             .select_related("origin_unit", "origin_unit__province", "reform_area").in_bulk())
    result = []
    for pk, day in chosen:
        if pk in pages:  # unpublished since: dropped until the cache is invalidated (at once, by signal)
            pages[pk].recognised_date = day
            result.append(pages[pk])
    return result
