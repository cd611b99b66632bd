from .choices import CURRENT_COUNCIL_LEVELS, ConflictType, Confidence, CouncilLevel, DecisionOutcome, RoundStatus
from .council import Council, CouncilMembership
from .discussion import ClarificationRequest, Decision, PrivateNote
from .provincial import ProvincialRules
from .recognition import Ballot, LegalCheck, OverdueNotice, ScopeDecision
from .rounds import AppraisalRound, Assignment, ConflictDeclaration, RoundEntry
from .rubric import Criterion, RecognitionThreshold, Rubric
from .scoring import Score, ScoreAudit, ScoreSheet

__all__ = [
    "CURRENT_COUNCIL_LEVELS", "Ballot", "LegalCheck", "OverdueNotice", "ScopeDecision", "AppraisalRound", "Assignment", "ClarificationRequest", "ConflictDeclaration", "ConflictType", "Confidence",
    "Council", "CouncilLevel", "CouncilMembership", "Criterion", "Decision", "DecisionOutcome", "PrivateNote", "ProvincialRules",
    "RecognitionThreshold", "RoundEntry", "RoundStatus", "Rubric", "Score", "ScoreAudit", "ScoreSheet",
]
