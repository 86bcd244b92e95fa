"""URLs of the privacy officer's screens."""

from django.urls import path

from . import views

app_name = "protocollering"

urlpatterns = [
    path("", views.toegangslog, name="toegangslog"),
    path("export.csv", views.toegangslog_csv, name="csv"),
    path("afwijkingen/", views.afwijkingen, name="afwijkingen"),
]
