"""The one search interface. Callers build a SearchQuery (search/query.py), call
`get_backend().search(query)` and get SearchResults; only `results.backend` tells which answered."""

from dataclasses import dataclass, field

# Facet names, in display order, and the SearchQuery filter each one narrows.
FACETS = ("area", "province", "level", "tag", "status", "recognition", "year", "campaign")


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchHit:
    id: int
    title: str
    url: str
    unit: str
    province: str
    area: str
    area_slug: str
    tags: list
    status: str
    recognition_level: str
    snippet: str  # HTML: escaped text with <mark> around matches
    adoption_count: int = 0
    final_score: float | None = None
    year: int | None = None
    published_at: object = None
    score: float = 0.0


@dataclass
class SearchResults:
    results: list
    count: int
    page: int
    page_size: int
    facets: dict = field(default_factory=dict)  # facet name -> [FacetValue]
    backend: str = "database"
    fallback: bool = False  # True when Elasticsearch failed and the database answered

    @property
    def num_pages(self):
        return max(1, -(-self.count // self.page_size))

    @property
    def has_next(self):
        return self.page < self.num_pages

    @property
    def has_previous(self):
        return self.page > 1


@dataclass
class Suggestion:
    text: str
    kind: str  # "initiative" | "unit"
    url: str = ""


class SearchBackend:
    name = "base"

    def search(self, query) -> SearchResults:
        raise NotImplementedError

    def suggest(self, prefix, limit=8) -> list:
        raise NotImplementedError

    def index(self, ids):
        """Bring the index in line with the database for these initiative ids."""
        raise NotImplementedError

    def delete(self, ids):
        raise NotImplementedError

    def rebuild(self, progress=None):
        """Rebuild everything. `progress(n)` is called as batches complete (for a progress bar)."""
        raise NotImplementedError
