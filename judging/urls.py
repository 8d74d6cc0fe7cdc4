from django.urls import path

from judging.experts import onboarding
from judging.views import certificates, chair, conflicts, judge

app_name = "judging"

urlpatterns = [
    *judge.urlpatterns,
    *conflicts.urlpatterns,
    *chair.urlpatterns,
    *onboarding.urlpatterns,
    # A commended nomination's certificate (its nominator after the announcement, the office).
    path("certificates/<int:pk>/", certificates.CertificateView.as_view(), name="certificate"),
]
