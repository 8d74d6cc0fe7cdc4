"""The one way a view says who may use it: PredicateRequiredMixin.

A view names a predicate (nominations.predicates, judging.predicates: (user, obj) -> bool)
and, when the rule is about an object, returns that object from get_permission_object().
Signed-out visitors are sent to sign in first (handle_signed_out); a signed-in user the
predicate refuses gets what the view declares in `denied`: a 404 (the default: whether
the object exists is nobody else's business), a 403 (PermissionDenied), or a page of its
own (`denied_template`, answered with 403). A second rule refused with another status,
checked after the first, goes in `also_requires` as (predicate, denied) pairs.

It lives in core, below every app, so that each app's views can use it; the predicates
themselves stay with their apps. A view open to anyone is listed, with the reason, in
tests/awards_site/test_view_permissions.py, which reads the URLconf and fails on any view
of ours that neither uses this mixin nor is listed there."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render


def signed_in(user, obj=None):
    """Any signed-in person (the default predicate)."""
    return user.is_authenticated


def deny(denied):
    if denied is PermissionDenied:
        raise PermissionDenied
    raise Http404


class PredicateRequiredMixin:
    predicate = staticmethod(signed_in)  # a Predicate, or a plain function as a staticmethod
    denied = Http404  # or PermissionDenied
    denied_template = None  # a page of its own for the refused, with status 403
    also_requires = ()  # further (predicate, denied) pairs, checked in order after `predicate`

    def open_to_anyone(self):
        """True when this request needs neither a sign-in nor the predicate (a page that
        became public, such as an announced cycle's methodology)."""
        return False

    def get_permission_object(self):
        return None

    def has_permission(self, obj):
        return self.predicate(self.request.user, obj)

    def handle_signed_out(self, request):
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)

    def permission_denied(self, request):
        if self.denied_template:
            return render(request, self.denied_template, status=403)
        return deny(self.denied)

    def dispatch(self, request, *args, **kwargs):
        if self.open_to_anyone():
            return super().dispatch(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return self.handle_signed_out(request)
        if request.method.lower() not in self.http_method_names or not hasattr(self, request.method.lower()):
            # A method the view does not answer is a 405 whoever asks (it tells nothing about
            # the object), before the object is looked up.
            return super().dispatch(request, *args, **kwargs)
        obj = self.get_permission_object()
        if not self.has_permission(obj):
            return self.permission_denied(request)
        for rule, denied in self.also_requires:
            if not rule(request.user, obj):
                deny(denied)
        return super().dispatch(request, *args, **kwargs)
