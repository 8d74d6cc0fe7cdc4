from .assignments import Assignment, AssignmentState, Conflict, Score
from .pool import JudgeProfile, Panel
from .rounds import Award, AwardLevel, Criterion, Round, RoundKind

__all__ = [
    "Assignment",
    "AssignmentState",
    "Award",
    "AwardLevel",
    "Conflict",
    "Criterion",
    "JudgeProfile",
    "Panel",
    "Round",
    "RoundKind",
    "Score",
]
