"""URLs of the authorisation workflow (request form, beheer's screens, activation link) and Mijn gegevens."""

from django.urls import path

from . import views

app_name = "autorisatie"

urlpatterns = [
    path("autorisatie/verzoek/", views.verzoek_nieuw, name="verzoek_nieuw"),
    path("beheer/verzoeken/", views.verzoeken, name="verzoeken"),
    path("beheer/verzoeken/<int:pk>/", views.verzoek_detail, name="verzoek"),
    path("beheer/verzoeken/<int:pk>/verklaring.pdf", views.verklaring, name="verklaring"),
    path(
        "beheer/verzoeken/<int:pk>/goedkeuren/",
        views.verzoek_goedkeuren,
        name="goedkeuren",
    ),
    path("beheer/verzoeken/<int:pk>/afwijzen/", views.verzoek_afwijzen, name="afwijzen"),
    path("beheer/autorisaties/", views.herziening, name="herziening"),
    path(
        "beheer/autorisaties/<int:pk>/<str:actie>/",
        views.autorisatie_actie,
        name="autorisatie_actie",
    ),
    path(
        "beheer/gebruikers/<int:pk>/<str:actie>/",
        views.gebruiker_actie,
        name="gebruiker_actie",
    ),
    path("activeren/<str:token>/", views.activeren, name="activeren"),
    path("mijn-gegevens/", views.profiel, name="profiel"),
]
