from .categories import Category, CategoryIcon
from .choices import NominationState, NomineeType, Region, Relation, Stage
from .cycles import AwardCycle, Milestone
from .files import NominationFile, ReferenceSequence
from .nomination import Nomination
from .pages import CallIndexPage, CallPage, CallStatus
from .winners import WinnerGalleryImage, WinnersIndexPage, WinnerStoryPage, winners_visible

__all__ = [
    "AwardCycle",
    "CallIndexPage",
    "CallPage",
    "CallStatus",
    "Category",
    "CategoryIcon",
    "Milestone",
    "Nomination",
    "NominationFile",
    "NominationState",
    "NomineeType",
    "ReferenceSequence",
    "Region",
    "Relation",
    "Stage",
    "WinnerGalleryImage",
    "WinnerStoryPage",
    "WinnersIndexPage",
    "winners_visible",
]
