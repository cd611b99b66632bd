"""Side by side (/so-sanh/): two to four units (?don-vi=29950&don-vi=29953) or two to four
initiatives (?sang-kien=<slug>&sang-kien=…) on the same indicators.

A unit is given by its key or code, or by a name that matches exactly one unit; an initiative by its
slug, or a title that matches exactly one public initiative. Anything else is an error in Vietnamese
naming the entry and why, and no table is shown.

Units: public initiatives originated and recognised, adoptions made, adoptions of its initiatives by
other units (these four credit a unit with the units that roll up to it: merged predecessors and,
for a province or district, the units below — AdministrativeUnit.rollup_ids), points and rank on the
overall board of the current campaign (stored leaderboard rows), the badges it holds (its own and those
of the units merged into it: campaigns.badges.credited_badges), and the latest value the unit itself
reported for each indicator. Initiatives: status, origin, area, date of recognition, adopters, and the
impact per indicator as on the showcase (mean improvement, baseline against latest, across adopters).

Queries are bounded: resolving ≤ 4 entries, ≤ 4 rollups of a few levels each, one aggregate per
figure family; the initiatives' impact is one grouped query per indicator with data (the catalogue is
small and fixed), never per adopter or observation.
"""

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from initiatives.queries import recognised_on
from initiatives.status import InitiativeStatus
from units.models import AdministrativeUnit
from units.text import fold

from .rules import current_campaign, public_initiatives, started_adoptions
from .showcase import improvement_text

MIN_ITEMS, MAX_ITEMS = 2, 4
UNIT_PARAM, INITIATIVE_PARAM = "don-vi", "sang-kien"


def _entries(request, param):
    return [v.strip()[:120] for v in request.GET.getlist(param) if v.strip()]


def _slots(entries):
    """The form's inputs: what was entered, then empty ones up to four."""
    return entries + [""] * (MAX_ITEMS - len(entries))


def _count_errors(entries, kind):
    """kind: "units" or "initiatives". Whole sentences per kind (not a noun slotted into one): other
    languages inflect the noun with the number."""
    n = len(entries)
    if n < MIN_ITEMS:
        if kind == "units":
            message = ngettext("Cần chọn từ 2 đến 4 đơn vị để so sánh; bạn mới chọn %(n)s.",
                               "Cần chọn từ 2 đến 4 đơn vị để so sánh; bạn mới chọn %(n)s.", n)
        else:
            message = ngettext("Cần chọn từ 2 đến 4 sáng kiến để so sánh; bạn mới chọn %(n)s.",
                               "Cần chọn từ 2 đến 4 sáng kiến để so sánh; bạn mới chọn %(n)s.", n)
        return [message % {"n": n}]
    if n > MAX_ITEMS:
        if kind == "units":
            message = _("Chỉ so sánh được tối đa 4 đơn vị cùng lúc; bạn đã chọn %(n)s.")
        else:
            message = _("Chỉ so sánh được tối đa 4 sáng kiến cùng lúc; bạn đã chọn %(n)s.")
        return [message % {"n": n}]
    return []


def _pick(entry, candidates, label):
    """The one candidate matching `entry` (exact folded name wins among several), or an error."""
    if len(candidates) > 1:
        exact = [c for c in candidates if fold(label(c)) == fold(entry)]
        if len(exact) == 1:
            return exact[0], None
    if len(candidates) == 1:
        return candidates[0], None
    return None, len(candidates)


# ---------------------------------------------------------------- resolving what to compare

def resolve_units(entries):
    """(units in the order given, errors). Keys/codes in one query, names one query each."""
    by_key, by_code = {}, {}
    for unit in AdministrativeUnit.objects.filter(Q(key__in=entries) | Q(code__in=entries)).select_related("province"):
        by_key[unit.key] = unit
        # A code shared across the 2025 boundary means today's unit.
        known = by_code.get(unit.code)
        if known is None or (known.is_historic and not unit.is_historic):
            by_code[unit.code] = unit
    units, errors = [], []
    for position, entry in enumerate(entries, start=1):
        unit = by_key.get(entry) or by_code.get(entry)
        if unit is None:
            candidates = list(AdministrativeUnit.objects.search(entry).select_related("province")
                              .order_by(F("valid_until").asc(nulls_first=True), "level", "short_name", "key")[:6])
            unit, found = _pick(entry, candidates, lambda u: u.name)
            if unit is None and found:
                listed = ", ".join(f"{u} ({u.key})" for u in candidates[:5])
                errors.append(_("Đơn vị thứ %(i)s: “%(entry)s” khớp nhiều đơn vị (%(units)s…). Hãy nhập mã đơn vị.")
                              % {"i": position, "entry": entry, "units": listed})
                continue
            if unit is None:
                errors.append(_("Đơn vị thứ %(i)s: không tìm thấy đơn vị có mã hoặc tên “%(entry)s”.")
                              % {"i": position, "entry": entry})
                continue
        if any(u.pk == unit.pk for u in units):
            errors.append(_("Đơn vị thứ %(i)s: %(unit)s đã được chọn ở trên.") % {"i": position, "unit": unit})
            continue
        units.append(unit)
    return units, errors


