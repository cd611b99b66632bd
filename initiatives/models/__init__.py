from .application import PUBLIC_APPLICATION_FIELDS, FirstApplicationParticipant
from .authors import InitiativeAuthor
from .history import StatusChange
from .receipt import ApplicationReceipt
from .pages import InitiativeIndexPage, InitiativePage, InitiativeSource, InitiativeTag, KeyFigure
from .taxonomy import ReformArea, TargetGroup

__all__ = [
    "ApplicationReceipt",
    "FirstApplicationParticipant",
    "InitiativeAuthor",
    "PUBLIC_APPLICATION_FIELDS",
    "InitiativeIndexPage",
    "InitiativePage",
    "InitiativeSource",
    "InitiativeTag",
    "KeyFigure",
    "ReformArea",
    "StatusChange",
    "TargetGroup",
]
