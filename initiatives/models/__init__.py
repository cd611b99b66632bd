from .authors import InitiativeAuthor
from .history import StatusChange
from .pages import InitiativeIndexPage, InitiativePage, InitiativeSource, InitiativeTag, KeyFigure, public_initiatives
from .taxonomy import ReformArea, TargetGroup

__all__ = [
    "InitiativeAuthor",
    "InitiativeIndexPage",
    "InitiativePage",
    "InitiativeSource",
    "InitiativeTag",
    "KeyFigure",
    "ReformArea",
    "StatusChange",
    "TargetGroup",
    "public_initiatives",
]