def resolve_initiatives(entries, public):
    """(public initiatives in the order given, errors). Slugs in one query, titles one query each.
    Drafts, unpublished and restricted pages are never found."""
    public = public.annotate(recognised_date=recognised_on())
    by_slug = {page.slug: page for page in public.filter(slug__in=entries).select_related("origin_unit", "reform_area")}
    pages, errors = [], []
    for position, entry in enumerate(entries, start=1):
        page = by_slug.get(entry)
        if page is None:
            candidates = list(public.filter(title__icontains=entry).select_related("origin_unit", "reform_area")
                              .order_by("title", "pk")[:6])
            page, found = _pick(entry, candidates, lambda p: p.title)
            if page is None and found:
                listed = "; ".join(f"{p.title} ({p.origin_unit.name})" for p in candidates[:5])
                errors.append(_("Sáng kiến thứ %(i)s: “%(entry)s” khớp nhiều sáng kiến (%(pages)s…). Hãy nhập tên đầy đủ.")
                              % {"i": position, "entry": entry, "pages": listed})
                continue
            if page is None:
                errors.append(_("Sáng kiến thứ %(i)s: không tìm thấy sáng kiến đã công bố nào có tên hoặc đường dẫn “%(entry)s”.")
                              % {"i": position, "entry": entry})
                continue
        if any(p.pk == page.pk for p in pages):
            errors.append(_("Sáng kiến thứ %(i)s: “%(title)s” đã được chọn ở trên.") % {"i": position, "title": page.title})
            continue
        pages.append(page)
    return pages, errors


# ---------------------------------------------------------------- the figures

def latest_observations(unit_ids):
    """{(unit_id, metric_id): Observation} — the latest unit-wide value of each indicator (same end
    date: the longer period). One query."""
    from rollout.models import Observation

    latest = (Observation.objects.filter(unit=OuterRef("unit"), metric=OuterRef("metric"), adoption__isnull=True)
              .order_by("-period_end", "period_start", "-pk").values("pk")[:1])
    rows = (Observation.objects.filter(unit_id__in=unit_ids, adoption__isnull=True)
            .filter(pk=Subquery(latest)).select_related("metric"))
    return {(o.unit_id, o.metric_id): o for o in rows}


def unit_standings(campaign, units, rollups):
    """{unit id: cell} of each unit's points on the campaign's overall board, its own row's and those
    of the units that roll up to it (a merged commune's predecessors) added (campaigns.standing);
    the rank is shown only for a unit on the board itself. The note says whose rows were added in and
    flags a predecessor split between several successors (its points count for each). Two queries,
    three when a split predecessor has points."""
    from campaigns.standing import credited_note, credited_points

    credited = credited_points(campaign, {u.pk: ids for u, ids in zip(units, rollups)})
    cells = {}
    for unit in units:
        found = credited.get(unit.pk)
        if found is None:
            continue
        cell = {"points": found.points, "board_size": found.board_size}
        if found.rank is not None:
            cell["rank"] = found.rank
        note = credited_note(found)
        if note:
            cell["note"] = note
        cells[unit.pk] = cell
    return cells


