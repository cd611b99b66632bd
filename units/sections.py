"""Extra sections of the public unit page, contributed by other apps (adoptions, indicators, badges).

An app registers a section once, e.g. in its AppConfig.ready():

    from units.sections import register_unit_section
    register_unit_section("rollout/includes/unit_adoptions.html", adoptions_for_unit, order=10)

`get_context(request, unit, rollup_ids)` returns the dict the template sees as `section` (or None to
skip the section); `rollup_ids` is the set the page already computed (the unit, units below it and
merged units), so a section filters with `unit_id__in=rollup_ids` and adds no rollup queries.
The sections render inside `{% block unit_extra %}` of templates/units/unit_detail.html.
"""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class UnitSection:
    template: str
    get_context: Callable | None
    order: int


_sections: dict[str, UnitSection] = {}


def register_unit_section(template, get_context=None, *, order=100):
    """Register (or replace: registering the same template twice keeps one) a unit-page section."""
    _sections[template] = UnitSection(template, get_context, order)


def unregister_unit_section(template):
    _sections.pop(template, None)


def sections_for(request, unit, rollup_ids):
    """[{"template": …, "context": …}] in order, skipping sections whose context is None."""
    rendered = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.template)):
        context = section.get_context(request, unit, rollup_ids) if section.get_context else {}
        if context is not None:
            rendered.append({"template": section.template, "context": context})
    return rendered
