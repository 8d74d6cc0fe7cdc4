from .answers import NominationAnswer, ScreeningNote
from .categories import Category, CategoryIcon
from .choices import NominationState, NomineeType, Region, Relation, Stage
from .consent import NomineeAnswer, NomineeConsent
from .cycles import AwardCycle, Milestone
from .files import NominationFile, ReferenceSequence
from .nomination import Nomination
from .pages import CallIndexPage, CallPage, CallStatus
from .story_images import StoryCollection, StoryImage
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
    "NominationAnswer",
    "NominationFile",
    "NominationState",
    "NomineeAnswer",
    "NomineeConsent",
    "NomineeType",
    "ReferenceSequence",
    "Region",
    "Relation",
    "ScreeningNote",
    "Stage",
    "StoryCollection",
    "StoryImage",
    "WinnerGalleryImage",
    "WinnerStoryPage",
    "WinnersIndexPage",
    "winners_visible",
]
