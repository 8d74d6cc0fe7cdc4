"""The site's URLs plus views that fail on purpose, for the error pages' tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from awards_site import urls as site_urls


def refuse(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("a malformed request")


def crash(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test-errors/403/", refuse),
    path("test-errors/400/", suspicious),
    path("test-errors/500/", crash),
    *site_urls.urlpatterns,
]
handler400 = site_urls.handler400
