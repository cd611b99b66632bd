"""What may be followed: a public initiative, a unit, a public campaign (public/rules.py)."""

from django.urls import reverse


def public_target(kind, pk):
    from public.rules import public_campaigns, public_initiatives
    from units.models import AdministrativeUnit

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**31:
        return None
    if kind == "initiative":
        return public_initiatives().filter(pk=pk).first()
    if kind == "campaign":
        return public_campaigns().filter(pk=pk).first()
    if kind == "unit":
        return AdministrativeUnit.objects.filter(pk=pk).first()
    return None


def target_label(target):
    return getattr(target, "title", None) or getattr(target, "name", "")


def target_path(target):
    if hasattr(target, "key") and not hasattr(target, "title"):
        return reverse("units:detail", args=[target.key])
    return target.url or "/"
