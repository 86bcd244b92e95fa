"""CPU per page of the list pages in one process, without gunicorn or a load generator: for before/after pairs.

    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/verzuimloket_schaal \
      .venv/bin/python -m bench.inproces [--aantal 150]

Runs Django's test client against the benchmark register as the personas `bench.run` prepared (`bench.lpa`, the
leerplichtambtenaar of 0363, and `bench.school`, the melder of the school with the most meldingen; run `bench.run`
once first). Prints per page the wall time and this process's CPU time (Python and the client; the database's own
CPU is not in it) per request, after a warm-up of 20. On a shared or varying machine, alternate old and new code
(`git stash`) and run each twice: the CPU figure moves much less than the throughput of `bench.run`.
"""

import argparse
import logging
import os
import sys
import time

PAGINAS = (
    ("bench.lpa", "/gemeente/meldingen/"),
    ("bench.lpa", "/gemeente/meldingen/?per_pagina=100"),
    ("bench.school", "/school/meldingen/"),
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aantal", type=int, default=150, help="requests per page (default 150)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verzuimloket.settings")
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
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
        for _ in range(20):
            client.get(url)
        cpu, wand = time.process_time(), time.perf_counter()
        for _ in range(args.aantal):
            if client.get(url).status_code != 200:
                sys.exit(f"{url}: geen 200")
        cpu, wand = time.process_time() - cpu, time.perf_counter() - wand
        print(f"{url:45} {wand / args.aantal * 1000:7.2f} ms wand  {cpu / args.aantal * 1000:7.2f} ms CPU per verzoek")


if __name__ == "__main__":
    main()
