from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.permission import PredicateRequiredMixin
from nominations.models import Nomination
from nominations.predicates import is_owner

KEPT_PREFIX = "kept-post:"


def keep_post(request):
    """Remembers what an anonymous POST carried (the session expired while typing), so the
    form shows it again after signing in. Files cannot be kept; text can."""
    data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    request.session[KEPT_PREFIX + request.path] = data


def take_kept_post(request):
    data = request.session.pop(KEPT_PREFIX + request.path, None)
    if data is None:
        return None
    restored = QueryDict(mutable=True)
    for key, values in data.items():
        restored.setlist(key, values)
    messages.warning(request, _("You were signed out while typing. We kept what you typed: check it and save."))
    return restored


class NominatorRequiredMixin(PredicateRequiredMixin):
    """Signed in to go on. A POST that arrives after the session expired is kept."""

    def handle_signed_out(self, request):
        if request.method == "POST":
            keep_post(request)
        return super().handle_signed_out(request)


class OwnNominationMixin(NominatorRequiredMixin):
    """The nomination in the URL, if it is the signed-in user's (nominations.predicates.is_owner);
    404 otherwise (whether it exists or not is nobody else's business)."""

    predicate = is_owner

    def get_permission_object(self):
        return self.get_nomination()

    def get_nomination(self):
        if not hasattr(self, "_nomination"):
            self._nomination = get_object_or_404(
                Nomination.objects.select_related("call__category", "call__cycle"), pk=self.kwargs["pk"]
            )
        return self._nomination
