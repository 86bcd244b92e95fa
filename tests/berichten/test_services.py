"""The outbox services in-process against a real aiosmtpd server: planning, sending once, failures, periodic work."""

import datetime as dt

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from kombu.exceptions import OperationalError

from berichten import services
from berichten.models import Afwijzing, AfwijzingSoort, Herinnering, Soort, Toestand, Uitgaand, VerzondenMail
from berichten.schooldagen import eerste_schooldag_van_maand, is_schooldag, schooldagen_later
from gemeenten.models import GemeenteInstellingen
from meldingen import services as meldingen_services
from protocollering.models import ToegangslogRegel
from tests.factories import LeerlingFactory, MeldingFactory, schoolgegevens

pytestmark = pytest.mark.django_db

MAILBOX_X = "leerplicht@maasgouw.example"
MAILBOX_Y = "leerplicht@nissewaard.example"


@pytest.fixture
def mailboxen(personas):
    GemeenteInstellingen.objects.create(gemeente=personas.gemeente_x, attenderingsmailbox=MAILBOX_X)
    GemeenteInstellingen.objects.create(gemeente=personas.gemeente_y, attenderingsmailbox=MAILBOX_Y)


def indienen(personas, **gegevens):
    leerling = LeerlingFactory(vestiging=personas.school_a, woongemeente=personas.gemeente_x)
    return meldingen_services.melding_indienen(
        door=personas.melder_a,
        vestiging=personas.school_a,
        persoonsgebonden_nummer=leerling.persoonsgebonden_nummer,
        gegevens=schoolgegevens(personas.school_a, **gegevens),
    )


def versturen(rij):
    return services.uitgaand_versturen(uitgaand_id=rij.pk)


def test_indienen_schrijft_outbox_rij_en_herinnering_in_dezelfde_transactie(personas, mailboxen):
    melding = indienen(personas)
    rij = Uitgaand.objects.get()
    assert (rij.sleutel, rij.soort, rij.toestand, rij.gemeente) == (
        f"attendering:{melding.pk}",
        Soort.ATTENDERING,
        Toestand.WACHTEND,
        personas.gemeente_x,
    )
    assert rij.inhoud == {"meldingsnummer": melding.meldingsnummer, "verzuimsoort": melding.verzuimsoort.naam}
    assert Herinnering.objects.get(melding=melding).volgende_op > timezone.now() + dt.timedelta(days=4)


def test_afgewezen_indiening_schrijft_geen_outbox_rij(personas, mailboxen):
    with pytest.raises(ValidationError):
        indienen(personas, begindatum=None)
    assert not Uitgaand.objects.exists()
    assert not Herinnering.objects.exists()


def test_versturen_is_idempotent(personas, mailboxen, smtp_server):
    melding = indienen(personas)
    rij = Uitgaand.objects.get()
    assert versturen(rij) == Toestand.VERZONDEN
    assert versturen(rij) is None  # a redelivered task finds the row done
    Uitgaand.objects.filter(pk=rij.pk).update(toestand=Toestand.WACHTEND)  # as if the mark were lost
    assert versturen(rij) == Toestand.VERZONDEN  # the sent-log key stops it
    assert len(smtp_server.berichten) == 1
    bericht = smtp_server.berichten[0]["bericht"]
    assert bericht["Message-ID"] == services.message_id(f"attendering:{melding.pk}")
    assert VerzondenMail.objects.get().melding == melding


def test_doorzetten_mailt_de_nieuwe_gemeente(personas, mailboxen, smtp_server):
    melding = indienen(personas)
    meldingen_services.melding_doorzetten(
        door=personas.lpa_x, melding=melding, gemeente=personas.gemeente_y, reden="verhuisd"
    )
    rij = Uitgaand.objects.get(soort=Soort.DOORGEZET)
    assert rij.sleutel == f"doorgezet:{melding.pk}:1"
    versturen(rij)
    assert smtp_server.berichten[0]["aan"] == [MAILBOX_Y]
    assert "doorgezet" in smtp_server.berichten[0]["bericht"]["Subject"]


def test_zonder_mailbox_gaat_het_naar_het_fallbackadres(personas, smtp_server, settings):
    settings.ATTENDERING_FALLBACK_ADRES = "loket@duo.example"
    indienen(personas)
    versturen(Uitgaand.objects.get())
    assert smtp_server.berichten[0]["aan"] == ["loket@duo.example"]


def test_zonder_mailbox_en_fallback_staat_het_in_de_aandachtlijst(personas, smtp_server, settings, client):
    settings.ATTENDERING_FALLBACK_ADRES = ""
    indienen(personas)
    rij = Uitgaand.objects.get()
    assert versturen(rij) == Toestand.MISLUKT
    assert Afwijzing.objects.get().soort == AfwijzingSoort.GEEN_ADRES
    assert smtp_server.berichten == []
    client.force_login(personas.beheer)
    pagina = client.get("/beheer/berichten/").content.decode()
    assert rij.sleutel in pagina and personas.gemeente_x.naam in pagina


