from .categories import Category, CategoryIcon
from .cycles import AwardCycle, Milestone
from .pages import CallIndexPage, CallPage, CallStatus

__all__ = [
    "AwardCycle",
    "CallIndexPage",
    "CallPage",
    "CallStatus",
    "Category",
    "CategoryIcon",
    "Milestone",
]
