from django.urls import path

from privacy import views

urlpatterns = [
    path("", views.my_data, name="privacy_my_data"),
    path("download/", views.export, name="privacy_export"),
    path("delete/", views.delete_account, name="privacy_delete_account"),
]
