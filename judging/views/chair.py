"""Panel chairs' and awards administrators' pages under /judging/."""

urlpatterns = []
