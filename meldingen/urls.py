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
        # Fixed paths before the meldingsnummer pattern (meldingsnummers start with "VM").
        path("bulk/", gemeente.bulk, name="bulk"),
        path("werkvoorraad/", gemeente.werkvoorraad, name="werkvoorraad"),
        path("statistieken/", gemeente.statistieken_overzicht, name="statistieken_overzicht"),
        path("statistieken/<str:gemeentecode>/", gemeente.statistieken_gemeente, name="statistieken"),
        path("<str:meldingsnummer>/", gemeente.melding_detail, name="detail"),
        path("<str:meldingsnummer>/in-behandeling/", gemeente.in_behandeling_nemen, name="in_behandeling"),
        path("<str:meldingsnummer>/afsluiten/", gemeente.afsluiten, name="afsluiten"),
        path("<str:meldingsnummer>/ter-kennisgeving/", gemeente.ter_kennisgeving_aannemen, name="ter_kennisgeving"),
        path("<str:meldingsnummer>/doorzetten/", gemeente.doorzetten, name="doorzetten"),
        path("<str:meldingsnummer>/toewijzen/", gemeente.toewijzen, name="toewijzen"),
        path("<str:meldingsnummer>/overdragen-aan-boa/", gemeente.overdragen_aan_boa, name="overdragen_aan_boa"),
    ],
    "gemeente",
)

urlpatterns = [
    path("school/meldingen/", include(school_urls)),
    path("gemeente/meldingen/", include(gemeente_urls)),
]
