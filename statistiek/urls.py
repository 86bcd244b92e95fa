"""URLs of beheer's statistics screen."""

from django.urls import path

from . import views

app_name = "statistiek"
urlpatterns = [path("beheer/statistiek/", views.beheer_statistiek, name="beheer")]
