"""The admin's URLs for messages to nominators (office.wagtail_hooks puts them under
/admin/office/messages/, namespace office_messages)."""

from django.urls import path

from office import views

app_name = "office_messages"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("new/", views.ComposeView.as_view(), name="compose"),
    path("reminders/", views.RemindersView.as_view(), name="reminders"),
    path("<int:pk>/", views.DetailView.as_view(), name="detail"),
]
