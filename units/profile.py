"""What the public unit page shows besides its own facts: how its communes rank and compare, its
communes' indicators averaged per period, its standing in campaigns and the awards it received.

Everything is computed by the database and bounded: the ranking and the comparison are one
paginated query each (per-commune figures are correlated subqueries, the rank a window function,
the latest indicator value an ordered subquery), the averages one GROUP BY over periods. The number
of queries does not grow with the number of communes, initiatives, adoptions or observations.

Merged communes count for their successor: a commune formed on 1/7/2025 is credited with the
initiatives, adoptions and points of the communes merged into it (one step of succession, which is
how the 2025 reorganisation was recorded). Indicators are rolled up by rollout.rollups.
"""

from types import SimpleNamespace

from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, Rank
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formatting import format_number
from core.paging import page_of, query_with

from .models import AdministrativeUnit, UnitLevel

UNITS_PER_PAGE = 20
AWARDS_PER_PAGE = 10
MAX_CAMPAIGNS = 10

# (query value, annotation, column heading) — ?xep_theo= of the ranking.
RANK_ORDERS = [
    ("cong_nhan", "recognised_count", gettext_lazy("Sáng kiến được công nhận")),
    ("ap_dung", "adoption_count", gettext_lazy("Mô hình đã áp dụng")),
    ("diem", "points", gettext_lazy("Điểm thi đua")),
]
# (query value, metric code, column heading) — the key indicators of the comparison (?so_sanh=).
KEY_INDICATORS = [
    ("dung_han", "dossiers_on_time_pct", gettext_lazy("Hồ sơ đúng hạn")),
    ("truc_tuyen", "online_dossiers_pct", gettext_lazy("Hồ sơ trực tuyến")),
    ("sipas", "sipas", gettext_lazy("Hài lòng (SIPAS)")),
]


# What a chart needs of a metric (name, unit, formatting), read with the averages.
METRIC_FIELDS = ("metric__code", "metric__name_vi", "metric__name_en", "metric__unit", "metric__decimals", "metric__sort_order")


class _Sum(Func):
    function = "SUM"
    output_field = IntegerField()


def area_communes(unit):
    """The communes a province or district page ranks and compares (None for a commune): for a
    province the communes of its era (today's for a current province, the old ones for a historic one)."""
    if unit.level == UnitLevel.PROVINCE:
        return AdministrativeUnit.objects.filter(province=unit, level=UnitLevel.COMMUNE)
    if unit.level == UnitLevel.DISTRICT:
        return AdministrativeUnit.objects.filter(parent=unit, level=UnitLevel.COMMUNE)
    return None


def _credited_summary(field):
    """The outer unit's `field` of the per-unit counts (public.UnitSummary, kept by the writes) plus
    those of the units merged into it: two primary-key reads, where counting live rows read the
    province's share of every initiative and adoption."""
    from public.models import UnitSummary

    own = UnitSummary.objects.filter(unit=OuterRef("pk")).values(field)[:1]
    merged = (UnitSummary.objects.filter(unit__successors=OuterRef("pk")).exclude(unit=OuterRef("pk")).order_by()
              .annotate(_s=_Sum(field)).values("_s")[:1])
    return Coalesce(Subquery(own), 0) + Coalesce(Subquery(merged), 0)


def with_achievements(units):
    """`units` annotated with recognised_count, adoption_count and points (see module docstring): the
    counts from the per-unit summary (public/summary.py: public initiatives recognised, started
    adoptions, by the public rule), the points from the stored leaderboard rows."""
    from public.rules import public_leaderboard_rows

    # Points: the unit's own rows plus those of the communes merged into it (campaigns.standing):
    # two indexed sums added, as for the counts.
    rows = public_leaderboard_rows().filter(peer_group__isnull=True).order_by()
    own = rows.filter(unit=OuterRef("pk")).annotate(_s=_Sum("points")).values("_s")[:1]
    merged = (rows.filter(unit__successors=OuterRef("pk")).exclude(unit=OuterRef("pk"))
              .annotate(_s=_Sum("points")).values("_s")[:1])
    return units.annotate(recognised_count=_credited_summary("recognised"),
                          adoption_count=_credited_summary("adoptions_started"),
                          points=Coalesce(Subquery(own), 0) + Coalesce(Subquery(merged), 0))


def _choice(request, param, choices, default):
    value = request.GET.get(param, default) if request is not None else default
    return value if value in choices else default