def badge_cells(units, rollups=None):
    """One cell per unit: the highest level of each badge it holds, its own or earned by a unit merged
    into it before 01/07/2025, which is named (campaigns.badges.credited_badges: the unit page's rule).
    None when no unit holds a badge (or badges are off): the row is not shown."""
    from campaigns.badges import credited_badges

    credited = credited_badges(units, set().union(*rollups) if rollups else None)
    if not any(credited.values()):
        return None
    cells = []
    for unit in units:
        best = {}
        for award in credited.get(unit.pk, ()):
            held = best.get(award.definition_id)
            if held is None or award.level > held.level or (award.level == held.level and award.unit_id == unit.pk):
                best[award.definition_id] = award
        texts = []
        for award in best.values():
            text = f"{award.definition.name} — {award.level_name}"
            if award.unit_id != unit.pk:
                text += " (" + _("do %(name)s (trước 01/07/2025) đạt") % {"name": award.unit.name} + ")"
            texts.append(text)
        cells.append({"text": "; ".join(texts)} if texts else {"text": _("Chưa có huy hiệu")})
    return cells


def _province_text(unit):
    """Today's province (issue 18: one vocabulary); an old unit's old province follows, labelled
    "(trước 01/07/2025)", when it is another one ("Tỉnh Đắk Lắk — Tỉnh Phú Yên (trước 01/07/2025)")."""
    from units.vocabulary import todays_province_of

    today = todays_province_of(unit)
    old = unit.province if unit.province_id else None
    if today is None:
        return str(old) if old is not None else ""
    if old is not None and old.pk != today.pk and old.name != today.name:
        return f"{today.name} — {old}"
    return today.name


def unit_table(units):
    """Rows (label, [cell per unit]) comparing `units`; cells are dicts the template formats."""
    public = public_initiatives()
    rollups = [unit.rollup_ids() for unit in units]
    originated = public.order_by().aggregate(**{
        f"o{i}": Count("pk", filter=Q(origin_unit_id__in=ids)) for i, ids in enumerate(rollups)} | {
        f"r{i}": Count("pk", filter=Q(origin_unit_id__in=ids, status=InitiativeStatus.RECOGNISED))
        for i, ids in enumerate(rollups)})
    adoptions = started_adoptions(public).order_by().aggregate(**{
        f"a{i}": Count("pk", filter=Q(unit_id__in=ids)) for i, ids in enumerate(rollups)} | {
        f"x{i}": Count("pk", filter=Q(initiative__origin_unit_id__in=ids) & ~Q(unit_id__in=ids))
        for i, ids in enumerate(rollups)})
    campaign = current_campaign()
    standings = unit_standings(campaign, units, rollups) if campaign is not None else {}
    # Indicators rolled up like everything else (rollout.rollups): a merged commune's figure from its
    # predecessors' counts, never an average of percentages.
    from rollout.rollups import latest_figures

    observations = latest_figures(units)
    metrics = sorted({o.metric for o in observations.values()}, key=lambda m: (m.sort_order, m.code))

    def count(source, prefix):
        return [{"number": source[f"{prefix}{i}"]} for i in range(len(units))]

    rows = [
        {"label": _("Cấp"), "cells": [{"text": u.get_level_display()} for u in units]},
        {"label": _("Tỉnh, thành phố"), "cells": [{"text": _province_text(u)} for u in units]},
        {"label": _("Sáng kiến, mô hình đã công bố"), "cells": count(originated, "o")},
        {"label": _("Sáng kiến được công nhận"), "cells": count(originated, "r")},
        {"label": _("Mô hình đã áp dụng (nhân rộng từ nơi khác)"), "cells": count(adoptions, "a")},
        {"label": _("Lượt đơn vị khác áp dụng sáng kiến của đơn vị"), "cells": count(adoptions, "x")},
    ]
    if campaign is not None:
        rows.append({"label": _("Điểm thi đua — %(campaign)s") % {"campaign": campaign.title}, "cells": [
            standings.get(u.pk) or {"text": _("Không tham gia")} for u in units]})
    badges = badge_cells(units, rollups)  # the rollups hold every unit merged into each: one query when no badge
    if badges:
        rows.append({"label": _("Huy hiệu"), "cells": badges})
    for metric in metrics:
        rows.append({"label": metric.display_name, "metric": metric, "cells": [
            {"observation": observations.get((u.pk, metric.pk))} for u in units]})
    return rows, campaign


def cached_unit_table(units):
    """unit_table(units), kept (core/fragments.py) until a write it shows: an adoption or observation of
    one of the units or of a unit rolling up to it ("unit:<id>", which an adoption of their initiatives
    elsewhere touches too), a campaign change (points), a page event (the generation). Its aggregates
    read the whole initiative and adoption tables (240 ms at 1/10 scale)."""
    from core.fragments import cached_value

    return cached_value("compare-units", [u.pk for u in units], [*(f"unit:{u.pk}" for u in units), "campaigns"],
                        lambda: unit_table(units))


