"""Badge criteria: small functions keyed by criterion code, each measuring units' progress.

An evaluator takes unit ids (None = every unit with data) and returns {unit_id: (measure, evidence)}.
A unit earns every level whose threshold its measure reaches; each level once (BadgeAward is unique
per definition, level and unit), with the date and the evidence that earned it.
"""

import datetime
import logging
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import Coalesce, RowNumber, TruncDate
from django.utils import timezone
from wagtail.models import Site


from .models import BadgeAward, BadgeDefinition, CampaignSettings
from .rules import rollout_models

logger = logging.getLogger("nhanrong.campaigns")

ON_TIME_METRIC = "dossiers_on_time_pct"
SIPAS_METRIC = "sipas"
EVALUATORS = {}
ADOPTIONS = "adoptions"
# What each criterion reads: ADOPTIONS, or an indicator code (its observations). A write re-evaluates
# only the criteria that read what it wrote (`criteria_for`): an observation of another indicator
# cannot move a badge, so it costs no badge query at all.
READS = {}
PROBE_UNITS = 3  # first_adopter_in_province: up to this many units, one statement each


def evaluator(code, reads):
    def register(func):
        EVALUATORS[code] = func
        READS[code] = reads
        return func
    return register


def criteria_for(adoptions=False, metric_codes=()):
    """Pure: the criteria a write of adoptions and/or observations of `metric_codes` can change."""
    wanted = ({ADOPTIONS} if adoptions else set()) | set(metric_codes)
    return sorted(code for code, reads in READS.items() if reads in wanted)


def _adoptions(rollout):
    """Adoptions that really started (planned ones do not count)."""
    return rollout.Adoption.objects.exclude(status=rollout.AdoptionStatus.PLANNED)


@evaluator("first_adopter_in_province", ADOPTIONS)
def first_adopter_in_province(unit_ids):
    """Initiatives the unit was the first in its province to start (start date, else the day it was
    recorded; then the earlier record). Ranked by the database (ROW_NUMBER per initiative and
    province), so only the firsts are read, never every adoption."""
    rollout = rollout_models()
    if rollout is None:
        return {}
    adoptions = _adoptions(rollout).exclude(unit=F("initiative__origin_unit"))
    day = Coalesce("start_date", TruncDate("created_at", tzinfo=datetime.timezone.utc))
    if unit_ids is not None:
        # A write's re-evaluation (a few units): each adoption of these units is a first when no started
        # adoption of the same initiative in the same province came before it (earlier day, then
        # earlier record) — one indexed probe per adoption, instead of ranking every adoption of every
        # initiative they adopted (a commune adopts ~300: 117 ms at national scale).
        earlier = (adoptions.filter(initiative_id=OuterRef("initiative_id"), unit__province_id=OuterRef("unit__province_id"))
                   .annotate(other_day=day)
                   .filter(Q(other_day__lt=OuterRef("day")) | Q(other_day=OuterRef("day"), pk__lt=OuterRef("pk"))))
        # One statement per unit for a write's few units: with `unit_id IN (…)` PostgreSQL planned a hash
        # join over the whole adoption table (120 ms for two units at national scale, 15 ms each alone).
        # More units (a page's progress for a province's communes): one statement, the number of queries
        # bounded whatever the number of units.
        groups = [[pk] for pk in sorted(unit_ids)] if len(unit_ids) <= PROBE_UNITS else [sorted(unit_ids)]
        firsts = [row for group in groups for row in (
            adoptions.filter(unit_id__in=group).annotate(day=day).filter(~Exists(earlier))
            .order_by("day", "pk").values("initiative_id", "initiative__title", "unit_id", "day"))]
        firsts.sort(key=lambda row: row["day"])
    else:
        firsts = (adoptions.annotate(day=day).annotate(place=Window(
            RowNumber(), partition_by=[F("initiative_id"), F("unit__province_id")],
            order_by=[F("day").asc(), F("pk").asc()]))
            .filter(place=1).order_by("day", "pk").values("initiative_id", "initiative__title", "unit_id", "day"))
    result = {}
    for row in firsts:
        measure, evidence = result.get(row["unit_id"], (0, {"initiatives": []}))
        evidence["initiatives"].append({"id": row["initiative_id"], "title": row["initiative__title"],
                                        "date": row["day"].isoformat()})
        result[row["unit_id"]] = (measure + 1, evidence)
    return result


