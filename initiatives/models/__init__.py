from .history import StatusChange
from .pages import InitiativeIndexPage, InitiativePage, InitiativeSource, InitiativeTag, KeyFigure
from .taxonomy import ReformArea, TargetGroup

__all__ = [
    "InitiativeIndexPage",
    "InitiativePage",
    "InitiativeSource",
    "InitiativeTag",
    "KeyFigure",
    "ReformArea",
    "StatusChange",
    "TargetGroup",
]
