"""The site's URLconf plus two baselines, each behind the site's full middleware stack:
a view that does nothing, and one that writes one row in one transaction."""

import secrets
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from awards_site.urls import urlpatterns as site_urlpatterns


def bare_view(request):
    """The read baseline: a view that does nothing."""
    return HttpResponse("ok")


@csrf_exempt
@require_POST
def bare_write_view(request):
    """The write baseline: one INSERT in one transaction (a session row nobody uses)."""
    with transaction.atomic():
        Session.objects.create(
            session_key=secrets.token_hex(16), session_data="", expire_date=timezone.now() + timedelta(minutes=5)
        )
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare/", bare_view),
    path("bench/bare-write/", bare_write_view),
    *site_urlpatterns,
]
