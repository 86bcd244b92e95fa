"""URLs of the beheerder onderwijs's pages (included under school/beheer/)."""

from django.urls import path

from . import views

app_name = "scholen"

urlpatterns = [
    path("", views.beheer, name="beheer"),
    path("<str:code>/", views.vestiging, name="vestiging"),
    path("<str:code>/leslocaties/", views.leslocatie_toevoegen, name="leslocatie_toevoegen"),
    path("<str:code>/leslocaties/<int:pk>/", views.leslocatie_wijzigen, name="leslocatie_wijzigen"),
    path("<str:code>/leslocaties/<int:pk>/actief/", views.leslocatie_actief, name="leslocatie_actief"),
    path("<str:code>/leslocaties/<int:pk>/verwijderen/", views.leslocatie_verwijderen, name="leslocatie_verwijderen"),
    path("<str:code>/autoriseren/", views.autoriseren_aanvragen, name="autoriseren"),
    path("<str:code>/contactpersonen/<int:pk>/intrekken/", views.intrekken_aanvragen, name="intrekken"),
]
