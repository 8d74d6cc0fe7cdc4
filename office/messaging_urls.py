"""The admin's URLs for messages to nominators (office.wagtail_hooks puts them under
/admin/office/messages/, namespace office_messages)."""

from django.urls import path

from office import views

app_name = "office_messages"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.compose, name="compose"),
    path("reminders/", views.reminders, name="reminders"),
    path("<int:pk>/", views.detail, name="detail"),
]
