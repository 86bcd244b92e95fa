"""URLs of beheer's mail screen."""

from django.urls import path

from . import views

app_name = "berichten"
urlpatterns = [path("beheer/berichten/", views.beheer_berichten, name="beheer")]
