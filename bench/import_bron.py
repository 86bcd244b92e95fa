"""Benchmark of the Bron import: generate a synthetic delivery and time `importeer_bron` on it.

Runs against its own database (verzuimloket_bench, created and migrated when missing) so the
development database stays clean:

    DEBUG=true .venv/bin/python -m bench.import_bron --rijen 1000000

The first import fills empty tables; --nogmaals also times a second import of the same file
(every pupil present and unchanged), the case of a nightly full delivery.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DATABASE = "verzuimloket_bench"


def _kies_database(naam):
    """Point DATABASE_URL at the benchmark database (before Django reads the settings)."""
    import dj_database_url

    basis = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/verzuimloket")
    config = dj_database_url.parse(basis)
    if config["NAME"] == naam:
        raise SystemExit("DATABASE_URL wijst al naar de benchmarkdatabase; geef de gewone database op")
    os.environ["DATABASE_URL"] = urlunsplit(urlsplit(basis)._replace(path="/" + naam))
    return config


def _maak_database(config, naam):
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as verbinding:
        bestaat = verbinding.execute("SELECT 1 FROM pg_database WHERE datname = %s", [naam]).fetchone()
        if not bestaat:
            verbinding.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam)))
            print(f"database {naam} aangemaakt")


def _cpu_postgres(pid):
    """CPU seconds used so far by the PostgreSQL backend `pid`, when it runs on this machine."""
    try:
        velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_python():
    gebruik = resource.getrusage(resource.RUSAGE_SELF)
    return gebruik.ru_utime + gebruik.ru_stime


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rijen", type=int, default=1_000_000, help="aantal regels in de levering")
    parser.add_argument("--seed", type=int, default=None, help="seed voor de testdata")
    parser.add_argument("--database", default=BENCH_DATABASE, help=f"benchmarkdatabase (standaard {BENCH_DATABASE})")
    parser.add_argument("--nogmaals", action="store_true", help="importeer hetzelfde bestand daarna nog eens")
    parser.add_argument("--bestand", type=Path, help="bewaar het CSV-bestand hier in plaats van in een tijdelijke map")
    parser.add_argument("--blokgrootte", type=int, help="regels per blok (standaard die van bron.importeren)")
    args = parser.parse_args(argv)

    config = _kies_database(args.database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verzuimloket.settings")
    _maak_database(config, args.database)

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from bron import importeren
    from bron.importeren import importeer_bron
    from bron.models import Inschrijving, Leerling
    from bron.testdata import STANDAARD_SEED, schrijf_csv

    if args.blokgrootte:
        importeren.BLOKGROOTTE = args.blokgrootte
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        # Only the benchmark database is ever emptied (meldingen refer to pupils, hence CASCADE).
        if connection.settings_dict["NAME"] != args.database:
            raise SystemExit(f"verbonden met {connection.settings_dict['NAME']}, niet met {args.database}")
        cursor.execute(f"TRUNCATE {Inschrijving._meta.db_table}, {Leerling._meta.db_table} CASCADE")
        cursor.execute(f"VACUUM ANALYZE {Leerling._meta.db_table}")
        cursor.execute(f"VACUUM ANALYZE {Inschrijving._meta.db_table}")
        # Flush what the previous run wrote (about 1 GB of WAL and dirty pages): otherwise the checkpoint it
        # triggers runs during this import and the figure swings by 10-20% from run to run.
        cursor.execute("CHECKPOINT")

    with tempfile.TemporaryDirectory(prefix="bench-bron-") as map_:
        pad = args.bestand or Path(map_) / "bron.csv"
        begin = time.perf_counter()
        schrijf_csv(pad, args.rijen, STANDAARD_SEED if args.seed is None else args.seed)
        print(
            f"{args.rijen} regels gegenereerd in {time.perf_counter() - begin:.1f} s "
            f"({pad.stat().st_size / 1e6:.0f} MB)"
        )
        rondes = ["eerste import (lege tabellen)"] + (["tweede import (zelfde bestand)"] if args.nogmaals else [])
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        resultaten = []
        for ronde in rondes:
            cpu = _cpu_python(), _cpu_postgres(backend)
            resultaat = importeer_bron(pad, stdout=sys.stdout)
            resultaten.append((ronde, resultaat))
            print(f"{ronde}: {resultaat.samenvatting()}")
            if cpu[1] is not None:
                # CPU time says more than wall-clock time on a shared machine.
                print(
                    f"  cpu: python {_cpu_python() - cpu[0]:.1f} s, "
                    f"postgres {_cpu_postgres(backend) - cpu[1]:.1f} s, load {os.getloadavg()[0]:.1f}, "
                    f"geheugen python max {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
                )
        for ronde, resultaat in resultaten:
            print(f"RESULTAAT {ronde}: {resultaat.rijen_per_seconde:,.0f} regels/s ({resultaat.seconden:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
