from django.http import HttpResponse
from django.urls import include, path


def bare_view(request):
    """The baseline: a view that does nothing, behind the site's full middleware stack."""
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare_view), path("", include("awards_site.urls"))]
