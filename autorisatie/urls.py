"""URL of the user's own contact details."""

from django.urls import path

from . import views

urlpatterns = [path("mijn-gegevens/", views.profiel, name="profiel")]