def initiative_impacts(pages):
    """{(initiative_id, metric_id): {"mean", "measured", "improved"}} and the metrics with a measured
    value, ordered as the catalogue. One query for the metrics, one grouped query per metric."""
    from rollout.impact import impact_by_initiative
    from rollout.models import Adoption, Metric, Observation

    adoptions = Adoption.objects.started().filter(initiative__in=pages)
    metric_ids = Observation.objects.filter(unit__in=adoptions.filter(start_date__isnull=False).values("unit")).values("metric")
    found, metrics = {}, []
    for metric in Metric.objects.filter(pk__in=metric_ids):
        for row in impact_by_initiative(metric, adoptions):  # the one definition of impact
            found[(row["initiative"], metric.pk)] = row
        if any(key[1] == metric.pk for key in found):
            metrics.append(metric)
    return found, metrics


def initiative_table(pages):
    from rollout.models import Adoption

    ids = [p.pk for p in pages]
    started = Adoption.objects.started().filter(initiative__in=ids)
    counts = {row["initiative"]: row for row in started.order_by().values("initiative").annotate(
        adopters=Count("pk"))}
    # Provinces on today's map (issue 18): an old unit counts under the province that took its old one
    # over, so Phú Yên's communes and Đắk Lắk's are one province.
    from units.vocabulary import todays_province_id

    provinces = {}
    for initiative, province_id, until in (started.order_by().values_list(
            "initiative", "unit__province_id", "unit__province__valid_until").distinct()):
        today = todays_province_id(province_id, until is not None)
        if today is not None:
            provinces.setdefault(initiative, set()).add(today)
    for initiative, row in counts.items():
        row["provinces"] = len(provinces.get(initiative, ()))
    impacts, metrics = initiative_impacts(pages)
    rows = [
        {"label": _("Trạng thái"), "cells": [{"status": p} for p in pages]},
        {"label": _("Ngày công nhận"), "cells": [{"date": p.recognised_date} if p.is_recognised else {} for p in pages]},
        {"label": _("Đơn vị khởi xướng"), "cells": [{"unit": p.origin_unit} for p in pages]},
        {"label": _("Lĩnh vực cải cách"), "cells": [{"text": p.reform_area.display_name if p.reform_area else ""}
                                                   for p in pages]},
        {"label": _("Đơn vị đã áp dụng"), "cells": [{"number": counts.get(p.pk, {}).get("adopters", 0)} for p in pages]},
        {"label": _("Số tỉnh, thành phố có đơn vị áp dụng"),
         "cells": [{"number": counts.get(p.pk, {}).get("provinces", 0)} for p in pages]},
    ]
    for metric in metrics:
        cells = []
        for p in pages:
            found = impacts.get((p.pk, metric.pk))
            cells.append({"impact": improvement_text(found["impact"], metric), "measured": found["measured"],
                          "improved": found["improved"]} if found else {})
        rows.append({"label": _("Hiệu quả: %(metric)s") % {"metric": metric.display_name}, "cells": cells})
    return rows


def compare(request):
    unit_entries, initiative_entries = _entries(request, UNIT_PARAM), _entries(request, INITIATIVE_PARAM)
    context = {"unit_slots": _slots(unit_entries), "initiative_slots": _slots(initiative_entries), "errors": [],
               "mode": None}
    if unit_entries and initiative_entries:
        context["errors"] = [_("Hãy so sánh đơn vị với đơn vị, hoặc sáng kiến với sáng kiến, không trộn lẫn hai loại.")]
    elif unit_entries:
        context["mode"] = "units"
        errors = _count_errors(unit_entries, "units")
        units, resolve_errors = resolve_units(unit_entries) if not errors else ([], [])
        context["errors"] = errors + resolve_errors
        if not context["errors"]:
            context["rows"], context["campaign"] = cached_unit_table(units)
            context["items"] = units
    elif initiative_entries:
        context["mode"] = "initiatives"
        errors = _count_errors(initiative_entries, "initiatives")
        pages, resolve_errors = resolve_initiatives(initiative_entries, public_initiatives()) if not errors else ([], [])
        context["errors"] = errors + resolve_errors
        if not context["errors"]:
            context["rows"] = initiative_table(pages)
            context["items"] = pages
    return render(request, "home/compare.html", context)
