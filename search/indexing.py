"""Denormalisation: turn live initiatives into SearchEntry rows (the one place that knows which
fields are searchable), and schedule re-indexing on commit."""

import logging

from django.db import transaction
from django.utils.html import strip_tags

from initiatives.models import InitiativePage

from . import facets as facet_map
from .extras import adoption_counts, campaign_memberships
from .models import FacetKind, SearchEntry, SearchFacetValue
from .text import padded, padded_fields

logger = logging.getLogger("nhanrong.search")

BATCH_SIZE = 200


def body_text(page):
    """Plain text of the StreamField body (headings, paragraphs, quotes, figure labels)."""
    parts = []
    for block in page.body:
        value = block.value
        if block.block_type in ("heading", "quote"):
            parts.append(str(value))
        elif block.block_type == "paragraph":
            parts.append(strip_tags(value.source if hasattr(value, "source") else str(value)))
        elif block.block_type == "figure":
            parts.append(f"{value.get('label', '')}")
    return " ".join(p.strip() for p in parts if p and p.strip())


def _chain(unit):
    """(unit, district or None, province or None) walking parents."""
    district = province = None
    node = unit.parent if unit else None
    while node is not None:
        if node.level == "district" and district is None:
            district = node
        if node.level == "province":
            province = node
        node = node.parent
    if unit is not None and unit.level == "province":
        province = unit
    return district, province or (unit.province if unit else None)


def _card_name(unit, old_province):
    """What a result card prints before today's province: the unit, and for a unit that no longer
    exists its old province, labelled: "Huyện Tây Hòa, Phú Yên (trước 01/07/2025)"."""
    if unit is None:
        return ""
    if not unit.is_historic:
        return unit.name
    from django.utils.translation import gettext as _

    if old_province is not None and old_province.pk != unit.pk:
        return f"{unit.name}, {old_province.short_name} ({_('trước 01/07/2025')})"[:120]
    return str(unit)[:120]


def live_pages(ids):
    """The public ones among initiatives `ids` (public/rules.py): only they get a search document."""
    from public.rules import public_initiatives

    return (public_initiatives().filter(pk__in=ids)
            .select_related("origin_unit__parent__parent", "origin_unit__province", "reform_area")
            .prefetch_related("tags"))


def build_entry(page, adoptions, campaigns, former=None):
    """The SearchEntry of `page`. Its province is today's (units.vocabulary): an initiative of a unit
    that no longer exists is filed under the province in force today, and its text holds the old
    names too (the unit's old district and province, and the old provinces merged into today's), so
    "Phú Yên" still finds it. `former`: {today's province id: [old names]} (read once per batch)."""
    from units.vocabulary import former_province_names, todays_province_of

    unit = page.origin_unit
    district, old_province = _chain(unit)
    province = todays_province_of(old_province if unit is not None and unit.level == "province" else unit) \
        if unit is not None else None
    province = province or old_province
    if former is None:
        former = {}
    if province is not None and province.pk not in former:
        former[province.pk] = former_province_names(province)
    unit_names = [u.name for u in (unit, district, old_province, province) if u is not None]
    unit_names += former.get(province.pk, []) if province is not None else []
    unit_names = list(dict.fromkeys(unit_names))
    tags = list(page.tags.all())
    area = page.reform_area
    body = body_text(page)
    text_parts = [page.title, page.summary, body, page.owning_office, " ".join(unit_names),
                  area.name if area else "", " ".join(t.name for t in tags)]
    published = page.first_published_at
    year = page.start_date.year if page.start_date else (published.year if published else None)
    entry = SearchEntry(
        initiative_id=page.pk, url=page.url or "", title=page.title, summary=page.summary, body_text=body,
        title_folded=padded(page.title, folded=True), title_exact=padded(page.title, folded=False),
        text_folded=padded_fields(text_parts, folded=True), text_exact=padded_fields(text_parts, folded=False),
        unit=unit, unit_name=_card_name(unit, old_province), unit_level=unit.level if unit else "",
        district_id_ref=district.pk if district else None, district_name=district.name if district else "",
        province_key=province.key if province else "", province_name=province.name if province else "",
        unit_names=", ".join(unit_names), unit_names_folded=padded(" ".join(unit_names), folded=True),
        reform_area_slug=area.slug if area else "", reform_area_name=area.name if area else "",
        tag_names=",".join(t.name for t in tags), status=page.status, recognition_level=page.recognition_level,
        adoption_count=adoptions.get(page.pk, 0), final_score=page.final_score, year=year,
        start_date=page.start_date, published_at=published,
    )
    facets = [SearchFacetValue(entry=entry, kind=FacetKind.TAG, value=t.slug[:120], label=t.name) for t in tags]
    facets += [SearchFacetValue(entry=entry, kind=FacetKind.CAMPAIGN, value=slug[:120], label=title)
               for slug, title in campaigns.get(page.pk, [])]
    return entry, facets


# The fragment tag of everything read from the search table (core/fragments.py): the database
# backend keeps its answers (results and facet counts) until an entry or a synonym changes.
INDEX_TAG = "search-index"


def index_changed():
    from core.fragments import touch

    touch([INDEX_TAG])


def refresh_entries(ids):
    """Make SearchEntry true for `ids`: live pages (re)built, anything else removed. Idempotent.
    Returns (ids indexed, ids removed)."""
    ids = list({int(i) for i in ids})
    indexed = []
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start:start + BATCH_SIZE]
        pages = list(live_pages(batch))
        adoptions, campaigns = adoption_counts(batch), campaign_memberships(batch)
        with transaction.atomic():
            SearchEntry.objects.filter(pk__in=batch).delete()  # cascades to facet values
            entries, facets, former = [], [], {}
            for page in pages:
                entry, page_facets = build_entry(page, adoptions, campaigns, former)
                entries.append(entry)
                facets.extend(page_facets)
            SearchEntry.objects.bulk_create(entries)
            SearchFacetValue.objects.bulk_create(facets)
        indexed.extend(p.pk for p in pages)
    removed = sorted(set(ids) - set(indexed))
    facet_map.forget()
    index_changed()
    logger.info("search entries: %d indexed, %d removed", len(indexed), len(removed))
    return indexed, removed


def all_initiative_ids():
    return list(InitiativePage.objects.order_by("pk").values_list("pk", flat=True))


def schedule(ids):
    """Re-index `ids` after the current transaction commits (or now, outside one). Other apps
    call this when they change something the index shows (adoptions, scores, awards)."""
    ids = sorted({int(i) for i in ids if i is not None})
    if not ids:
        return
    from .tasks import index_initiatives

    transaction.on_commit(lambda: index_initiatives.delay(ids))
