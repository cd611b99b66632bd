"""The replication evidence dossier as appraisal sees it. The dossier is built by rollout
(rollout/dossier.py); appraisal and rollout are siblings and do not import each other, so rollout
registers the "nhanrong_scope_evidence" Wagtail hook and appraisal reads it here."""

from django.urls import NoReverseMatch, reverse
from wagtail import hooks


def evidence(initiative):
    """{"lines": [...], "adopters", "provinces", "first_start", "built_on"}, or None when no app
    registers the hook."""
    for hook in hooks.get_hooks("nhanrong_scope_evidence"):
        summary = hook(initiative)
        if summary:
            return summary
    return None


def dossier_links(initiative):
    """(page URL, PDF URL) of the public dossier, or (None, None) when the routes are not installed."""
    try:
        return reverse("dossier:page", args=[initiative.pk]), reverse("dossier:pdf", args=[initiative.pk])
    except NoReverseMatch:
        return None, None
