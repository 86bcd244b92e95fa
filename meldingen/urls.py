"""URLs of the school's and the gemeente's portal."""

from django.urls import include, path

from .views import gemeente, school

school_urls = (
    [
        path("", school.meldingen_lijst, name="lijst"),
        path("nieuw/", school.melding_nieuw, name="nieuw"),
        path("<str:meldingsnummer>/", school.melding_detail, name="detail"),
        path("<str:meldingsnummer>/wijzigen/", school.melding_wijzigen, name="wijzigen"),
        path("<str:meldingsnummer>/intrekken/", school.melding_intrekken, name="intrekken"),
    ],
    "school",
)

gemeente_urls = (
    [
        path("", gemeente.inbox, name="inbox"),
        path("<str:meldingsnummer>/", gemeente.melding_detail, name="detail"),
        path("<str:meldingsnummer>/in-behandeling/", gemeente.in_behandeling_nemen, name="in_behandeling"),
        path("<str:meldingsnummer>/afsluiten/", gemeente.afsluiten, name="afsluiten"),
        path("<str:meldingsnummer>/ter-kennisgeving/", gemeente.ter_kennisgeving_aannemen, name="ter_kennisgeving"),
        path("<str:meldingsnummer>/doorzetten/", gemeente.doorzetten, name="doorzetten"),
    ],
    "gemeente",
)

urlpatterns = [
    path("school/meldingen/", include(school_urls)),
    path("gemeente/meldingen/", include(gemeente_urls)),
]
