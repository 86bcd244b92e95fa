"""CPU per list page, or per API create, in one process without gunicorn or a load generator: for before/after pairs.

    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/verzuimloket_schaal \
      .venv/bin/python -m bench.inproces [--aantal 150]

Runs Django's test client against the benchmark register as the personas `bench.run` prepared (`bench.lpa`, the
leerplichtambtenaar of 0363, and `bench.school`, the melder of the school with the most meldingen; run `bench.run`
once first). Prints per page the wall time and this process's CPU time (Python and the client; the database's own
CPU is not in it) per request, after a warm-up of 20. On a shared or varying machine, alternate old and new code
(`git stash`) and run each twice: the CPU figure moves much less than the throughput of `bench.run`.

With `--create api` it times API creates instead (POST /api/v1/meldingen/ with each school's certificate, for pupils
without a recent melding), with `--create kaal` the bare DRF create of the yardstick; both with the production
settings `bench.run` gives gunicorn and the Celery kicks in a private Redis. The outbox rows the API creates leave
waiting are removed afterwards, the bare rows too; the meldingen stay, as after `bench.run`.
"""

import argparse
import logging
import os
import sys
import time

OPWARMEN = 20  # requests before the clock starts, per page or create
PAGINAS = (
    ("bench.lpa", "/gemeente/meldingen/"),
    ("bench.lpa", "/gemeente/meldingen/?per_pagina=100"),
    ("bench.school", "/school/meldingen/"),
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aantal", type=int, default=150, help="requests per page or create (default 150)")
    parser.add_argument("--create", choices=("api", "kaal"), help="time API creates, or the bare DRF create")
    args = parser.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if args.create:
        return _creates(args.create, args.aantal)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verzuimloket.settings")
    import django

    django.setup()
    logging.disable(logging.WARNING)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.run import _sessie

    for naam, url in PAGINAS:
        gebruiker = get_user_model().objects.filter(username=naam).first()
        if gebruiker is None:
            sys.exit(f"{naam} bestaat niet in deze database: draai eerst python -m bench.run")
        client = Client(HTTP_HOST="127.0.0.1")
        # An OTP-verified session as bench.run writes them for its load.
        client.cookies[settings.SESSION_COOKIE_NAME] = _sessie(gebruiker)
        for _ in range(OPWARMEN):
            client.get(url)
        cpu, wand = time.process_time(), time.perf_counter()
        for _ in range(args.aantal):
            if client.get(url).status_code != 200:
                sys.exit(f"{url}: geen 200")
        cpu, wand = time.process_time() - cpu, time.perf_counter() - wand
        print(f"{url:45} {wand / args.aantal * 1000:7.2f} ms wand  {cpu / args.aantal * 1000:7.2f} ms CPU per verzoek")


def _meet_creates(client, verzoeken):
    for pad, body, koppen in verzoeken[:OPWARMEN]:
        _create(client, pad, body, koppen)
    cpu, wand = time.process_time(), time.perf_counter()
    for pad, body, koppen in verzoeken[OPWARMEN:]:
        _create(client, pad, body, koppen)
    n = len(verzoeken) - OPWARMEN
    return (time.process_time() - cpu) / n, (time.perf_counter() - wand) / n


def _create(client, pad, body, koppen):
    antwoord = client.post(pad, body, content_type="application/json", **koppen)
    if antwoord.status_code != 201:
        sys.exit(f"{pad}: {antwoord.status_code} in plaats van 201: {antwoord.content[:300]!r}")


def _api_verzoeken(aantal):
    """(path, body, headers) of `aantal` API creates as bench.run sends them: each school with its certificate."""
    from bench import run

    leerlingen = run._leerlingen(aantal)
    if len(leerlingen) < aantal:
        sys.exit("te weinig leerlingen zonder recente melding: draai eerst python -m bench.run")
    certificaten = {v: run._certificaat(v) for v in {v for _, v in leerlingen}}
    return [
        ("/api/v1/meldingen/", b["body"], {"HTTP_X_SSL_CLIENT_CERT": b["headers"]["X-SSL-Client-Cert"]})
        for b in run._api_bodies(leerlingen, certificaten)
    ]


def _creates(soort, aantal):
    from bench import run

    redis = run.EigenRedis()
    try:
        os.environ.update(
            run._productie_env(),
            REDIS_URL=redis.url,
            DJANGO_SETTINGS_MODULE="bench.settings_kaal" if soort == "kaal" else "verzuimloket.settings",
        )
        import django

        django.setup()
        logging.disable(logging.WARNING)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        # REMOTE_ADDR is the test client's 127.0.0.1, one of TRUSTED_PROXIES in the production settings above.
        client = Client(HTTP_HOST="127.0.0.1")
        if soort == "kaal":
            call_command("migrate", "kaal", verbosity=0)
            verzoeken = [("/kaal/meldingen/", body, {}) for body in run._kale_bodies(aantal + OPWARMEN)]
            try:
                cpu, wand = _meet_creates(client, verzoeken)
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("TRUNCATE kaal_kalemelding")
        else:
            verzoeken = _api_verzoeken(aantal + OPWARMEN)
            outbox_voor = run._laatste_uitgaand()
            try:
                cpu, wand = _meet_creates(client, verzoeken)
            finally:
                run._outbox_opruimen(outbox_voor)
    finally:
        redis.stop()
    print(f"{soort + ' create':45} {wand * 1000:7.2f} ms wand  {cpu * 1000:7.2f} ms CPU per verzoek")


if __name__ == "__main__":
    main()
