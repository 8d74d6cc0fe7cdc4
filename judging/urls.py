from judging.views import chair, judge

app_name = "judging"

urlpatterns = [*judge.urlpatterns, *chair.urlpatterns]
