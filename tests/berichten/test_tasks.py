"""Fault scenarios on the real stack (PostgreSQL, private Redis, Celery worker and beat, aiosmtpd): exactly once."""

import os
import signal
import time
from collections import Counter
from pathlib import Path

import pytest
from django.urls import reverse

from berichten import services
from berichten.models import Herinnering, Soort, Toestand, Uitgaand, VerzondenMail
from gemeenten.models import GemeenteInstellingen
from meldingen import services as meldingen_services
from tests.berichten.conftest import wacht_tot
from tests.factories import LeerlingFactory, MeldingFactory, schoolgegevens
from tests.meldingen.test_views import formdata

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

MAILBOX_X = "leerplicht@maasgouw.example"
MAILBOX_Y = "leerplicht@nissewaard.example"


@pytest.fixture
def mailboxen(personas):
    GemeenteInstellingen.objects.create(gemeente=personas.gemeente_x, attenderingsmailbox=MAILBOX_X)
    GemeenteInstellingen.objects.create(gemeente=personas.gemeente_y, attenderingsmailbox=MAILBOX_Y)


def indienen(personas):
    leerling = LeerlingFactory(vestiging=personas.school_a, woongemeente=personas.gemeente_x)
    return meldingen_services.melding_indienen(
        door=personas.melder_a,
        vestiging=personas.school_a,
        persoonsgebonden_nummer=leerling.persoonsgebonden_nummer,
        gegevens=schoolgegevens(personas.school_a),
    ), leerling


def nummers_in(inbox):
    return Counter(b["bericht"]["Subject"].split()[-1] for b in inbox.berichten)


def test_melding_in_browser_geeft_precies_een_mail_zonder_persoonsgegevens(
    client, personas, mailboxen, celery, smtp_server
):
    celery.worker(beat=True)
    leerling = LeerlingFactory(vestiging=personas.school_a, woongemeente=personas.gemeente_x)
    client.force_login(personas.melder_a)
    response = client.post(reverse("school:nieuw"), formdata(personas, leerling))
    assert response.status_code == 302
    melding = Uitgaand.objects.get().melding

    wacht_tot(lambda: smtp_server.berichten, omschrijving="attenderingsmail", timeout=20)
    time.sleep(2.5)  # relay runs every second: a duplicate would show up now
    assert len(smtp_server.berichten) == 1, celery.logs()
    mail = smtp_server.berichten[0]
    assert mail["aan"] == [MAILBOX_X]
    tekst = mail["tekst"] + str(mail["bericht"]["Subject"])
    assert melding.meldingsnummer in tekst
    assert "16 uur" in tekst
    assert f"https://verzuimloket.test/gemeente/meldingen/{melding.meldingsnummer}/" in tekst
    for persoonsgegeven in (
        leerling.persoonsgebonden_nummer,
        leerling.voornamen,
        leerling.achternaam,
        "2012",
        "Dorpsstraat",
        "1234AB",
        "ouders niet bereikbaar",
        "0612345678",
    ):
        assert persoonsgegeven not in tekst
    assert VerzondenMail.objects.filter(sleutel=f"attendering:{melding.pk}").count() == 1
    assert Uitgaand.objects.get().toestand == Toestand.VERZONDEN


def test_smtp_weigert_een_tijd_en_neemt_dan_aan_precies_een_mail(personas, mailboxen, celery, smtp_server):
    celery.worker(beat=True)
    smtp_server.weigeren(451, seconden=3)
    melding, _ = indienen(personas)

    wacht_tot(lambda: smtp_server.berichten, omschrijving="mail na weigeren", timeout=30)
    time.sleep(2.5)
    assert nummers_in(smtp_server) == {melding.meldingsnummer: 1}, celery.logs()
    rij = Uitgaand.objects.get()
    assert rij.toestand == Toestand.VERZONDEN
    assert rij.pogingen >= 2
    assert smtp_server.pogingen >= 2


def test_redis_weg_tijdens_indienen_dan_terug_alle_mails_precies_een_keer(
    personas, mailboxen, celery, smtp_server, redis_server
):
    celery.worker(beat=True)
    redis_server.stop()
    meldingen = []
    for _ in range(5):
        begin = time.monotonic()
        melding, _ = indienen(personas)  # must not fail, and must not hang on the missing broker
        assert time.monotonic() - begin < 3
        meldingen.append(melding)
    assert Uitgaand.objects.filter(toestand=Toestand.WACHTEND).count() == 5
    assert smtp_server.berichten == []

    redis_server.start()
    wacht_tot(lambda: len(smtp_server.berichten) >= 5, omschrijving="5 mails na herstart Redis", timeout=45)
    time.sleep(2.5)
    assert nummers_in(smtp_server) == {m.meldingsnummer: 1 for m in meldingen}, celery.logs()