@evaluator("initiative_replicated", ADOPTIONS)
def initiative_replicated(unit_ids):
    """The unit's most replicated initiative: how many other units adopted it."""
    rollout = rollout_models()
    if rollout is None:
        return {}
    adoptions = _adoptions(rollout).exclude(unit=F("initiative__origin_unit"))
    if unit_ids is not None:
        adoptions = adoptions.filter(initiative__origin_unit_id__in=unit_ids)
    result = {}
    for row in (adoptions.values("initiative_id", "initiative__title", "initiative__origin_unit_id")
                .annotate(adopters=Count("unit", distinct=True))):
        unit_id = row["initiative__origin_unit_id"]
        if unit_id not in result or row["adopters"] > result[unit_id][0]:
            result[unit_id] = (row["adopters"], {"initiative": {"id": row["initiative_id"],
                                                                "title": row["initiative__title"]},
                                                 "adopters": row["adopters"]})
    return result


def longest_streak(months):
    """Pure: longest run of consecutive months in `months` (a set of (year, month) that qualified),
    with the month it ended. Returns (length, (year, month) | None)."""
    best, best_end, run, previous = 0, None, 0, None
    for year, month in sorted(months):
        consecutive = previous is not None and (year * 12 + month) - (previous[0] * 12 + previous[1]) == 1
        run = run + 1 if consecutive else 1
        previous = (year, month)
        if run > best:
            best, best_end = run, (year, month)
    return best, best_end


@evaluator("on_time_streak_months", ON_TIME_METRIC)
def on_time_streak_months(unit_ids):
    """Longest run of consecutive months with 100% of dossiers resolved on time."""
    rollout = rollout_models()
    if rollout is None:
        return {}
    observations = rollout.Observation.objects.earning_points().filter(
        metric__code=ON_TIME_METRIC, period_kind=rollout.PeriodKind.MONTH, value__gte=100)
    if unit_ids is not None:
        observations = observations.filter(unit_id__in=unit_ids)
    months = {}
    for unit_id, start in observations.values_list("unit_id", "period_start"):
        months.setdefault(unit_id, set()).add((start.year, start.month))
    result = {}
    for unit_id, qualified in months.items():
        length, end = longest_streak(qualified)
        result[unit_id] = (length, {"metric": ON_TIME_METRIC, "months": length,
                                    "until": f"{end[1]:02d}/{end[0]}" if end else None})
    return result


@evaluator("sipas_percent", SIPAS_METRIC)
def sipas_percent(unit_ids):
    """The unit's latest SIPAS (citizen satisfaction index), in percent."""
    rollout = rollout_models()
    if rollout is None:
        return {}
    observations = rollout.Observation.objects.earning_points().filter(metric__code=SIPAS_METRIC)
    if unit_ids is not None:
        observations = observations.filter(unit_id__in=unit_ids)
    result = {}
    for unit_id, value, key in observations.order_by("unit_id", "period_end", "pk").values_list(
            "unit_id", "value", "period_key"):
        result[unit_id] = (Decimal(value), {"metric": SIPAS_METRIC, "value": str(value), "period": key})
    return result


def badges_enabled():
    site = Site.objects.filter(is_default_site=True).first()
    return site is None or CampaignSettings.for_site(site).badges_enabled


