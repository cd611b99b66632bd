"""Search answered by SQL on the denormalised SearchEntry table.

Matching works on the *_folded columns (' word word | word ', folded), with LIKE '% w1 w2 %':
whole words, diacritics and case ignored, phrases within a field. The same SQL runs on SQLite
and PostgreSQL, so both give the same results. Relevance is a weighted sum of CASE expressions
(phrase in title > phrase anywhere > every word in title; diacritics-exact match adds more)."""

import re

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from units.models import AdministrativeUnit

from ..indexing import INDEX_TAG, all_initiative_ids, index_changed, refresh_entries
from ..models import FacetKind, SearchEntry, SearchFacetValue
from ..query import Sort, load_synonym_groups, term_groups
from ..text import padded, words
from .base import SearchBackend, SearchHit, SearchResults, Suggestion
from .common import ordered_facet, phrases_for, snippet_for

# Relevance weights (the Elasticsearch query uses the same order of boosts).
W_TITLE_PHRASE = 40
W_TEXT_PHRASE = 20
W_TITLE_EXACT = 30
W_TEXT_EXACT = 15
W_TITLE_WORD = 6

SINGLE_VALUED = {  # facet -> SearchEntry value column, label column
    "area": ("reform_area_slug", "reform_area_name"),
    "province": ("province_key", "province_name"),
    "level": ("unit_level", None),
    "status": ("status", None),
    "recognition": ("recognition_level", None),
    "year": ("year", None),
}
MULTI_VALUED = {"tag": FacetKind.TAG, "campaign": FacetKind.CAMPAIGN}


# PostgreSQL: the full-text index of migration 0004 (the expression must be the index's, word for word).
WORDS_EXPRESSION = "to_tsvector('simple'::regconfig, text_folded)"
_PLAIN_WORD = re.compile(r"^[a-z0-9]+$")


def _words_query(groups):
    """A tsquery holding every word of every group (alternatives of a group joined by |): an
    index-answered superset of the LIKE phrase conditions, which still decide. Groups with a word
    the 'simple' parser might split differently (anything but a-z, 0-9) are left to LIKE alone."""
    parts = []
    for group in groups:
        if not all(_PLAIN_WORD.match(word) for alt in group for word in alt):
            continue
        alternatives = [" & ".join(f"'{word}'" for word in alt) for alt in group if alt]
        if alternatives:
            parts.append("(" + " | ".join(f"({a})" for a in alternatives) + ")")
    return " & ".join(parts)


def _phrase(seq):
    return " " + " ".join(seq) + " "


def _score(cond, weight):
    return Case(When(cond, then=Value(weight)), default=Value(0), output_field=IntegerField())


