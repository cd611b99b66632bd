"""Emulation campaigns (phong trào thi đua): pages, points ledger, leaderboards, badges, awards."""

from .awards import Award, AwardKind, AwardStatus  # noqa: F401
from .badges import BadgeAward, BadgeDefinition, BadgeLevel, CampaignSettings  # noqa: F401
from .commendation import CommendationKind, KindCategory, KindLevel, Person, Recipients  # noqa: F401
from .leaderboard import LeaderboardRow, Movement, PeerGroup  # noqa: F401
from .ledger import PointEntry, PointRule  # noqa: F401
from .pages import (  # noqa: F401
    CampaignIndexPage,
    CampaignPage,
    CampaignPhase,
    CampaignTarget,
    Enrolment,
    FeaturedModel,
    PhaseKind,
)
