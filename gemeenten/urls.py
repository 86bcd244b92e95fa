"""URLs of the gemeente-beheerder's settings pages."""

from django.urls import path

from . import views

app_name = "gemeenten"

urlpatterns = [
    path("gemeente/instellingen/", views.instellingen_overzicht, name="instellingen_overzicht"),
    path("gemeente/instellingen/<str:gemeentecode>/", views.instellingen, name="instellingen"),
]
