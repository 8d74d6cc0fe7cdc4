"""An invited expert's way into the pool: the link in the invitation's email opens the
join page (judging:expert_join); the flow is built out in this module."""

from django.http import Http404
from django.urls import path
from django.views import View

from judging.experts.tokens import find_invitation


class JoinView(View):
    """Public, gated by the invitation's token (listed in test_view_permissions)."""

    def get(self, request, token):
        if find_invitation(token) is None:
            raise Http404
        raise Http404


urlpatterns = [
    path("experts/join/<str:token>/", JoinView.as_view(), name="expert_join"),
]
