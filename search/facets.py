"""Every value each facet can take, with its label, cached: Elasticsearch aggregates on keys (slugs,
province codes), so this map labels its buckets without a query per search, and sizes each terms
aggregation to its whole domain so Elasticsearch lists the same facet values as the database backend.
Refreshing index entries forgets the map (search/indexing.py)."""

from django.core.cache import cache

from initiatives.status import InitiativeStatus, RecognitionLevel
from units.models import UnitLevel

from .models import SearchEntry, SearchFacetValue

CACHE_KEY = "search:facet-domain:v1"
CACHE_SECONDS = 300
# Values indexed after the map was cached still get a bucket: each facet asks for this many more.
SIZE_MARGIN = 20
MIN_SIZE = 10
ENUM_DOMAINS = {"level": UnitLevel, "status": InitiativeStatus, "recognition": RecognitionLevel}


def _compute():
    distinct = SearchEntry.objects.order_by()
    domain = {
        "area": dict(distinct.exclude(reform_area_slug="").values_list("reform_area_slug", "reform_area_name")
                     .distinct()),
        "province": dict(distinct.exclude(province_key="").values_list("province_key", "province_name").distinct()),
        "year": {str(y): str(y) for y in distinct.exclude(year=None).values_list("year", flat=True).distinct()},
    }
    for facet in ("tag", "campaign"):
        domain[facet] = dict(SearchFacetValue.objects.filter(kind=facet).order_by()
                             .values_list("value", "label").distinct())
    return domain


def facet_domain():
    """{facet: {value: label}} for the facets whose values come from the data."""
    domain = cache.get(CACHE_KEY)
    if domain is None:
        domain = _compute()
        cache.set(CACHE_KEY, domain, CACHE_SECONDS)
    return domain


def forget():
    cache.delete(CACHE_KEY)


def facet_sizes(domain=None):
    """Terms-aggregation size per facet: its domain's size (enum facets: their choices), plus a margin."""
    domain = facet_domain() if domain is None else domain
    sizes = {facet: len(enum.choices) + SIZE_MARGIN for facet, enum in ENUM_DOMAINS.items()}
    for facet, values in domain.items():
        sizes[facet] = max(MIN_SIZE, len(values) + SIZE_MARGIN)
    return sizes