def ranking(request, communes, count):
    """A page of `communes` ranked by ?xep_theo= (recognised initiatives by default); equal figures
    share a rank. Ranks are over all the communes, not the page."""
    orders = {key: field for key, field, _label in RANK_ORDERS}
    chosen = _choice(request, "xep_theo", orders, "cong_nhan")
    field = orders[chosen]
    ranked = (with_achievements(communes)
              .annotate(rank=Window(Rank(), order_by=[F(field).desc()]))
              .order_by(F(field).desc(), "short_name", "key"))
    page = page_of(request, ranked, UNITS_PER_PAGE, "trang_xh", count=count)
    columns = [{"key": key, "label": label, "field": f, "active": key == chosen,
                "query": query_with(request, xep_theo=key, trang_xh=None)} for key, f, label in RANK_ORDERS]
    shared = shared_points_of(page.object_list, communes)
    for unit in page.object_list:
        unit.figures = [getattr(unit, c["field"]) for c in columns]
        unit.cells = [{"value": value, "note": shared["notes"].get(unit.pk, "") if c["field"] == "points" else ""}
                      for c, value in zip(columns, unit.figures)]
    return {"page": page, "columns": columns, "order": chosen, "shared": shared["listed"]}


def shared_points_of(units, communes):
    """For the ranking: {"notes": {unit id: flag}, "listed": [sentence]} — each unit of the page whose
    points include those of a predecessor split between several successors (credited to each:
    campaigns.standing), and, when two or more of those successors are ranked here, a sentence saying
    the shared points appear on each of their rows. The points are with_achievements': every public
    campaign's overall board. One query when no predecessor was split, four at most otherwise."""
    from campaigns.standing import shared_points, split_note
    from public.rules import public_leaderboard_rows

    units = list(units)
    shares = shared_points(units, public_leaderboard_rows().filter(peer_group__isnull=True))
    notes = {pk: split_note(found) for pk, found in shares.items()}
    by_unit = {share.unit_id: share for found in shares.values() for share in found}
    listed = []
    if by_unit:
        ranked = dict(communes.filter(pk__in=set().union(*(s.successor_ids for s in by_unit.values())))
                      .order_by("short_name", "key").values_list("pk", "name"))
        for share in sorted(by_unit.values(), key=lambda s: (s.name, s.unit_id)):
            here = [name for pk, name in ranked.items() if pk in share.successor_ids]
            if len(here) > 1:
                listed.append(_("%(unit)s được chia cho %(units)s, cùng có trong bảng này: %(points)s điểm của đơn vị "
                                "này được tính cho mỗi đơn vị, cộng các dòng sẽ tính trùng.")
                              % {"unit": share.label, "units": ", ".join(here), "points": format_number(share.points)})
    return {"notes": notes, "listed": listed}


def comparison(request, communes, count):
    """A page of `communes` with their latest key indicators, by name or by ?so_sanh=<indicator>
    (best first, communes without data last). Each commune's figure is its own report or, for the
    periods it did not report itself, the sum of the communes merged into it (both eras), by the one
    roll-up rule (rollout.rollups: a rate from its numerators and denominators, never an average of
    percentages; "không đủ dữ liệu để cộng gộp" when only rates exist). Bounded: the roll-up graph
    and one query of figures for the sorted column, the same for the page's communes."""
    from rollout.models import Metric
    from rollout.rollups import latest_figures

    keys = {key for key, _code, _label in KEY_INDICATORS}
    codes = {key: code for key, code, _label in KEY_INDICATORS}
    chosen = _choice(request, "so_sanh", keys | {"ten"}, "ten")
    metric_ids = dict(Metric.objects.filter(code__in=codes.values()).values_list("code", "pk"))
    by_name = communes.order_by("short_name", "key")
    if chosen == "ten":
        page = page_of(request, by_name, UNITS_PER_PAGE, "trang_ss", count=count)
    else:
        everyone = list(by_name)
        sorted_by = latest_figures(everyone, [codes[chosen]])
        metric_id = metric_ids.get(codes[chosen])

        def value(unit):
            figure = sorted_by.get((unit.pk, metric_id))
            return figure.value if figure is not None else None

        # Stable: equal values keep the alphabetical order; no figure last.
        everyone.sort(key=lambda u: (value(u) is None, -(value(u) or 0)))
        page = page_of(request, everyone, UNITS_PER_PAGE, "trang_ss", count=count)
    columns = [{"key": key, "label": label, "active": key == chosen,
                "query": query_with(request, so_sanh=key, trang_ss=None)} for key, _code, label in KEY_INDICATORS]
    units = list(page.object_list)
    latest = latest_figures(units, list(codes.values()))
    for unit in units:
        unit.indicators = []
        for c in columns:
            figure = latest.get((unit.pk, metric_ids.get(codes[c["key"]])))
            unit.indicators.append({
                "value": figure.value if figure else None, "period": figure.period_key if figure else None,
                "metric": figure.metric if figure else None, "note": figure.note if figure else ""})
    page.object_list = units
    return {"page": page, "columns": columns, "order": chosen,
            "by_name_query": query_with(request, so_sanh="ten", trang_ss=None)}


