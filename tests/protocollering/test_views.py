"""The privacy officer's screens: filters, CSV export, anomaly list; 404 for everyone else."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from protocollering.models import Resultaat, ToegangslogRegel
from protocollering.services import leerling_pseudoniem, protocolleer
from tests.factories import MeldingFactory, UserFactory
from tests.mfa import login_met_mfa

pytestmark = pytest.mark.django_db

PAGINAS = [
    "protocollering:toegangslog",
    "protocollering:csv",
    "protocollering:afwijkingen",
]


def test_anoniem_naar_inloggen(client):
    for naam in PAGINAS:
        response = client.get(reverse(naam))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["melder_a", "lpa_x", "beheer", "buitenstaander", "schoolbeheer_a"])
def test_404_en_geweigerd_gelogd_voor_anderen(client, personas, persona):
    login_met_mfa(client, getattr(personas, persona))
    for naam in PAGINAS:
        assert client.get(reverse(naam)).status_code == 404
    assert (
        ToegangslogRegel.objects.filter(resultaat=Resultaat.GEWEIGERD, actie__startswith="protocollering:").count() == 3
    )


def test_filter_op_leerling_via_bsn_zonder_bsn_in_het_log(client, personas, leerling_a, leerling_b, privacy_officer):
    melding = MeldingFactory(leerling=leerling_a, vestiging=personas.school_a)
    protocolleer(actor=personas.lpa_x, actie="melding_inzien", object=melding.meldingsnummer)
    protocolleer(
        actor=personas.lpa_x,
        actie="bsn_zoeken",
        object=leerling_pseudoniem(leerling_a.persoonsgebonden_nummer),
    )
    protocolleer(
        actor=personas.lpa_y,
        actie="bsn_zoeken",
        object=leerling_pseudoniem(leerling_b.persoonsgebonden_nummer),
    )
    login_met_mfa(client, privacy_officer)
    response = client.post(
        reverse("protocollering:toegangslog"),
        {"persoonsgebonden_nummer": leerling_a.persoonsgebonden_nummer},
    )
    assert response.status_code == 302 and leerling_a.persoonsgebonden_nummer not in response.url
    html = client.get(response.url).content.decode()
    assert melding.meldingsnummer in html
    assert html.count("<td>lpa.x</td>") == 2 and "lpa.y" not in html
    eigen = ToegangslogRegel.objects.get(actie="toegangslog_inzien")
    assert eigen.object == leerling_pseudoniem(leerling_a.persoonsgebonden_nummer)
    assert not ToegangslogRegel.objects.filter(object__contains=leerling_a.persoonsgebonden_nummer).exists()
    assert not ToegangslogRegel.objects.filter(doel__contains=leerling_a.persoonsgebonden_nummer).exists()


def test_filter_gebruiker_organisatie_periode_en_foute_invoer(client, personas, privacy_officer):
    protocolleer(actor=personas.lpa_x, actie="inbox_gemeente")
    protocolleer(actor=personas.melder_a, actie="meldingen_lijst_school")
    login_met_mfa(client, privacy_officer)
    url = reverse("protocollering:toegangslog")

    def zoek(**filter):
        return client.get(client.post(url, filter).url).content.decode()

    assert "meldingen_lijst_school" not in zoek(gebruiker="lpa.x")
    assert "inbox_gemeente" not in zoek(organisatie="00AR00")
    vandaag = timezone.localdate()
    morgen = (vandaag + dt.timedelta(days=1)).strftime("%d-%m-%Y")
    assert "inbox_gemeente" not in zoek(van=morgen)
    assert "inbox_gemeente" in zoek(van=vandaag.strftime("%d-%m-%Y"), tot=vandaag.strftime("%d-%m-%Y"))
    fout = client.post(url, {"persoonsgebonden_nummer": "123456789"})
    assert fout.status_code == 200 and "geen geldig BSN" in fout.content.decode()
    fout = client.post(url, {"van": "31-02-2026"})
    assert fout.status_code == 200 and "veld__fout" in fout.content.decode()


def test_csv_export(client, personas, privacy_officer):
    protocolleer(actor=personas.lpa_x, actie="inbox_gemeente", doel="=HYPERLINK(1)")
    login_met_mfa(client, privacy_officer)
    client.post(reverse("protocollering:toegangslog"), {"gebruiker": "lpa.x"})
    response = client.get(reverse("protocollering:csv"))
    assert response["Content-Type"].startswith("text/csv")
    tekst = b"".join(response.streaming_content).decode()
    regels = tekst.strip().splitlines()
    assert regels[0].startswith("tijdstip;actor")
    assert len(regels) == 2 and "lpa.x" in regels[1] and "'=HYPERLINK" in regels[1]
    assert ToegangslogRegel.objects.filter(actie="toegangslog_export", actor="privacy.officer").exists()


def test_afwijkingen(client, personas, privacy_officer):
    collega = [UserFactory(username=f"lpa.collega{i}") for i in range(3)]
    from autorisatie.models import Rol
    from autorisatie.services import autorisatie_verlenen

    for user in collega:
        autorisatie_verlenen(
            door=None,
            gebruiker=user,
            rol=Rol.LEERPLICHTAMBTENAAR,
            organisatie=personas.gemeente_x,
        )
        protocolleer(actor=user, actie="melding_inzien", object="VMT-0000001")
    for i in range(15):
        protocolleer(actor=personas.lpa_x, actie="melding_inzien", object=f"VMT-{i:07d}")
    protocolleer(actor=personas.melder_b, actie="school:detail", resultaat=Resultaat.GEWEIGERD)
    nacht = protocolleer(actor=personas.lpa_y, actie="inbox_gemeente")
    from django.db import connection

    with connection.cursor() as c:
        c.execute("ALTER TABLE protocollering_toegangslogregel DISABLE TRIGGER USER")
        c.execute(
            "UPDATE protocollering_toegangslogregel SET tijdstip = date_trunc('month', now() AT TIME ZONE 'Europe/Amsterdam') "
            "+ interval '2 days 3 hours' WHERE id = %s",
            [nacht.pk],
        )
        c.execute("ALTER TABLE protocollering_toegangslogregel ENABLE TRIGGER USER")
    login_met_mfa(client, privacy_officer)
    response = client.get(reverse("protocollering:afwijkingen"))
    assert response.status_code == 200
    veel = response.context["veel_geopend"]
    assert [r["actor"] for r in veel] == ["lpa.x"]
    assert [r["actor"] for r in response.context["geweigerd"]] == ["melder.b"]
    assert "lpa.y" in [r["actor"] for r in response.context["buiten_kantoortijd"]]


@pytest.mark.parametrize("aantal", [1, 50])
def test_toegangslog_constant_aantal_queries(client, personas, privacy_officer, django_assert_max_num_queries, aantal):
    for i in range(aantal):
        protocolleer(actor=personas.lpa_x, actie="melding_inzien", object=f"VMT-{i:07d}")
    login_met_mfa(client, privacy_officer)
    client.post(reverse("protocollering:toegangslog"), {"gebruiker": "lpa.x"})
    with django_assert_max_num_queries(15):
        assert client.get(reverse("protocollering:toegangslog")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("protocollering:afwijkingen")).status_code == 200