def test_permanente_fout_direct_mislukt_en_zichtbaar_per_mailbox(personas, mailboxen, smtp_server, client):
    smtp_server.onbekende_adressen.add(MAILBOX_X)
    indienen(personas)
    rij = Uitgaand.objects.get()
    assert versturen(rij) == Toestand.MISLUKT
    rij.refresh_from_db()
    assert rij.smtp_code == 550
    afwijzing = Afwijzing.objects.get()
    assert (afwijzing.ontvanger, afwijzing.gemeente, afwijzing.soort) == (
        MAILBOX_X,
        personas.gemeente_x,
        AfwijzingSoort.PERMANENT,
    )
    client.force_login(personas.beheer)
    pagina = client.get("/beheer/berichten/").content.decode()
    assert MAILBOX_X in pagina and "550" in pagina

    # Beheer fixes the mailbox and retries from the page.
    smtp_server.onbekende_adressen.clear()
    response = client.post("/beheer/berichten/", {"uitgaand": rij.pk})
    assert response.status_code == 302
    assert versturen(rij) == Toestand.VERZONDEN
    assert len(smtp_server.berichten) == 1


def test_beheer_zet_mislukte_berichten_via_de_admin_opnieuw_in_de_wachtrij(personas, mailboxen, smtp_server, client):
    smtp_server.onbekende_adressen.add(MAILBOX_X)
    indienen(personas)
    mislukt = Uitgaand.objects.get()
    assert versturen(mislukt) == Toestand.MISLUKT
    indienen(personas)
    wachtend = Uitgaand.objects.exclude(pk=mislukt.pk).get()
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "paard-batterij-nietje"))

    response = client.post(
        "/admin/berichten/uitgaand/",
        {"action": "opnieuw_proberen", "_selected_action": [mislukt.pk, wachtend.pk]},
        follow=True,
    )

    assert "1 bericht(en) opnieuw in de wachtrij gezet." in response.content.decode()
    mislukt.refresh_from_db()
    assert (mislukt.toestand, mislukt.pogingen) == (Toestand.WACHTEND, 0)
    # Only the failed row is retried, logged in the access log and in the row's admin history.
    assert list(ToegangslogRegel.objects.filter(actie="bericht_opnieuw_proberen").values_list("object", flat=True)) == [
        mislukt.sleutel
    ]
    assert [(e.object_id, e.get_change_message()) for e in LogEntry.objects.all()] == [
        (str(mislukt.pk), "Opnieuw in de wachtrij gezet.")
    ]


def test_beheerpagina_is_404_voor_anderen(personas, client):
    for persona in (personas.lpa_x, personas.melder_a, personas.buitenstaander):
        client.force_login(persona)
        assert client.get("/beheer/berichten/").status_code == 404
        assert client.post("/beheer/berichten/", {"uitgaand": 1}).status_code == 404


def test_tijdelijke_fout_wacht_op_de_rij_met_backoff_en_geeft_na_de_duur_op(personas, mailboxen, smtp_server, settings):
    settings.BERICHTEN_RETRY_BASIS_SECONDEN = 30
    settings.BERICHTEN_RETRY_DUUR_SECONDEN = 1800
    smtp_server.weigeren(451, seconden=3600)
    indienen(personas)
    rij = Uitgaand.objects.get()
    with time_machine.travel(timezone.now(), tick=False) as reis:
        assert versturen(rij) == Toestand.WACHTEND
        rij.refresh_from_db()
        wacht = (rij.volgende_poging_op - timezone.now()).total_seconds()
        assert 15 <= wacht <= 30  # first backoff: between half and all of the basis
        assert rij.smtp_code == 451
        for _ in range(20):
            rij.refresh_from_db()
            if rij.toestand != Toestand.WACHTEND:
                break
            reis.move_to(rij.volgende_poging_op)
            versturen(rij)
        rij.refresh_from_db()
        assert rij.toestand == Toestand.MISLUKT
        assert rij.volgende_poging_op - rij.eerste_poging_op >= dt.timedelta(minutes=30) - dt.timedelta(seconds=600)
        assert timezone.now() - rij.eerste_poging_op >= dt.timedelta(minutes=30)
    assert smtp_server.berichten == []


