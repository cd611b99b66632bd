"""{% national_map %} (home page) and {% showcase_map area %} (showcase): adoptions per province of
today, shaded (rollout.maps.national_map), counting what home.figures counts as replication."""

from django import template
from django.utils.translation import gettext as _

from home.figures import public_initiatives, started_adoptions
from core.page_cache import cached_until_change

register = template.Library()
TTL = 300  # seconds; every public change invalidates sooner


@register.inclusion_tag("rollout/includes/national_map.html")
def national_map():
    from django.utils.translation import get_language

    from rollout.maps import national_map as compute

    # Cached until the next public change, per language (titles are translated).
    data = cached_until_change(f"home:national-map:v1:{get_language()}",
                               lambda: compute(started_adoptions(), map_id="map-national"), TTL)
    return {"map": data, "heading": _("Bản đồ nhân rộng cả nước")}


@register.inclusion_tag("rollout/includes/national_map.html")
def showcase_map(area=None):
    from initiatives.status import InitiativeStatus
    from rollout.maps import national_map as compute

    from django.utils.translation import get_language

    initiatives = public_initiatives().filter(status=InitiativeStatus.RECOGNISED)
    if area is not None:
        initiatives = initiatives.filter(reform_area=area)
    # The same for every visitor of an area (1,2 s of counting at national scale): kept until the next
    # public change, per area and language, as the home page's map.
    data = cached_until_change(
        f"showcase:map:v1:{area.pk if area is not None else '-'}:{get_language()}",
        lambda: compute(started_adoptions(initiatives), map_id="map-showcase",
                        title=_("Lượt nhân rộng các mô hình tiêu biểu theo tỉnh, thành phố")), TTL)
    return {"map": data, "heading": _("Mô hình tiêu biểu được nhân rộng ở đâu")}
