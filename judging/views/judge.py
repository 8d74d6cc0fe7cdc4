"""The judge's pages under /judging/."""

urlpatterns = []
