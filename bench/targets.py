"""The public pages to measure, discovered from the database (no hard-coded ids)."""

from django.db.models import Count

from scale.generator import SLUG_PREFIX

SEARCH_QUERIES = ["mot cua", "dich vu cong truc tuyen", "khong dung tien mat", "ho tich", "tra ket qua tai nha",
                  "chuyen doi so", "hai long", "cong nghe so cong dong"]


def discover():
    """{name: path}: the pages a visitor reads, at their heaviest realistic instance."""
    from home.models import HomePage
    from initiatives.models import InitiativeIndexPage, InitiativePage
    from rollout.models import Adoption
    from units.models import AdministrativeUnit

    targets = {}
    home = HomePage.objects.live().first()
    if home:
        targets["home"] = home.get_url()
    index = InitiativeIndexPage.objects.live().first()
    if index:
        targets["initiative_index"] = index.get_url()
    top = (Adoption.objects.values("initiative").annotate(n=Count("pk")).order_by("-n", "initiative").first())
    if top:
        targets["initiative_top"] = InitiativePage.objects.get(pk=top["initiative"]).get_url()
    generated = InitiativePage.objects.live().filter(slug__startswith=SLUG_PREFIX).order_by("pk")
    count = generated.count()
    if count:
        targets["initiative_typical"] = generated[count // 2].get_url()
    busiest = (AdministrativeUnit.objects.current().communes().annotate(n=Count("initiatives"))
               .order_by("-n", "key").first())
    if busiest:
        targets["unit_commune"] = f"/don-vi/{busiest.key}/"
    province = (AdministrativeUnit.objects.current().provinces()
                .annotate(n=Count("initiatives")).order_by("-n", "key").first())
    if province:
        targets["unit_province"] = f"/don-vi/{province.key}/"
    campaign = _campaign()
    if campaign:
        targets["campaign_leaderboard"] = campaign.get_url()
    # The comparison of the three communes of today that adopted most (issue 18: their figures and
    # points roll up from the communes merged into them).
    compared = list(AdministrativeUnit.objects.current().communes().annotate(n=Count("adoptions"))
                    .order_by("-n", "key").values_list("key", flat=True)[:3])
    if len(compared) == 3:
        targets["compare_units"] = "/so-sanh/?" + "&".join(f"don-vi={key}" for key in compared)
    targets["search_facets"] = "/tim-kiem/?q=mot+cua"
    if province:
        targets["search_filtered"] = f"/tim-kiem/?q=dich+vu+cong&province={province.key}&status=recognised"
    return targets


def _campaign():
    try:
        from campaigns.models import CampaignPage
    except ImportError:
        return None
    return (CampaignPage.objects.live().filter(slug="gen-thi-dua-toan-quoc").first()
            or CampaignPage.objects.live().annotate(n=Count("point_entries")).order_by("-n").first())


def ceiling_path():
    from units.models import AdministrativeUnit

    unit = AdministrativeUnit.objects.current().communes().order_by("key").first()
    return f"/__bench__/ceiling/{unit.pk}/"
