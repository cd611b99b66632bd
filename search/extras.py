"""Data owned by other apps (rollout, campaigns) that the index includes when those apps provide
it. Each lookup degrades to "nothing" while the model does not exist yet, so search works at
every stage of the project."""

import logging

from django.apps import apps
from django.db.models import Count

logger = logging.getLogger("nhanrong.search")


def _model(app_label, name):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def adoption_counts(initiative_ids):
    """{initiative_id: number of distinct units that started it} — started adoptions, the one
    definition of replication (rollout.models.STARTED_STATUSES; a planned one does not count)."""
    Adoption = _model("rollout", "Adoption")
    if Adoption is None:
        return {}
    adoptions = Adoption.objects.started()
    rows = (adoptions.filter(initiative_id__in=initiative_ids).values("initiative_id")
            .annotate(n=Count("unit", distinct=True)))
    return {row["initiative_id"]: row["n"] for row in rows}


def campaign_links():
    """(model, initiative field, campaign field) for every campaigns model that links an
    initiative to a campaign page, found by its foreign keys (names are the campaigns app's)."""
    if not apps.is_installed("campaigns"):
        return []
    from initiatives.models import InitiativePage

    links = []
    for model in apps.get_app_config("campaigns").get_models():
        fks = [f for f in model._meta.get_fields() if f.many_to_one and f.concrete]
        to_initiative = [f for f in fks if f.related_model is InitiativePage]
        to_campaign = [f for f in fks if f.related_model is not None and "campaign" in f.related_model.__name__.lower()
                       and hasattr(f.related_model, "slug")]
        if to_initiative and to_campaign:
            links.append((model, to_initiative[0].name, to_campaign[0].name))
    return links


def campaign_memberships(initiative_ids):
    """{initiative_id: [(slug, title), ...]} for campaigns that feature or include it."""
    out = {}
    for model, initiative_field, campaign_field in campaign_links():
        try:
            rows = model.objects.filter(**{f"{initiative_field}_id__in": initiative_ids}).values_list(
                f"{initiative_field}_id", f"{campaign_field}__slug", f"{campaign_field}__title").distinct()
        except Exception:  # a model shape we did not foresee must not break indexing
            logger.warning("campaign link %s not usable for search", model.__name__, exc_info=True)
            continue
        for initiative_id, slug, title in rows:
            if slug and (slug, title) not in out.setdefault(initiative_id, []):
                out[initiative_id].append((slug, title or slug))
    return out
