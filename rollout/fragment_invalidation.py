"""The narrower fragment tags of this app's writes (core/fragments.py), next to the page cache's
(rollout/page_invalidation.py, whose "unit:<id>" tags the fragments read as well):

- "adoptions:unit:<id>": touched by an adoption (recorded, moved along, edited, deleted) for its unit,
  the initiative's origin unit and every unit their pages roll up into — never by an observation. The
  unit map (where its initiatives were adopted, whom it learnt from) and the communes' ranking
  (initiatives and models counted) read only adoptions, so the figures officers enter all day do not
  re-render them.

Receivers run on commit (the signal is sent then)."""

from core.fragments import touch

from .signals import adoption_changed


def adoption_tags(unit_ids):
    from .page_invalidation import unit_tags

    return {f"adoptions:{tag}" for tag in unit_tags(unit_ids)}


def adoption_recorded(sender=None, initiative_id=None, unit_id=None, **kwargs):
    from initiatives.models import InitiativePage

    origin = InitiativePage.objects.filter(pk=initiative_id).values_list("origin_unit_id", flat=True).first()
    touch(adoption_tags([pk for pk in (unit_id, origin) if pk]))


def connect():
    adoption_changed.connect(adoption_recorded, dispatch_uid="rollout.fragment_invalidation.adoption")