def test_worker_gekild_tijdens_verzenden_en_herstart_precies_een_mail(personas, mailboxen, celery, smtp_server):
    smtp_server.vertraging = 3.0
    worker = celery.worker(beat=True)
    melding, _ = indienen(personas)
    assert smtp_server.data_gestart.wait(20), celery.logs()
    celery.kill(worker)  # SIGKILL to the whole process group while the SMTP server is still busy
    assert smtp_server.berichten == []

    smtp_server.vertraging = 0
    celery.worker(beat=True)
    wacht_tot(lambda: smtp_server.berichten, omschrijving="mail na herstart worker", timeout=30)
    time.sleep(2.5)
    assert nummers_in(smtp_server) == {melding.meldingsnummer: 1}, celery.logs()
    assert VerzondenMail.objects.count() == 1


def test_twee_beats_versturen_niets_dubbel(personas, mailboxen, celery, smtp_server):
    GemeenteInstellingen.objects.filter(gemeente=personas.gemeente_y).update(mailfrequentie="dagelijks")
    verlopen = [MeldingFactory(vestiging=personas.school_a, gemeente=personas.gemeente_x) for _ in range(3)]
    for m in verlopen:
        Herinnering.objects.create(melding=m, volgende_op=m.created_at.replace(year=m.created_at.year - 1))
    for m in [MeldingFactory(vestiging=personas.school_b, gemeente=personas.gemeente_y) for _ in range(2)]:
        Uitgaand.objects.create(
            sleutel=f"attendering:{m.pk}",
            soort=Soort.ATTENDERING,
            toestand=Toestand.WACHT_OP_DAGOVERZICHT,
            melding=m,
            gemeente=personas.gemeente_y,
            inhoud={"meldingsnummer": m.meldingsnummer, "verzuimsoort": "x"},
            volgende_poging_op=m.created_at,
        )
    celery.worker()
    celery.beat()
    celery.beat()

    wacht_tot(
        lambda: (
            {"herinnering", "dagoverzicht"}
            <= {u.split(":")[0] for u in Uitgaand.objects.values_list("sleutel", flat=True)}
        ),
        omschrijving="beats hebben gepland",
    )
    time.sleep(5)  # both beats fire every task every second
    wacht_tot(lambda: not Uitgaand.objects.filter(toestand=Toestand.WACHTEND).exists(), omschrijving="alles verstuurd")
    per_ontvanger_en_onderwerp = Counter((tuple(b["aan"]), b["bericht"]["Subject"]) for b in smtp_server.berichten)
    assert all(n == 1 for n in per_ontvanger_en_onderwerp.values()), (per_ontvanger_en_onderwerp, celery.logs())
    assert Uitgaand.objects.filter(soort=Soort.HERINNERING).count() == 1
    assert Uitgaand.objects.filter(soort=Soort.DAGOVERZICHT).count() == 1
    assert len(smtp_server.berichten) == Uitgaand.objects.filter(toestand=Toestand.VERZONDEN).count()
    assert Counter(b["aan"][0] for b in smtp_server.berichten if "Herinnering" in b["bericht"]["Subject"]) == {
        MAILBOX_X: 1
    }
    # The monthly overview runs on every beat tick too: at most one per recipient and month.
    assert Uitgaand.objects.filter(soort=Soort.OVERZICHT_GEMEENTE, gemeente=personas.gemeente_x).count() <= 1
    assert services.herinneringen_verwerken() == 0


def test_poolproces_gekild_tijdens_verzenden_wordt_teruggelegd_precies_een_mail(
    personas, mailboxen, celery, smtp_server
):
    """task_reject_on_worker_lost: the main process puts the message back at once; no relay needed (no beat here)."""
    smtp_server.vertraging = 3.0
    worker = celery.worker()
    melding, _ = indienen(personas)
    assert smtp_server.data_gestart.wait(20), celery.logs()
    kinderen = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
    assert len(kinderen) == 1  # -c 1, no embedded beat: this is the pool process running our task
    smtp_server.vertraging = 0
    os.kill(int(kinderen[0]), signal.SIGKILL)

    wacht_tot(lambda: smtp_server.berichten, omschrijving="mail na teruggelegde taak", timeout=30)
    time.sleep(2)
    assert nummers_in(smtp_server) == {melding.meldingsnummer: 1}, celery.logs()
    assert "WorkerLostError" in celery.logs()
