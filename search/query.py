"""What a user asked for, validated: `SearchQuery` (backend-neutral), `parse_params` (from GET
parameters, with Vietnamese error messages) and query-time synonym expansion (pure functions)."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from initiatives.status import InitiativeStatus, RecognitionLevel
from units.models import UnitLevel

from .text import has_diacritics, nfc, words

MAX_QUERY_LENGTH = 200
MAX_PAGE = 1000
PAGE_SIZE = 10


class Sort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    ADOPTED = "adopted"
    SCORE = "score"
    # Marked for extraction only: the page translates them when it renders (search/views.py).
    CHOICES = {
        RELEVANCE: gettext_noop("Liên quan nhất"),
        NEWEST: gettext_noop("Mới nhất"),
        ADOPTED: gettext_noop("Được nhân rộng nhiều nhất"),
        SCORE: gettext_noop("Điểm thẩm định cao nhất"),
    }


# filter parameter -> facet name used by the backends
FILTERS = ("area", "province", "level", "tag", "status", "recognition", "year", "campaign")


@dataclass
class SearchQuery:
    text: str = ""
    filters: dict = field(default_factory=dict)  # subset of FILTERS -> str/int
    sort: str = Sort.RELEVANCE
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def folded_words(self):
        return words(self.text, folded=True)

    @property
    def exact_words(self):
        return words(self.text, folded=False)

    @property
    def wants_exact_boost(self):
        return has_diacritics(self.text)

    @property
    def offset(self):
        return (self.page - 1) * self.page_size


class QueryError(ValueError):
    """Bad parameters; `errors` maps parameter -> Vietnamese message."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


_SLUG_MAX = 120


def on_todays_map(query):
    """`query` with its province filter on today's map (units.vocabulary): a key or a name, today's or
    an old one ("h54", "Phú Yên"), becomes the key of the province in force today that took it over
    (Tỉnh Đắk Lắk); one that names nothing is kept, and matches nothing. Reads the database (parse_params
    does not)."""
    value = query.filters.get("province")
    if value:
        from units.vocabulary import resolve_current_province

        province = resolve_current_province(value)
        if province is not None:
            query.filters["province"] = province.key
    return query


def parse_params(params):
    """Validate GET parameters into a SearchQuery, or raise QueryError. Anything a user types is
    either accepted as plain text (q) or checked against a closed set / a number."""
    errors, filters = {}, {}
    text = nfc(params.get("q", "")).strip()
    if "\x00" in text:
        errors["q"] = _("Từ khoá chứa ký tự không hợp lệ.")
    elif len(text) > MAX_QUERY_LENGTH:
        errors["q"] = _("Từ khoá quá dài: tối đa %(max)d ký tự, bạn nhập %(n)d.") % {
            "max": MAX_QUERY_LENGTH, "n": len(text)}

    for name in ("area", "province", "tag", "campaign"):
        value = params.get(name, "").strip()
        if not value:
            continue
        if name == "province" and len(value) <= _SLUG_MAX and all(c.isalnum() or c in "-_ ." for c in value):
            filters[name] = value  # a key or a name, today's or an old one: read by on_todays_map
            continue
        if len(value) > _SLUG_MAX or not all(c.isalnum() or c in "-_" for c in value):
            errors[name] = _("Tham số “%(name)s” không hợp lệ: chỉ gồm chữ, số, dấu gạch (tối đa %(max)d ký tự).") % {
                "name": name, "max": _SLUG_MAX}
        else:
            filters[name] = value

    closed_sets = {
        "level": (UnitLevel.values, _("cấp đơn vị")),
        "status": (InitiativeStatus.values, _("trạng thái")),
        "recognition": (RecognitionLevel.values, _("cấp công nhận")),
    }
    for name, (allowed, label) in closed_sets.items():
        value = params.get(name, "").strip()
        if not value:
            continue
        if value not in allowed:
            errors[name] = _("Giá trị “%(name)s” (%(label)s) không hợp lệ; chọn một trong: %(allowed)s.") % {
                "name": name, "label": label, "allowed": ", ".join(allowed)}
        else:
            filters[name] = value

    year = params.get("year", "").strip()
    if year:
        if not (year.isascii() and year.isdigit()) or not 1990 <= int(year) <= datetime.date.today().year + 1:
            errors["year"] = _("Năm không hợp lệ: nhập năm dạng 4 chữ số, từ 1990 đến %(max)d.") % {
                "max": datetime.date.today().year + 1}
        else:
            filters["year"] = int(year)

    sort = params.get("sort", "").strip() or Sort.RELEVANCE
    if sort not in Sort.CHOICES:
        errors["sort"] = _("Cách sắp xếp không hợp lệ; chọn một trong: %(allowed)s.") % {
            "allowed": ", ".join(Sort.CHOICES)}

    page = params.get("page", "").strip() or "1"
    if not (page.isascii() and page.isdigit()) or not 1 <= int(page) <= MAX_PAGE:
        errors["page"] = _("Số trang không hợp lệ: nhập số nguyên từ 1 đến %(max)d.") % {"max": MAX_PAGE}

    if errors:
        raise QueryError(errors)
    page_size = getattr(settings, "SEARCH_PAGE_SIZE", PAGE_SIZE)
    return SearchQuery(text=text, filters=filters, sort=sort, page=int(page), page_size=page_size)


def find_phrase(seq, phrase):
    n = len(phrase)
    return any(tuple(seq[i:i + n]) == tuple(phrase) for i in range(len(seq) - n + 1))


def term_groups(query_words, synonym_groups):
    """Split the folded query words into groups that must all match. A group is a list of
    alternative word sequences: a plain word is [(word,)]; a span that equals a synonym variant
    becomes every variant of that synonym, e.g. "tthc" -> [("tthc",), ("thu","tuc","hanh","chinh")].
    Longest synonym spans win; pure function (synonym_groups: list of lists of word tuples)."""
    groups, i = [], 0
    while i < len(query_words):
        best = None
        for variants in synonym_groups:
            for variant in variants:
                n = len(variant)
                if n and tuple(query_words[i:i + n]) == variant and (best is None or n > best[0]):
                    best = (n, variants)
        if best:
            n, variants = best
            groups.append(list(dict.fromkeys(variants)))
            i += n
        else:
            groups.append([(query_words[i],)])
            i += 1
    return groups


def load_synonym_groups():
    from .models import Synonym

    return [s.folded_variants for s in Synonym.objects.all()]
