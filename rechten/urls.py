"""URLs of inzage and correctie (beheer) and of the school's correctie answers."""

from django.urls import path, re_path

from . import views

app_name = "rechten"

urlpatterns = [
    path("beheer/inzage/", views.inzage_lijst, name="inzage_lijst"),
    path("beheer/inzage/<int:pk>/", views.inzage_detail, name="inzage"),
    re_path(
        r"^beheer/inzage/(?P<pk>[0-9]+)/inzage\.(?P<formaat>json|pdf)$", views.inzage_download, name="inzage_download"
    ),
    path("beheer/inzage/<int:pk>/beantwoord/", views.inzage_beantwoord, name="inzage_beantwoord"),
    path("beheer/correctie/", views.correctie_lijst, name="correctie_lijst"),
    path("beheer/correctie/<int:pk>/", views.correctie_detail, name="correctie"),
    path("school/correcties/", views.school_correcties, name="school_correcties"),
    path("school/correcties/<int:pk>/", views.school_correctie, name="school_correctie"),
]