def area_indicators(unit, rollup_ids):
    """Charts of the key indicators of a province or district, per period, made up from the units
    below it and merged into it, of both eras (a current province: its communes, the old provinces,
    their districts and communes), by the one roll-up rule (rollout.rollups): counts add up, a rate
    adds up by its numerator and denominator, and where only percentages were reported the table
    says "không đủ dữ liệu để cộng gộp" — never an average of percentages. Bounded: the roll-up graph
    and one query of figures."""
    from rollout.rollups import figures_for
    from rollout.views import Series

    if unit.level == UnitLevel.COMMUNE:
        return []
    codes = [code for _key, code, _label in KEY_INDICATORS]
    by_metric = figures_for([unit], codes).get(unit.pk, {})
    area = SimpleNamespace(pk=f"th{unit.pk}", name=_("tổng hợp các đơn vị của %(unit)s (cả trước và sau 01/07/2025)")
                           % {"unit": unit.name})
    charts = []
    for figures in sorted(by_metric.values(), key=lambda f: (f[0].metric.sort_order, f[0].metric.code)):
        for figure in figures:
            figure.source = "; ".join(t for t in (figure.source, figure.note) if t)
        kinds = {f.period_kind for f in figures}
        charts.append(Series(area, figures[0].metric, next(iter(kinds)) if len(kinds) == 1 else "mixed", figures))
    return charts


def campaign_standings(unit):
    """The unit's points on the overall board of each published campaign it or a unit merged into
    it takes part in (stored leaderboard rows, never the ledger): the predecessors' points count for
    the successor (campaigns.standing), a split predecessor's for each of its successors, flagged in
    `note` and listed in `split`; the rank is the unit's own row's, absent when only its
    predecessors are on the board (the campaign's board keeps their historic rows)."""
    from campaigns.models import CampaignPage
    from campaigns.standing import credited_note, credited_points
    from public.rules import public_leaderboard_rows

    ids = unit.succession_ids()
    # Public campaigns only (live, not view-restricted, in a site): the page and /api/v1/points/ show them.
    campaign_ids = list(public_leaderboard_rows().filter(unit_id__in=ids, peer_group__isnull=True)
                        .order_by().values_list("campaign_id", flat=True).distinct())
    campaigns = (CampaignPage.objects.filter(pk__in=campaign_ids)
                 .order_by("-first_published_at", "-pk")[:MAX_CAMPAIGNS])
    from campaigns.leaderboard import computed_at

    campaigns = list(campaigns)
    computed = computed_at([campaign.pk for campaign in campaigns])  # one cache read: "cập nhật lúc …"
    standings = []
    for campaign in campaigns:  # at most MAX_CAMPAIGNS, two queries each (three with a split predecessor)
        credited = credited_points(campaign, {unit.pk: ids}).get(unit.pk)
        if credited is not None:
            standings.append(SimpleNamespace(campaign=campaign, points=credited.points, rank=credited.rank,
                                             board_size=credited.board_size,
                                             from_predecessors=credited.from_predecessors,
                                             split=credited.split, note=credited_note(credited),
                                             computed_at=computed.get(campaign.pk)))
    return standings


def confirmed_awards(request, rollup_ids):
    """A page of the confirmed awards of the unit (and units merged into or below it) or of its
    published initiatives; proposals and revoked awards are never public."""
    from public.rules import public_awards, public_initiatives

    awards = (public_awards()
              .filter(Q(recipient_unit_id__in=rollup_ids)
                      | Q(recipient_initiative__origin_unit_id__in=rollup_ids,
                          recipient_initiative__in=public_initiatives().values("pk")))
              .select_related("campaign", "kind", "recipient_unit", "recipient_initiative", "recipient_person")
              .order_by(F("decision_date").desc(nulls_last=True), "-pk"))
    return page_of(request, awards, AWARDS_PER_PAGE, "trang_kt")