def test_backoff_groeit_exponentieel_met_plafond(settings):
    settings.BERICHTEN_RETRY_BASIS_SECONDEN = 30
    settings.BERICHTEN_RETRY_MAX_SECONDEN = 600
    for poging, plafond in ((1, 30), (2, 60), (3, 120), (5, 480), (6, 600), (12, 600)):
        for _ in range(20):
            assert plafond / 2 <= services.volgende_wachttijd(poging) <= plafond


def test_relay_geeft_alleen_rijen_die_aan_de_beurt_zijn_en_least_ze(personas, mailboxen, settings):
    # Without a reachable broker the relay must not lease anything: rows stay due.
    from tests.berichten.conftest import celery_naar
    from verzuimloket.celery import app

    vorige = app.conf.broker_url
    celery_naar("redis://127.0.0.1:1/0")
    try:
        indienen(personas)
        Uitgaand.objects.update(volgende_poging_op=timezone.now())
        with pytest.raises(OperationalError):
            services.relay_uitgaand()
        assert Uitgaand.objects.get().volgende_poging_op <= timezone.now()
    finally:
        celery_naar(vorige)


def test_dagelijks_gebundeld_in_een_dagoverzicht(personas, mailboxen, smtp_server):
    GemeenteInstellingen.objects.filter(gemeente=personas.gemeente_x).update(mailfrequentie="dagelijks")
    eerste = indienen(personas)
    tweede = MeldingFactory(vestiging=personas.school_a, gemeente=personas.gemeente_x)
    services.attendering_plannen(melding=tweede)
    assert set(Uitgaand.objects.values_list("toestand", flat=True)) == {Toestand.WACHT_OP_DAGOVERZICHT}
    assert services.dagoverzichten_plannen() == 1
    assert services.dagoverzichten_plannen() == 0  # a second beat on the same day
    overzicht = Uitgaand.objects.get(soort=Soort.DAGOVERZICHT)
    assert overzicht.gebundeld.count() == 2
    versturen(overzicht)
    assert len(smtp_server.berichten) == 1
    tekst = smtp_server.berichten[0]["tekst"]
    assert eerste.meldingsnummer in tekst and tweede.meldingsnummer in tekst
    assert eerste.leerling.achternaam not in tekst and eerste.leerling_id not in tekst


def test_herinnering_na_termijn_en_dan_wekelijks(personas, mailboxen, smtp_server):
    GemeenteInstellingen.objects.filter(gemeente=personas.gemeente_x).update(termijn_in_behandeling_schooldagen=3)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as reis:  # a Monday
        melding = indienen(personas, begindatum=dt.date(2026, 2, 9), einddatum=dt.date(2026, 2, 27))
        afgehandeld = indienen(personas, begindatum=dt.date(2026, 2, 9), einddatum=dt.date(2026, 2, 27))
        meldingen_services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=afgehandeld)
        reis.move_to(dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC))
        assert services.herinneringen_verwerken() == 0  # 2 school days: not yet
        reis.move_to(dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.UTC))
        assert services.herinneringen_verwerken() == 1
        assert services.herinneringen_verwerken() == 0  # second beat
        rij = Uitgaand.objects.get(soort=Soort.HERINNERING)
        assert [m["meldingsnummer"] for m in rij.inhoud["meldingen"]] == [melding.meldingsnummer]
        assert not Herinnering.objects.filter(melding=afgehandeld).exists()
        versturen(rij)
        assert "Herinnering: 1" in smtp_server.berichten[0]["bericht"]["Subject"]
        reis.move_to(dt.datetime(2026, 3, 11, 12, 0, tzinfo=dt.UTC))
        assert services.herinneringen_verwerken() == 0  # weekly, not daily
        reis.move_to(dt.datetime(2026, 3, 12, 12, 0, tzinfo=dt.UTC))
        assert services.herinneringen_verwerken() == 1
        assert Herinnering.objects.get(melding=melding).aantal == 2
        meldingen_services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=melding)
        reis.move_to(dt.datetime(2026, 3, 19, 12, 0, tzinfo=dt.UTC))
        assert services.herinneringen_verwerken() == 0
        assert not Herinnering.objects.exists()


