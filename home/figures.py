"""What the public pages count, defined once: the home page's headline figures, the campaign it
features and the latest recognitions; the showcase and the comparison use the same definitions.

- Public initiative, adoption (lượt nhân rộng: a started adoption of a public initiative): as defined
  once in public/rules.py.
- Units taking part: distinct units that originated a public initiative or counted as adopting one.

Caching (headline_figures, latest_recognitions): Django cache, short TTL (HEADLINE_TTL) AND the events
listed in core/changes.py (status changes, adoptions, initiative pages published, unpublished, moved
or deleted), connected in HomeConfig.ready(): the figures are marked changed and recomputed by one
background task while readers get the previous ones; the recognitions are dropped.
The TTL only bounds staleness from writes that bypass the actions (shell, raw SQL).
"""

from django.core.cache import cache
from django.db.models import Count, F, Q

from initiatives.queries import recognised_on
from public.rules import current_campaign, public_initiatives, started_adoptions  # noqa: F401 (current_campaign: home page)

HEADLINE_CACHE_KEY = "home:headline-figures:v1"
RECOGNITIONS_CACHE_KEY = "home:latest-recognitions:v1"
HEADLINE_DIRTY_KEY = "home:headline-figures:changed"
HEADLINE_REFRESH_LOCK = "home:headline-figures:refreshing"
HEADLINE_LOCK_SECONDS = 120  # a refresh that dies leaves its lock this long at most
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
    """The cached figures. After a change they concern, readers keep getting the previous figures
    while one background refresh recomputes them (single flight: a cache lock; issue 17: the national
    counts take a second at national scale, and no request should wait on them). Only an empty cache
    (first request, eviction) computes in the request."""
    found = cache.get_many([HEADLINE_CACHE_KEY, HEADLINE_DIRTY_KEY])
    figures = found.get(HEADLINE_CACHE_KEY)
    if figures is None:
        cache.delete(HEADLINE_DIRTY_KEY)
        figures = compute_headline_figures()
        cache.set(HEADLINE_CACHE_KEY, figures, HEADLINE_TTL)
        return figures
    if HEADLINE_DIRTY_KEY in found and cache.add(HEADLINE_REFRESH_LOCK, 1, HEADLINE_LOCK_SECONDS):
        from .tasks import refresh_headline_figures

        refresh_headline_figures.delay()  # (eager without a worker: done before the next line)
        figures = cache.get(HEADLINE_CACHE_KEY) or figures
    return figures


def refresh_headline_figures_now():
    """Recompute and store the figures (the Celery task's body). The dirty mark goes first, so a change
    committed while counting marks them again for the next reader."""
    try:
        cache.delete(HEADLINE_DIRTY_KEY)
        figures = compute_headline_figures()
        cache.set(HEADLINE_CACHE_KEY, figures, HEADLINE_TTL)
        return figures
    finally:
        cache.delete(HEADLINE_REFRESH_LOCK)


def mark_headline_figures_changed(**kwargs):
    cache.set(HEADLINE_DIRTY_KEY, 1, HEADLINE_TTL)


def invalidate_recognitions(**kwargs):
    cache.delete(RECOGNITIONS_CACHE_KEY)


def connect_invalidation():
    """Figures: publication, status, adoptions change them (observations do not); the latest
    recognitions: publication and status only."""
    from core.changes import ADOPTION, PAGE, STATUS, connect_public_changes
    from initiatives.models import InitiativePage

    connect_public_changes(mark_headline_figures_changed, "home.headline", page_types=[InitiativePage],
                           kinds=(PAGE, STATUS, ADOPTION))
    connect_public_changes(invalidate_recognitions, "home.recognitions", page_types=[InitiativePage],
                           kinds=(PAGE, STATUS))


# ---------------------------------------------------------------- the campaign of the moment

def top_of_board(campaign, limit=TOP_UNITS):
    """The first rows of the campaign's overall board, as stored by campaigns.leaderboard (two small
    queries), each with its count of figures not yet verified (shown as such, issue 15; cached)."""
    from django.db.models import prefetch_related_objects

    from campaigns.leaderboard import board_rows, first_rows
    from campaigns.views import mark_unverified

    if campaign is None:
        return []
    prefetch_related_objects([campaign], "phases")  # its period, read by mark_unverified, once
    return mark_unverified(campaign, first_rows(board_rows(campaign), limit))


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
