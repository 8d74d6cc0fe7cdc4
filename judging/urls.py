from django.urls import path

from judging.experts import onboarding
from judging.views import certificates, chair, conflicts, judge, statement

app_name = "judging"

urlpatterns = [
    *judge.urlpatterns,
    *conflicts.urlpatterns,
    *statement.urlpatterns,
    *chair.urlpatterns,
    *onboarding.urlpatterns,
    # A commended nomination's certificate (its nominator after the announcement, the office).
    path("certificates/<int:pk>/", certificates.CertificateView.as_view(), name="certificate"),
]
