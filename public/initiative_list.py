"""The initiative index's list tools (issue 19): text search (diacritics optional, the search layer's
folded text), a status filter, three orders, the active filters as chips that each remove
themselves in one click, and "add to comparison" kept in the query (?so-sanh=, up to 4) without
script. `InitiativeIndexPage.get_context` calls `refine` on its public list."""

from django.db.models import F
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

NEWEST, MOST_ADOPTED, HIGHEST_IMPACT = "moi-nhat", "nhan-rong", "hieu-qua"
SORTS = [(NEWEST, _("Mới nhất")), (MOST_ADOPTED, _("Nhân rộng nhiều nhất")), (HIGHEST_IMPACT, _("Hiệu quả cao nhất"))]
COMPARE_PARAM, COMPARE_MAX = "so-sanh", 4


def matching(items, text):
    """Initiatives whose folded text (title, summary, body, units, area, tags) holds every word of
    `text`, with or without diacritics (search.text.words, as the search page folds)."""
    from search.models import SearchEntry
    from search.text import words

    folded = words(text, folded=True)
    if not folded:
        return items
    entries = SearchEntry.objects.all()
    for word in folded[:10]:
        entries = entries.filter(text_folded__contains=word)
    return items.filter(pk__in=entries.values("initiative_id"))


def ordered(items, sort):
    """Newest first (first publication); most adopted (started adoptions, as every public count);
    highest impact (the precomputed share of adopter × indicator pairs that improved,
    rollout.impact_store; unmeasured last)."""
    from .showcase import adoption_count

    if sort == MOST_ADOPTED:
        return items.annotate(adoption_count=adoption_count()).order_by("-adoption_count", "-first_published_at", "-pk")
    if sort == HIGHEST_IMPACT:
        return items.order_by(F("impact_summary__score").desc(nulls_last=True),
                              F("impact_summary__adopters").desc(nulls_last=True), "-first_published_at", "-pk")
    return items.order_by("-first_published_at", "-pk")


def _query(request, drop=(), **changes):
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query.pop("page", None)
    for key in drop:
        query.pop(key, None)
    for key, values in changes.items():
        query.setlist(key, values)
    return query.urlencode()


def compare_list(request):
    slugs = []
    for value in request.GET.getlist(COMPARE_PARAM):
        value = value.strip()[:120]
        if value and value not in slugs:
            slugs.append(value)
    return slugs[:COMPARE_MAX]


def compare_tools(request, page_items):
    """Per card: the query adding it to the comparison (or None when already in it or full); and
    the link to /so-sanh/ with the chosen ones."""
    from urllib.parse import urlencode

    chosen = compare_list(request)
    for item in page_items:
        item.compare_chosen = item.slug in chosen
        item.compare_add_query = (None if item.compare_chosen or len(chosen) >= COMPARE_MAX
                                  else _query(request, **{COMPARE_PARAM: chosen + [item.slug]}))
    return {"chosen": chosen, "full": len(chosen) >= COMPARE_MAX,
            "url": "/so-sanh/?" + urlencode([("sang-kien", slug) for slug in chosen]) if chosen else "",
            "clear_query": _query(request, drop=[COMPARE_PARAM])}


def chips(request, selected, labels):
    """The active filters, each with the query that removes it (one click)."""
    out = []
    for key, label in labels:
        if selected.get(key):
            out.append({"label": label, "remove_query": _query(request, drop=[key])})
    return out


def refine(items, request):
    """(items, extra context): `items` searched, filtered by status and ordered as asked."""
    from initiatives.status import InitiativeStatus

    text = request.GET.get("q", "").strip()[:200]
    status = request.GET.get("status", "").strip()[:30]
    status = status if status in InitiativeStatus.values else ""
    sort = request.GET.get("sort", "").strip()
    sort = sort if sort in dict(SORTS) else NEWEST
    if text:
        items = matching(items, text)
    if status:
        items = items.filter(status=status)
    return ordered(items, sort), {"q": text, "status": status, "sort": sort}


def sort_choices():
    return SORTS


def status_choices():
    from initiatives.status import InitiativeStatus

    return list(InitiativeStatus.choices)
