from .assignments import Assignment, AssignmentState, Conflict, Score
from .experts import CycleStatement, ExpertInvitation, InterestRelation, InvitationState, StandingInterest, token_digest
from .pool import AffiliationKind, ExpertiseKeyword, JudgeProfile, Panel
from .record import Decision, MethodReport, RankingSignOff, RubricVersion
from .rounds import Award, AwardLevel, Criterion, Round, RoundKind, RoundStatus

__all__ = [
    "AffiliationKind",
    "Assignment",
    "AssignmentState",
    "Award",
    "AwardLevel",
    "Conflict",
    "Criterion",
    "CycleStatement",
    "Decision",
    "ExpertInvitation",
    "ExpertiseKeyword",
    "InterestRelation",
    "InvitationState",
    "JudgeProfile",
    "MethodReport",
    "Panel",
    "RankingSignOff",
    "Round",
    "RoundKind",
    "RoundStatus",
    "RubricVersion",
    "Score",
    "StandingInterest",
    "token_digest",
]
