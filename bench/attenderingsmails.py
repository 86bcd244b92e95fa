"""Benchmark: 10,000 meldingen with their outbox rows; time until all 10,000 attenderingsmails are in an SMTP inbox.

Runs a private Redis, a real Celery worker (with embedded beat for the relay) and an aiosmtpd server, against the
database in DATABASE_URL (migrated first; the benchmark's rows are removed afterwards).

    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/vl_bench python -m bench.attenderingsmails [-n 10000]
"""

import argparse
import datetime as dt
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verzuimloket.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # aiosmtpd logs every SMTP command at INFO

import django  # noqa: E402

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from berichten.models import Soort, Toestand, Uitgaand, VerzondenMail  # noqa: E402
from berichten.services import attendering_sleutel  # noqa: E402
from bron.models import Leerling  # noqa: E402
from gemeenten.models import Gemeente, GemeenteInstellingen  # noqa: E402
from meldingen.models import Melding, MeldingHistorie, Verzuimsoort  # noqa: E402
from scholen.models import Vestiging  # noqa: E402
from tests.berichten.conftest import Inbox, RedisServer, celery_naar, vrije_poort  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
PREFIX = "BENCH-"
BSN = "999999990"  # not a valid BSN on purpose: never a real person


def opruimen():
    meldingen = Melding.objects.filter(meldingsnummer__startswith=PREFIX)
    VerzondenMail.objects.filter(melding__in=meldingen).delete()
    Uitgaand.objects.filter(melding__in=meldingen).delete()
    MeldingHistorie.objects.filter(melding__in=meldingen).delete()
    meldingen.delete()
    Leerling.objects.filter(persoonsgebonden_nummer=BSN).delete()


@transaction.atomic
def aanmaken(aantal, gemeente, vestiging):
    """Bulk-create meldingen and their outbox rows, as melding_indienen would leave them (minus validation)."""
    leerling = Leerling.objects.create(
        persoonsgebonden_nummer=BSN,
        soort_nummer="bsn",
        voornamen="Bench",
        achternaam="Mark",
        geslacht="X",
        geboortedatum=dt.date(2012, 1, 1),
        straat="Teststraat",
        huisnummer=1,
        postcode="1234AB",
        plaats="Test",
        woongemeente=gemeente,
    )
    nu = timezone.now()
    soort = Verzuimsoort.objects.get(code="16_uur")
    meldingen = Melding.objects.bulk_create(
        [
            Melding(
                meldingsnummer=f"{PREFIX}{i:07d}",
                schooljaar=2026,
                status="geregistreerd",
                status_gewijzigd_op=nu,
                vestiging=vestiging,
                leerling=leerling,
                verzuimsoort=soort,
                begindatum=nu.date() - dt.timedelta(days=20),
                alle_lessen_gemist=False,
                actie_gemeente_gewenst=True,
                melder_naam="Bench",
                melder_telefoonnummer="0",
                melder_email="bench@school.example",
                gemeente=gemeente,
                routering={"regel": "bench"},
            )
            for i in range(aantal)
        ],
        batch_size=2000,
    )
    Uitgaand.objects.bulk_create(
        [
            Uitgaand(
                sleutel=attendering_sleutel(m.pk),
                soort=Soort.ATTENDERING,
                melding=m,
                gemeente=gemeente,
                inhoud={"meldingsnummer": m.meldingsnummer, "verzuimsoort": soort.naam},
                volgende_poging_op=nu,
            )
            for m in meldingen
        ],
        batch_size=2000,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--aantal", type=int, default=10_000)
    parser.add_argument("-c", "--concurrency", type=int, default=4, help="worker processes (prefork), as in production")
    parser.add_argument("--timeout", type=int, default=1800)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    opruimen()
    # Rows already waiting are sent first and their time counts as ours: printed, so a polluted run shows.
    anderen = Uitgaand.objects.filter(toestand=Toestand.WACHTEND).count()
    gemeente = Gemeente.objects.get(code="1641")
    vestiging = Vestiging.objects.get(code="00AR00")
    instellingen, _ = GemeenteInstellingen.objects.get_or_create(gemeente=gemeente)
    vorige_mailbox = instellingen.attenderingsmailbox
    instellingen.attenderingsmailbox, instellingen.mailfrequentie = "bench@maasgouw.example", "per_melding"
    instellingen.save()

    inbox = Inbox()
    poort = vrije_poort()
    smtp = Controller(inbox, hostname="127.0.0.1", port=poort)
    smtp.start()
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    redis = RedisServer(tmp)
    redis.start()
    celery_naar(redis.url)
    log = tmp / "worker.log"
    env = {
        **os.environ,
        "REDIS_URL": redis.url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(poort),
        "BERICHTEN_RELAY_INTERVAL_SECONDEN": "1",
        "DATABASE_CONN_MAX_AGE": "600",
        # The worker runs as in production: with DEBUG on, Django keeps every query in memory and Celery warns.
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PSEUDONIEM_SLEUTEL": secrets.token_urlsafe(32),
        "TOEGANGSLOG_SLEUTEL": secrets.token_urlsafe(32),
    }
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "verzuimloket",
            "worker",
            "--pool",
            "prefork",
            "-c",
            str(args.concurrency),
            "-l",
            "warning",
            "-B",
            "-s",
            str(tmp / "beat-schedule"),
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=PROJECT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        time.sleep(3)  # worker boot; not part of the measurement
        begin_aanmaken = time.monotonic()
        aanmaken(args.aantal, gemeente, vestiging)
        begin = time.monotonic()
        print(
            f"{args.aantal} meldingen + outbox-rijen aangemaakt in {begin - begin_aanmaken:.1f} s; "
            "wachten op de mails...",
            flush=True,
        )
        vorige = 0
        while len(inbox.berichten) < args.aantal:
            if time.monotonic() - begin > args.timeout:
                raise SystemExit(f"Timeout: {len(inbox.berichten)} van {args.aantal} mails na {args.timeout} s")
            if worker.poll() is not None:
                raise SystemExit("Worker gestopt:\n" + log.read_text()[-3000:])
            time.sleep(0.2)
            if len(inbox.berichten) // 1000 != vorige // 1000:
                print(f"  {len(inbox.berichten)} mails na {time.monotonic() - begin:.1f} s", flush=True)
            vorige = len(inbox.berichten)
        duur = time.monotonic() - begin
        time.sleep(3)  # any duplicate would arrive now
        per_onderwerp = Counter(b["bericht"]["Subject"] for b in inbox.berichten)
        dubbel = sum(n - 1 for n in per_onderwerp.values() if n > 1)
        wachtend = Uitgaand.objects.filter(
            melding__meldingsnummer__startswith=PREFIX, toestand=Toestand.WACHTEND
        ).count()
        print(
            f"RESULTAAT: {args.aantal} attenderingsmails in de SMTP-inbox na {duur:.1f} s "
            f"({args.aantal / duur:.0f} mails/s, worker -c {args.concurrency}); dubbel: {dubbel}; "
            f"nog wachtend: {wachtend}; andere rijen vooraf wachtend: {anderen}"
        )
    finally:
        os.killpg(worker.pid, 9)
        worker.wait()
        redis.stop()
        smtp.stop()
        opruimen()
        instellingen.attenderingsmailbox = vorige_mailbox
        instellingen.save()


if __name__ == "__main__":
    print(f"Database: {settings.DATABASES['default']['NAME']}")
    main()
