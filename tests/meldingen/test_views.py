"""Browser views through Django's test client: the flows work, and the wrong persona gets 404 and changes nothing."""

import pytest
from django.urls import reverse

from meldingen import services
from meldingen.models import Melding, MeldingHistorie
from meldingen.workflow import Status
from protocollering.models import ToegangslogRegel
from tests.factories import schoolgegevens
from tests.mfa import login_met_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def melding(personas, leerling_a):
    return services.melding_indienen(
        door=personas.melder_a,
        vestiging=personas.school_a,
        persoonsgebonden_nummer=leerling_a.persoonsgebonden_nummer,
        gegevens=schoolgegevens(personas.school_a),
    )


def formdata(personas, leerling, **overrides):
    g = schoolgegevens(personas.school_a)
    data = {
        "persoonsgebonden_nummer": leerling.persoonsgebonden_nummer,
        "verzuimsoort": g["verzuimsoort"].pk,
        "begindatum": g["begindatum"].isoformat(),
        "einddatum": g["einddatum"].isoformat(),
        "vermoedelijke_reden": g["vermoedelijke_reden"],
        "alle_lessen_gemist": "False",
        "ondernomen_actie": g["ondernomen_actie"],
        "actie_gemeente_gewenst": "True",
        "leslocatie": g["leslocatie"].pk,
        "melder_naam": g["melder_naam"],
        "melder_telefoonnummer": g["melder_telefoonnummer"],
        "melder_email": g["melder_email"],
        "verzuimdagen": "4",
        "verzuimuren": "17",
    }
    data.update(overrides)
    return data


