"""List tools of the public initiative index (issue 19): text search, a status filter, sorting,
active-filter chips with one-click removal and "add to comparison" on each card.

The index page (initiatives.models.pages.InitiativeIndexPage) filters by area, province and tag and
then calls `refine(request, items)` here; the list it gets is already public (public/rules.py).

- **Text**: the words are matched the way the search page's database backend matches them (whole
  words, diacritics and case ignored, synonyms expanded: search/backends/database.py), on the
  SearchEntry table, so "mot cua" finds "Một cửa". The full search page (/tim-kiem/) remains the
  place with relevance ranking, snippets and Elasticsearch at scale.
- **Sort**: newest (first published), most adopted (started adoptions: `InitiativeImpact.adopters`,
  the one "started adoption" count) and highest impact (`InitiativeImpact.score`, the share of measured
  adopter × indicator pairs that improved; rollout/impact_store.py), both precomputed and indexed.
- **Comparison**: the slugs picked so far travel in the address (`so-sanh=…`, at most four, as the
  comparison page takes), so it works without JavaScript, an account or a cookie.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import F
from django.utils.translation import gettext_lazy

from initiatives.status import InitiativeStatus

MAX_TEXT = 200
MAX_COMPARE = 4  # the comparison page's limit (public/compare.py MAX_ITEMS)
COMPARE_PARAM = "so-sanh"

SORTS = {
    "moi-nhat": gettext_lazy("Mới nhất"),
    "nhan-rong-nhieu": gettext_lazy("Được nhân rộng nhiều nhất"),
    "hieu-qua-cao": gettext_lazy("Hiệu quả cao nhất"),
}
DEFAULT_SORT = "moi-nhat"
# Statuses a public initiative can have (a draft is never public).
PUBLIC_STATUSES = [s for s in InitiativeStatus if s != InitiativeStatus.DRAFT]


@dataclass
class Chip:
    label: str
    remove_href: str


def _ordering(sort):
    newest = (F("first_published_at").desc(nulls_last=True), "-pk")
    if sort == "nhan-rong-nhieu":
        return (F("impact_summary__adopters").desc(nulls_last=True), *newest)
    if sort == "hieu-qua-cao":
        return (F("impact_summary__score").desc(nulls_last=True), F("impact_summary__adopters").desc(nulls_last=True),
                *newest)
    return newest


def _matching_ids(text):
    from search.backends.database import DatabaseBackend
    from search.query import SearchQuery

    entries, _groups = DatabaseBackend().filtered(SearchQuery(text=text))
    return entries.values("initiative_id")


def params_of(request):
    """The list tools' own parameters, cleaned: unknown values are dropped, never an error page."""
    text = " ".join(request.GET.get("q", "").split())[:MAX_TEXT]
    status = request.GET.get("status", "").strip()
    sort = request.GET.get("sort", "").strip()
    compare = []
    for slug in request.GET.getlist(COMPARE_PARAM):
        slug = slug.strip()[:255]
        if slug and slug not in compare:
            compare.append(slug)
    return {
        "q": text,
        "status": status if status in InitiativeStatus.values and status != InitiativeStatus.DRAFT else "",
        "sort": sort if sort in SORTS else "",
        COMPARE_PARAM: compare[:MAX_COMPARE],
    }


def refine(request, items):
    """`items` narrowed by text and status and ordered; and the tools' parameters."""
    params = params_of(request)
    if params[COMPARE_PARAM]:  # only public initiatives can be picked (a junk or draft slug is dropped)
        known = set(items.filter(slug__in=params[COMPARE_PARAM]).values_list("slug", flat=True))
        params[COMPARE_PARAM] = [slug for slug in params[COMPARE_PARAM] if slug in known]
    if params["q"]:
        items = items.filter(pk__in=_matching_ids(params["q"]))
    if params["status"]:
        items = items.filter(status=params["status"])
    return items.order_by(*_ordering(params["sort"] or DEFAULT_SORT)), params


def query_string(values, **changes):
    """`values` (param -> str or list) with `changes` applied (None removes), as a query string
    without the page number (a changed filter starts again at page 1)."""
    merged = {**values, **changes}
    pairs = []
    for key, value in merged.items():
        if key == "page" or value in (None, "", []):
            continue
        for item in value if isinstance(value, list) else [value]:
            pairs.append((key, item))
    return urlencode(pairs)


def chips(base_url, values, labels):
    """One chip per active filter (labels: param -> what the visitor chose, in words); each removes
    its own filter and keeps the others, the sort and the comparison."""
    result = []
    for key, label in labels.items():
        if values.get(key):
            qs = query_string(values, **{key: None})
            result.append(Chip(label=label, remove_href=f"{base_url}?{qs}" if qs else base_url))
    return result


def comparison(base_url, values, page_items):
    """Marks each card of `page_items` with the address that adds it to (or removes it from) the
    comparison, and returns the comparison bar: the picked slugs and the comparison page's address."""
    picked = values.get(COMPARE_PARAM, [])
    for item in page_items:
        item.in_comparison = item.slug in picked
        if item.in_comparison:
            rest = [s for s in picked if s != item.slug]
            item.compare_href = f"{base_url}?{query_string(values, **{COMPARE_PARAM: rest})}"
        elif len(picked) < MAX_COMPARE:
            item.compare_href = f"{base_url}?{query_string(values, **{COMPARE_PARAM: [*picked, item.slug]})}"
        else:
            item.compare_href = ""
    compare_url = "/so-sanh/?" + urlencode([("sang-kien", s) for s in picked]) if picked else ""
    return {"picked": picked, "url": compare_url, "enough": len(picked) >= 2, "full": len(picked) >= MAX_COMPARE,
            "clear_href": f"{base_url}?{query_string(values, **{COMPARE_PARAM: None})}"}


def status_choices():
    return [(s.value, s.label) for s in PUBLIC_STATUSES]


def status_label(value):
    return str(InitiativeStatus(value).label) if value else ""
