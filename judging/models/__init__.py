from .assignments import Assignment, AssignmentState, Conflict, Score
from .pool import JudgeProfile, Panel
from .record import Decision, MethodReport, RankingSignOff, RubricVersion
from .rounds import Award, AwardLevel, Criterion, Round, RoundKind, RoundStatus

__all__ = [
    "Assignment",
    "AssignmentState",
    "Award",
    "AwardLevel",
    "Conflict",
    "Criterion",
    "Decision",
    "JudgeProfile",
    "MethodReport",
    "Panel",
    "RankingSignOff",
    "Round",
    "RoundKind",
    "RoundStatus",
    "RubricVersion",
    "Score",
]