def evaluate_badges(unit_ids=None, today=None, criteria=None):
    """Award every level reached and not yet awarded (of the badges of these criteria; None: all).
    Returns the number of new awards."""
    if criteria is not None and not criteria:
        return 0
    if not badges_enabled():
        return 0
    today = today or timezone.localdate()
    new = []
    definitions = BadgeDefinition.objects.filter(active=True)
    if criteria is not None:
        definitions = definitions.filter(criterion__in=list(criteria))
    for definition in definitions.prefetch_related("levels"):
        func = EVALUATORS.get(definition.criterion)
        if func is None:
            logger.warning("badge %s: unknown criterion %s", definition.code, definition.criterion)
            continue
        measures = func(set(unit_ids) if unit_ids is not None else None)
        for unit_id, (measure, evidence) in measures.items():
            for level in definition.levels.all():
                if Decimal(measure) >= level.threshold:
                    new.append(BadgeAward(definition=definition, level=level.level, unit_id=unit_id,
                                          awarded_on=today, evidence={**evidence, "measure": str(measure)}))
    existing = set(BadgeAward.objects.filter(unit_id__in={a.unit_id for a in new}).values_list(
        "definition_id", "level", "unit_id"))
    new = [a for a in new if (a.definition_id, a.level, a.unit_id) not in existing]
    BadgeAward.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        logger.info("badges: %s new awards", len(new))
    return len(new)


def credited_badges(units, candidates=None):
    """{unit id: [BadgeAward]} for `units`: the badge levels each unit earned and those earned by the
    units merged into it before 01/07/2025, at any depth — the successor links of
    `AdministrativeUnit.succession_ids` (the unit page's rule, `unit_badge_progress`), walked for all
    the units at once (units.graph). Each award keeps `.unit`, the unit that earned it, and gets
    `.level_name`. Active badges only; nothing when badges are off. Five queries at most, whatever
    the number of units. `candidates`: ids known to hold every unit that can count (the units'
    rollup_ids, which a page has already computed): then one query when none of them holds a badge."""
    from units.graph import RollupGraph

    from .models import BadgeLevel

    units = list(units)
    if not units:
        return {}

    def merged_into():  # {unit id: the ids that count for it}, walked once for all the units
        graph = RollupGraph.build(units, succession_only=True)
        return {unit.pk: graph.descendants(unit.pk) for unit in units}

    ids = merged_into() if candidates is None else None
    if candidates is None:
        candidates = set().union(*ids.values())
    awards = list(BadgeAward.objects.filter(unit_id__in=candidates, definition__active=True)
                  .select_related("definition", "unit")
                  .order_by("definition__name", "definition_id", "level", "awarded_on", "pk"))
    if not awards or not badges_enabled():
        return {}
    ids = ids if ids is not None else merged_into()
    names = {(d, lv): name for d, lv, name in BadgeLevel.objects.filter(
        definition_id__in={a.definition_id for a in awards}).values_list("definition_id", "level", "name")}
    for award in awards:
        award.level_name = names.get((award.definition_id, award.level), str(award.level))
    return {unit.pk: [a for a in awards if a.unit_id in ids[unit.pk]] for unit in units}


def unit_badge_progress(unit):
    """For the unit page: every active badge with the levels earned and the progress to the next.
    Badges earned by the units merged into this one (before 01/07/2025) count for it, and its
    progress is the best of its own measure and theirs (the measures are records and latest values,
    which do not add up)."""
    ids = unit.succession_ids()
    definitions = list(BadgeDefinition.objects.filter(active=True).prefetch_related("levels"))
    earned = {}
    for award in BadgeAward.objects.filter(unit_id__in=ids).select_related("unit").order_by("awarded_on", "pk"):
        earned.setdefault(award.definition_id, {}).setdefault(award.level, award)
    progress = []
    for definition in definitions:
        func = EVALUATORS.get(definition.criterion)
        found = func(ids) if func else {}
        measure = max((Decimal(found.get(i, (0, {}))[0]) for i in ids), default=Decimal(0))
        levels = sorted(definition.levels.all(), key=lambda lv: lv.level)
        awards = [earned[definition.pk][lv.level] for lv in levels if lv.level in earned.get(definition.pk, {})]
        upcoming = next((lv for lv in levels if lv.level not in earned.get(definition.pk, {})), None)
        percent = None
        if upcoming is not None and upcoming.threshold:
            percent = min(100, int(measure * 100 / upcoming.threshold))
        progress.append({"definition": definition, "awards": awards, "measure": measure,
                         "next_level": upcoming, "percent": percent})
    return progress


