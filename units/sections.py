"""Extra sections of the public unit page, contributed by other apps (adoptions, indicators, badges).

An app registers a section once, e.g. in its AppConfig.ready():

    from units.sections import register_unit_section
    register_unit_section("rollout/includes/unit_adoptions.html", adoptions_for_unit, order=10)

`get_context(request, unit, rollup_ids)` returns the dict the template sees as `section` (or None to
skip the section); `rollup_ids` is the set the page already computed (the unit, units below it and
merged units), so a section filters with `unit_id__in=rollup_ids` and adds no rollup queries.
The sections render inside `{% block unit_extra %}` of templates/units/unit_detail.html.

`fragment_tags(unit)` (optional) makes the section a cached fragment (core/fragments.py): the tags
whose change re-renders it (e.g. ["unit:<id>"]); its context is then computed only on a miss. A
section without it is computed on every render.
"""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class UnitSection:
    template: str
    get_context: Callable | None
    order: int
    fragment_tags: Callable | None = None


_sections: dict[str, UnitSection] = {}


def register_unit_section(template, get_context=None, *, order=100, fragment_tags=None):
    """Register (or replace: registering the same template twice keeps one) a unit-page section."""
    _sections[template] = UnitSection(template, get_context, order, fragment_tags)


def unregister_unit_section(template):
    _sections.pop(template, None)


def sections_for(request, unit, rollup_ids):
    """[{"template": …, "context": …, "tags": …}] in order, skipping sections whose context is None.
    A cached section (`fragment_tags`) keeps its place with a context computed only when the template
    first reads it (core.fragments.Deferred: never while its fragment is valid), and the template skips
    it when that context is None; `tags` is None for a section computed on every render.
    `rollup_ids` may be a Deferred too."""
    from core.fragments import Deferred

    def ids():
        return rollup_ids() if callable(rollup_ids) else rollup_ids

    def deferred(section):
        return Deferred(lambda: section.get_context(request, unit, ids()) if section.get_context else {})

    rendered = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.template)):
        if section.fragment_tags is not None:
            rendered.append({"template": section.template, "context": deferred(section),
                             "tags": section.fragment_tags(unit)})
            continue
        context = section.get_context(request, unit, ids()) if section.get_context else {}
        if context is not None:
            rendered.append({"template": section.template, "context": context, "tags": None})
    return rendered