class DatabaseBackend(SearchBackend):
    name = "database"

    # -- querying -------------------------------------------------------------------------
    def filtered(self, query):
        qs = SearchEntry.objects.all()
        for facet, value in query.filters.items():
            if facet in SINGLE_VALUED:
                qs = qs.filter(**{SINGLE_VALUED[facet][0]: value})
            elif facet in MULTI_VALUED:
                qs = qs.filter(pk__in=SearchFacetValue.objects.filter(
                    kind=MULTI_VALUED[facet], value=value).values("entry_id"))
        if query.text and not query.folded_words:
            return qs.none(), []  # only punctuation: nothing to match (as Elasticsearch answers)
        groups = term_groups(query.folded_words, load_synonym_groups()) if query.folded_words else []
        words_query = _words_query(groups) if connection.vendor == "postgresql" else ""
        if words_query:
            qs = qs.filter(RawSQL(f"{WORDS_EXPRESSION} @@ to_tsquery('simple'::regconfig, %s)", [words_query],
                                  output_field=BooleanField()))
        for group in groups:
            alternatives = Q()
            for alt in group:
                alternatives |= Q(text_folded__contains=_phrase(alt))
            qs = qs.filter(alternatives)
        return qs, groups

    def _relevance(self, query, groups):
        parts = []
        folded = query.folded_words
        if folded:
            phrase = _phrase(folded)
            parts += [_score(Q(title_folded__contains=phrase), W_TITLE_PHRASE),
                      _score(Q(text_folded__contains=phrase), W_TEXT_PHRASE)]
        if query.wants_exact_boost:
            exact = _phrase(query.exact_words)
            parts += [_score(Q(title_exact__contains=exact), W_TITLE_EXACT),
                      _score(Q(text_exact__contains=exact), W_TEXT_EXACT)]
        for group in groups:
            in_title = Q()
            for alt in group:
                in_title |= Q(title_folded__contains=_phrase(alt))
            parts.append(_score(in_title, W_TITLE_WORD))
        total = Value(0, output_field=IntegerField())
        for part in parts:
            total = total + part
        return total

    def _ordering(self, query):
        """ORDER BY over the columns of the CTE `m` (see tally): the same on SQLite and PostgreSQL,
        every tie broken by the primary key."""
        newest = '"published_at" DESC NULLS LAST, "pk" DESC'
        if query.sort == Sort.NEWEST:
            return newest
        if query.sort == Sort.ADOPTED:
            return f'"adoption_count" DESC, "relevance" DESC, {newest}'
        if query.sort == Sort.SCORE:
            return f'"final_score" DESC NULLS LAST, "relevance" DESC, {newest}'
        return f'"relevance" DESC, {newest}'

    def tally(self, qs, query, groups):
        """The total, every facet and the requested page of `qs`, in one query: the matching entries
        are read once (with their relevance) into a materialised CTE; each facet is a GROUP BY over
        it, the page an ORDER BY … LIMIT, joined by UNION ALL. Returns (count, {facet: [FacetValue]},
        [(entry id, relevance)] in page order). The output is bounded by the facets' distinct values
        plus one page."""
        columns = ["pk"]
        for column, label_column in SINGLE_VALUED.values():
            columns += [column] + ([label_column] if label_column else [])
        columns += ["relevance", "published_at", "adoption_count", "final_score"]
        rows = {facet: [] for facet in (*SINGLE_VALUED, *MULTI_VALUED)}
        try:
            inner, params = (qs.annotate(relevance=self._relevance(query, groups)).order_by().values(*columns)
                             .query.sql_with_params())
        except EmptyResultSet:
            return 0, rows, []
        quote = connection.ops.quote_name
        branches, branch_params = [], []
        for facet, (column, label_column) in SINGLE_VALUED.items():
            label = f"MAX({quote(label_column)})" if label_column else "NULL"
            branches.append(f"SELECT %s, CAST({quote(column)} AS TEXT), {label}, COUNT(*) FROM m "
                            f"GROUP BY {quote(column)}")
            branch_params.append(facet)
        values = quote(SearchFacetValue._meta.db_table)
        for facet, kind in MULTI_VALUED.items():
            branches.append(f"SELECT %s, f.value, MAX(f.label), COUNT(DISTINCT f.entry_id) FROM {values} f "
                            f"JOIN m ON f.entry_id = m.{quote('pk')} WHERE f.kind = %s GROUP BY f.value")
            branch_params += [facet, str(kind)]
        branches.append("SELECT %s, NULL, NULL, COUNT(*) FROM m")
        branch_params.append("")
        order = self._ordering(query)
        branches.append(f"SELECT * FROM (SELECT %s, CAST({quote('pk')} AS TEXT), CAST(relevance AS TEXT), "
                        f"ROW_NUMBER() OVER (ORDER BY {order}) FROM m ORDER BY {order} LIMIT %s OFFSET %s) page")
        branch_params += ["#page", query.page_size, query.offset]
        names = ", ".join(quote(c) for c in columns)
        sql = f"WITH m ({names}) AS MATERIALIZED ({inner}) " + " UNION ALL ".join(branches)
        count, page = 0, []
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *branch_params])
            for facet, value, label, n in cursor.fetchall():
                if facet == "#page":
                    page.append((n, int(value), float(label or 0)))
                elif facet == "":
                    count = n
                elif value is not None:
                    rows[facet].append((value, label or "", n))
        facets = {facet: ordered_facet(facet, values) for facet, values in rows.items()}
        return count, facets, [(pk, relevance) for _position, pk, relevance in sorted(page)]

    def search(self, query):
        """The answer to `query`, kept as a fragment value until the search table or a synonym changes
        (search.indexing.INDEX_TAG; and every page publication, through the cache generation): the
        facet counts over 100,000 entries take 130 ms at national scale, the same for every visitor."""
        from core.fragments import cached_value

        return cached_value("search", [self.name, repr(query)], [INDEX_TAG], lambda: self._search(query))

    def _search(self, query):
        qs, groups = self.filtered(query)
        count, facets, page = self.tally(qs, query, groups)
        entries = SearchEntry.objects.in_bulk([pk for pk, _relevance in page]) if page else {}
        phrases = phrases_for(groups, query.folded_words)
        results = []
        for pk, relevance in page:
            entry = entries.get(pk)
            if entry is None:  # removed from the index in between
                continue
            entry.relevance = relevance
            results.append(self._hit(entry, phrases))
        return SearchResults(results=results, count=count, page=query.page, page_size=query.page_size,
                             facets=facets, backend=self.name)

    def _hit(self, entry, phrases):
        snippet = snippet_for([entry.summary, entry.body_text], phrases, entry.summary) if phrases else \
            snippet_for([], [], entry.summary)
        return SearchHit(
            id=entry.pk, title=entry.title, url=entry.url, unit=entry.unit_name, province=entry.province_name,
            area=entry.reform_area_name, area_slug=entry.reform_area_slug, tags=entry.tag_list,
            status=entry.status, recognition_level=entry.recognition_level, snippet=snippet,
            adoption_count=entry.adoption_count,
            final_score=float(entry.final_score) if entry.final_score is not None else None,
            year=entry.year, published_at=entry.published_at, score=float(getattr(entry, "relevance", 0)))

    def suggest(self, prefix, limit=8):
        prefix_words = words(prefix, folded=True)
        if not prefix_words:
            return []
        # whole words, the last one as a prefix: ' khong dung tien m'
        needle = padded(" ".join(prefix_words), folded=True).rstrip()
        titles = (SearchEntry.objects.filter(title_folded__contains=needle)
                  .order_by("-adoption_count", "title").values_list("title", "url")[:limit])
        out = [Suggestion(text=t, kind="initiative", url=u) for t, u in titles]
        entries = SearchEntry.objects.all()
        units = (AdministrativeUnit.objects
                 .filter(Q(pk__in=entries.values("unit_id")) | Q(key__in=entries.values("province_key")))
                 .filter(name_folded__contains=" ".join(prefix_words)).order_by("level", "name")
                 .values_list("name", flat=True)[:limit])
        out += [Suggestion(text=name, kind="unit") for name in units]
        return out[:limit]

    # -- maintenance ----------------------------------------------------------------------
    def index(self, ids):
        return refresh_entries(ids)

    def delete(self, ids):
        SearchEntry.objects.filter(pk__in=list(ids)).delete()
        index_changed()

    def rebuild(self, progress=None):
        ids = all_initiative_ids()
        batch = 200
        for start in range(0, len(ids), batch):
            refresh_entries(ids[start:start + batch])
            if progress:
                progress(len(ids[start:start + batch]))
        SearchEntry.objects.exclude(pk__in=ids).delete()
        index_changed()
        return len(ids)
