"""From a commended nomination in the admin: "Create winner story" makes a draft story
prefilled from it (nominations.winners.create_story) and opens it in the page editor."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from wagtail.admin import messages

from core.permission import PredicateRequiredMixin
from core.predicates import predicate
from nominations.models import NominationState
from nominations.screening import admin_nominations
from nominations.winners import StoryError, create_story, default_winners_index


def can_write_story(user, index):
    return index is not None and index.permissions_for_user(user).can_add_subpage()


@predicate
def may_write_story(user, index=None):
    return can_write_story(user, index)


class CreateStoryView(PredicateRequiredMixin, View):
    """POST: a draft story from a commended nomination, written first in the site's default
    language, under that language's winners index (the permission is to add a page there)."""

    predicate = may_write_story

    def get_permission_object(self):
        return default_winners_index()

    def post(self, request, pk):
        nomination = get_object_or_404(
            admin_nominations(request.user).filter(state=NominationState.COMMENDED).select_related("call__cycle"), pk=pk
        )
        # If the nomination has a story in either language already, create_story returns it.
        index = default_winners_index()
        try:
            story, created = create_story(nomination=nomination, user=request.user, index=index)
        except StoryError as error:
            messages.error(request, str(error))
            return redirect(reverse("wagtailsnippets_nominations_nomination:inspect", args=[pk]))
        if created:
            messages.success(request, _("A draft story was created from the nomination: write it, then submit it."))
        if not nomination.nominee_publication_consent:
            messages.warning(
                request,
                _(
                    "The nominee has not agreed to publication: the story can be drafted but not "
                    "published, and no photographs were copied."
                ),
            )
        return redirect("wagtailadmin_pages:edit", story.pk)