def test_anoniem_wordt_naar_inloggen_gestuurd(client, melding):
    for url in (
        reverse("school:lijst"),
        reverse("school:detail", args=[melding.meldingsnummer]),
        reverse("gemeente:inbox"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_melder_meldt_en_ziet_melding(client, personas, leerling_a):
    login_met_mfa(client, personas.melder_a)
    response = client.post(reverse("school:nieuw"), formdata(personas, leerling_a))
    melding = Melding.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("school:detail", args=[melding.meldingsnummer])
    pagina = client.get(response.url)
    assert melding.meldingsnummer in pagina.content.decode()
    assert "Maasgouw" in pagina.content.decode()
    assert leerling_a.persoonsgebonden_nummer not in response.url
    assert ToegangslogRegel.objects.filter(actie="melding_inzien", object=melding.meldingsnummer).exists()


def test_fout_formulier_bewaart_waarden_en_schrijft_niets(client, personas, leerling_a):
    login_met_mfa(client, personas.melder_a)
    data = formdata(personas, leerling_a, einddatum="2000-01-01", melder_naam="Jan Janssen")
    response = client.post(reverse("school:nieuw"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "foutsamenvatting" in html
    assert "De einddatum ligt vóór de begindatum." in html
    assert 'value="Jan Janssen"' in html
    assert not Melding.objects.exists()


def test_onbekende_leerling_geeft_fout_bij_het_veld(client, personas):
    login_met_mfa(client, personas.melder_a)
    from tests.factories import LeerlingFactory

    elders = LeerlingFactory(vestiging=personas.school_b)
    response = client.post(reverse("school:nieuw"), formdata(personas, elders))
    assert "niet bij deze vestiging ingeschreven" in response.content.decode()
    assert not Melding.objects.exists()


SCHOOL_PAGINAS = ["school:detail", "school:wijzigen"]
GEMEENTE_PAGINAS = ["gemeente:detail", "gemeente:afsluiten", "gemeente:doorzetten"]
GEMEENTE_POSTS = ["gemeente:in_behandeling", "gemeente:ter_kennisgeving", "gemeente:afsluiten", "gemeente:doorzetten"]


@pytest.mark.parametrize("persona", ["melder_b", "lpa_x", "lpa_y", "beheer", "buitenstaander", "schoolbeheer_a"])
def test_schoolpaginas_404_voor_wie_niet_mag(client, personas, melding, persona):
    login_met_mfa(client, getattr(personas, persona))
    for naam in SCHOOL_PAGINAS:
        assert client.get(reverse(naam, args=[melding.meldingsnummer])).status_code == 404
    assert client.post(reverse("school:intrekken", args=[melding.meldingsnummer]), {"reden": "x"}).status_code == 404
    assert (
        client.post(reverse("school:wijzigen", args=[melding.meldingsnummer]), {"verzuimuren": "1"}).status_code == 404
    )
    melding.refresh_from_db()
    assert melding.status == Status.GEREGISTREERD
    assert MeldingHistorie.objects.filter(melding=melding).count() == 1


@pytest.mark.parametrize("persona", ["melder_a", "melder_b", "lpa_y", "beheer", "buitenstaander"])
def test_gemeentepaginas_404_voor_wie_niet_mag(client, personas, melding, persona):
    login_met_mfa(client, getattr(personas, persona))
    for naam in GEMEENTE_PAGINAS:
        assert client.get(reverse(naam, args=[melding.meldingsnummer])).status_code == 404
    for naam in GEMEENTE_POSTS:
        assert client.post(reverse(naam, args=[melding.meldingsnummer]), {}).status_code == 404
    melding.refresh_from_db()
    assert melding.status == Status.GEREGISTREERD
    assert MeldingHistorie.objects.filter(melding=melding).count() == 1


def test_lijsten_tonen_alleen_eigen_meldingen(client, personas, melding):
    login_met_mfa(client, personas.melder_b)
    assert melding.meldingsnummer not in client.get(reverse("school:lijst")).content.decode()
    login_met_mfa(client, personas.lpa_y)
    assert melding.meldingsnummer not in client.get(reverse("gemeente:inbox")).content.decode()
    login_met_mfa(client, personas.lpa_x)
    assert melding.meldingsnummer in client.get(reverse("gemeente:inbox")).content.decode()


def test_gemeente_behandelt_en_school_ziet_de_reden(client, personas, melding):
    from meldingen.models import Afsluitreden, ToelichtingAfsluiting

    login_met_mfa(client, personas.lpa_x)
    client.post(reverse("gemeente:in_behandeling", args=[melding.meldingsnummer]))
    response = client.post(
        reverse("gemeente:afsluiten", args=[melding.meldingsnummer]),
        {
            "afsluitreden": Afsluitreden.objects.get(code="geen_verzuim_langdurig_ziek").pk,
            "toelichting_afsluiting": ToelichtingAfsluiting.objects.get(code="geen_actie_meer").pk,
            "contactpersoon_naam": "L. Plicht",
            "contactpersoon_telefoonnummer": "0475123456",
            "contactpersoon_email": "lpa@maasgouw.example",
        },
    )
    assert response.status_code == 302
    melding.refresh_from_db()
    assert melding.status == Status.AFGESLOTEN
    login_met_mfa(client, personas.melder_a)
    html = client.get(reverse("school:detail", args=[melding.meldingsnummer])).content.decode()
    assert "Geen verzuim, langdurig ziek" in html
    assert "L. Plicht" in html


@pytest.mark.parametrize(("persona", "url"), [("melder_a", "school:lijst"), ("lpa_x", "gemeente:inbox")])
def test_lijsten_lezen_alleen_wat_de_rijen_tonen(client, personas, persona, url):
    """No routering and none of the ~50 other columns, no join the rows do not show, no query for the filter choices."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import MeldingFactory

    MeldingFactory.create_batch(3, vestiging=personas.school_a, gemeente=personas.gemeente_x)
    login_met_mfa(client, getattr(personas, persona))
    client.get(reverse(url))  # the first page fills the cached filter choices
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse(url)).content.decode()
    assert html.count(">VMT-") == 3
    rijen = [q["sql"] for q in queries.captured_queries if '"meldingen_melding"."meldingsnummer"' in q["sql"]]
    assert len(rijen) == 1
    assert '"routering"' not in rijen[0] and '"melder_email"' not in rijen[0]
    assert ("scholen_vestiging" in rijen[0]) == (url == "gemeente:inbox")
    assert ("gemeenten_gemeente" in rijen[0]) == (url == "school:lijst")
    assert not any('FROM "meldingen_verzuimsoort"' in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("aantal", [1, 30])
def test_lijsten_constant_aantal_queries(client, personas, django_assert_max_num_queries, aantal):
    from tests.factories import MeldingFactory

    MeldingFactory.create_batch(aantal, vestiging=personas.school_a, gemeente=personas.gemeente_x)
    login_met_mfa(client, personas.melder_a)
    with django_assert_max_num_queries(13):
        assert client.get(reverse("school:lijst")).status_code == 200
    login_met_mfa(client, personas.lpa_x)
    with django_assert_max_num_queries(13):
        assert client.get(reverse("gemeente:inbox")).status_code == 200


def test_indienen_aantal_statements(client, personas, leerling_a, django_assert_max_num_queries):
    """A submission's SQL is part of its cost (docs/performance.md, item 2): a statement that comes back fails here.

    Session, user, OTP device, the user's vestigingen (with their leslocaties), verzuimsoort and
    leslocatie of the form; then the service: savepoint (BEGIN in production), Bron, lock, duplicate check,
    meldingsnummer, melding, history, gemeente settings, outbox, reminder, release (COMMIT). The permission was
    checked by the vestigingen query (selectors.mag_melden_voor).
    """
    login_met_mfa(client, personas.melder_a)
    data = formdata(personas, leerling_a)
    stap1 = {k: data[k] for k in ("persoonsgebonden_nummer", "begindatum")}
    assert client.post(reverse("school:nieuw"), {**stap1, "stap": "opzoeken"}).status_code == 200
    with django_assert_max_num_queries(17):
        response = client.post(reverse("school:nieuw"), data)
    assert response.status_code == 302
    assert Melding.objects.count() == 1
