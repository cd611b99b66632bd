"""{% initiative_rollout page %} and {% unit_rollout unit %}: the rollout sections of the public pages."""

from django import template

from ..views import initiative_rollout_context, unit_rollout_context

register = template.Library()


@register.simple_tag(takes_context=True)
def initiative_rollout(context, page):
    """The section, a cached fragment (core/fragments.py) re-rendered after a write of the initiative
    (an adoption of it, an observation of its adopters or origin: "initiative:<id>") or when its
    precomputed impact was recomputed (its computation time is part of the key: one indexed read)."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from core.fragments import cached, seconds

    from ..models import InitiativeImpact

    # The request gives the page of adopters (?trang=) and the province filter (?tinh=).
    request = context.get("request")

    def render():
        return render_to_string("rollout/includes/initiative_rollout_body.html",
                                initiative_rollout_context(page, request=request), request=request)

    if not seconds():  # the fragment cache is off: no key to read
        return mark_safe(render())
    version = InitiativeImpact.objects.filter(initiative_id=page.pk).values_list("computed_at", "stale").first()
    return mark_safe(cached("initiative-rollout", [page.pk, version], [f"initiative:{page.pk}"], render, request))


@register.inclusion_tag("rollout/includes/unit_rollout_body.html")
def unit_rollout(unit):
    return unit_rollout_context(unit)


@register.filter
def metric_value(value, metric):
    """98,52% / 9.470 / 25 ngày / 88,78 điểm / Tốt (4) — a value in its metric's unit."""
    from decimal import ROUND_HALF_UP, Decimal

    from core.formatting import format_number

    if value is None:
        return ""
    if metric.decimals is not None:  # a rate derived from its counts carries more digits than it shows
        value = Decimal(value).quantize(Decimal(1).scaleb(-int(metric.decimals)), rounding=ROUND_HALF_UP)
    if metric.unit == "percent":
        band = metric.label_for(value) if getattr(metric, "bands", None) else ""
        return f"{format_number(value)}% ({band})" if band else f"{format_number(value)}%"
    if metric.unit == "grade":
        label = metric.label_for(value)
        return f"{label} ({format_number(value)})" if label else format_number(value)
    if metric.unit in ("count", "rank"):
        return format_number(value)
    return f"{format_number(value)} {metric.get_unit_display()}"


@register.filter
def signed(value, metric=None):
    """+0,2 / −2 (percentage points stay bare numbers: the change of a % is in points)."""
    from core.formatting import format_number

    if value is None:
        return ""
    text = format_number(abs(value))
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


@register.filter
def period_label(key):
    """"2024-Q1" -> "Quý 1/2024"."""
    from ..periods import period_label as label

    return label(key)


@register.inclusion_tag("rollout/includes/initiative_map.html")
def initiative_map(page):
    """The initiative's map of replication with its timeline and table (rollout.maps)."""
    from django.utils.translation import get_language

    from core.page_cache import cached_until_change

    from ..maps import MAP_TTL
    from ..maps import initiative_map as compute

    # Kept until the next public change (an adoption recorded, a page published…), per language.
    return {"map": cached_until_change(f"rollout:initiative-map:v1:{page.pk}:{get_language()}",
                                       lambda: compute(page), MAP_TTL)}


@register.filter
def get_count(counter, key):
    """{{ row.statuses|get_count:code }}: a Counter's value for a key (0 when absent)."""
    return counter.get(key, 0)


@register.filter
def score_points(value):
    """A 766 score the Vietnamese way, to two decimals at most: 17,5 / 20 / 3,33."""
    from decimal import ROUND_HALF_UP, Decimal

    from core.formatting import format_number

    if value is None:
        return ""
    return format_number(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