def test_maandoverzicht_op_eerste_schooldag_eenmaal_per_maand(personas, mailboxen, smtp_server):
    with time_machine.travel(dt.datetime(2026, 2, 10, 9, 0, tzinfo=dt.UTC)):
        melding = indienen(personas, begindatum=dt.date(2026, 2, 2), einddatum=dt.date(2026, 2, 9))
    eerste = eerste_schooldag_van_maand(2026, 3)
    assert eerste == dt.date(2026, 3, 2)
    assert services.maandoverzichten_plannen(vandaag=dt.date(2026, 3, 1)) == 0  # a Sunday: not yet
    services.maandoverzichten_plannen(vandaag=eerste)
    services.maandoverzichten_plannen(vandaag=eerste + dt.timedelta(days=1))  # later runs and second beats
    gemeente = Uitgaand.objects.get(soort=Soort.OVERZICHT_GEMEENTE)
    school = Uitgaand.objects.get(soort=Soort.OVERZICHT_SCHOOL)
    assert gemeente.sleutel == f"overzicht_gemeente:{personas.gemeente_x.code}:2026-02"
    assert gemeente.inhoud["totaal"] == 1 and gemeente.inhoud["per_status"] == {"geregistreerd": 1}
    versturen(gemeente)
    versturen(school)
    aan = sorted(b["aan"][0] for b in smtp_server.berichten)
    assert aan == sorted([MAILBOX_X, personas.melder_a.email])
    for b in smtp_server.berichten:
        assert "Maandoverzicht" in b["bericht"]["Subject"]
        assert melding.leerling_id not in b["tekst"]


def test_schooldagen_slaan_weekend_en_vakantie_over():
    assert not is_schooldag(dt.date(2026, 3, 7))  # Saturday
    assert is_schooldag(dt.date(2026, 3, 9))
    # Herfstvakantie 2024 regio zuid: 19-27 October.
    assert not is_schooldag(dt.date(2024, 10, 21), "zuid")
    assert is_schooldag(dt.date(2024, 10, 21), "noord")
    assert schooldagen_later(dt.date(2026, 3, 6), 1) == dt.date(2026, 3, 9)
    assert eerste_schooldag_van_maand(2026, 8) > dt.date(2026, 8, 1)


def test_relay_vult_de_wachtrij_hoogstens_tot_het_maximum(personas, mailboxen, settings, redis_server):
    settings.BERICHTEN_RELAY_MAX_WACHTRIJ = 3
    for _ in range(5):
        indienen(personas)
    Uitgaand.objects.update(volgende_poging_op=timezone.now())  # as if the kicks were lost
    assert services.relay_uitgaand() == 3
    assert services.relay_uitgaand() == 0  # no worker drains the queue: nothing more is handed over
    assert Uitgaand.objects.filter(volgende_poging_op__lte=timezone.now()).count() == 2


def test_een_reeks_rijen_gaat_over_een_smtp_sessie(personas, mailboxen, smtp_server):
    for _ in range(4):
        indienen(personas)
    services.uitgaande_versturen(uitgaand_ids=list(Uitgaand.objects.values_list("pk", flat=True)))
    assert len(smtp_server.berichten) == 4
    assert len(smtp_server.sessies()) == 1  # one connect, EHLO and QUIT for the whole reeks
    assert set(Uitgaand.objects.values_list("toestand", flat=True)) == {Toestand.VERZONDEN}


def test_een_fout_in_een_reeks_blijft_bij_die_rij(personas, mailboxen, smtp_server):
    smtp_server.onbekende_adressen.add(MAILBOX_Y)
    eerste = Uitgaand.objects.get(melding=indienen(personas))
    geweigerd = services.attendering_plannen(
        melding=MeldingFactory(vestiging=personas.school_a, gemeente=personas.gemeente_y)
    )
    kapot = Uitgaand.objects.create(  # no meldingsnummer: rendering fails
        sleutel="attendering:kapot",
        soort=Soort.ATTENDERING,
        gemeente=personas.gemeente_x,
        inhoud={},
        volgende_poging_op=timezone.now(),
    )
    laatste = Uitgaand.objects.get(melding=indienen(personas))
    assert versturen(laatste) == Toestand.VERZONDEN  # already sent: the reeks must not send it again

    services.uitgaande_versturen(uitgaand_ids=[eerste.pk, geweigerd.pk, kapot.pk, laatste.pk, 0])

    toestanden = dict(Uitgaand.objects.values_list("pk", "toestand"))
    assert toestanden == {
        eerste.pk: Toestand.VERZONDEN,
        geweigerd.pk: Toestand.MISLUKT,
        kapot.pk: Toestand.WACHTEND,  # logged; the relay offers it again after the lease
        laatste.pk: Toestand.VERZONDEN,
    }
    assert Afwijzing.objects.get().ontvanger == MAILBOX_Y
    assert [b["aan"] for b in smtp_server.berichten] == [[MAILBOX_X], [MAILBOX_X]]
    assert VerzondenMail.objects.count() == 2


def test_relay_geeft_rijen_in_taken_van_mails_per_taak(personas, mailboxen, settings, redis_server):
    import redis

    settings.BERICHTEN_MAILS_PER_TAAK = 2
    for _ in range(5):
        indienen(personas)
    Uitgaand.objects.update(volgende_poging_op=timezone.now())
    assert services.relay_uitgaand() == 5
    assert redis.Redis.from_url(redis_server.url).llen("celery") == 3  # 2 + 2 + 1 rows
