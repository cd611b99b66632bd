"""Helpers both backends share, so that their answers agree: facet labels and order, snippets."""

from django.utils.html import escape
from django.utils.text import Truncator

from initiatives.status import InitiativeStatus, RecognitionLevel
from units.models import UnitLevel

from ..text import highlight
from .base import FacetValue

ENUM_LABELS = {
    "level": dict(UnitLevel.choices),
    "status": dict(InitiativeStatus.choices),
    "recognition": dict(RecognitionLevel.choices),
}


def label_for(facet, value, label=""):
    if facet in ENUM_LABELS:
        return str(ENUM_LABELS[facet].get(value, value))
    return label or str(value)


def ordered_facet(facet, rows):
    """rows: iterable of (value, label, count) -> [FacetValue], empty values dropped; years newest
    first, everything else by count then label (same order whichever backend counted)."""
    values = [FacetValue(value=str(v), label=label_for(facet, v, lbl), count=int(n))
              for v, lbl, n in rows if v not in (None, "") and n]
    if facet == "year":
        return sorted(values, key=lambda f: f.value, reverse=True)
    return sorted(values, key=lambda f: (-f.count, f.label, f.value))


def phrases_for(groups, query_words):
    phrases = [tuple(query_words)] if query_words else []
    for group in groups:
        phrases.extend(group)
    return phrases


def snippet_for(entry_texts, phrases, fallback_text):
    """First highlighted field among entry_texts; else the start of fallback_text, escaped."""
    for text in entry_texts:
        if text:
            html = highlight(text, phrases)
            if html:
                return html
    return escape(Truncator(fallback_text or "").words(40))
