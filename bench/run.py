# ruff: noqa: S603, S607, S608 - a benchmark harness starts its own tools (gunicorn, pgbench, manage.py) by design
"""All benchmark figures of docs/performance.md in one run, against a national-size register in its own database.

    DEBUG=true .venv/bin/python -m bench.run                 # everything (first run seeds 3M pupils / 1M meldingen)
    .venv/bin/python -m bench.run --alleen browser,inbox     # a selection (see --help)

Sets up the database (created, migrated and seeded when missing, reused otherwise), starts
gunicorn with production settings, prepares personas and pupils, and drives the load from
separate processes (bench/last.py). Scenarios whose feature is not there yet are skipped with
the reason. Nothing here writes to any other database than the ones named on the command line.
"""

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UITVOER = ROOT / "bench" / "output"
PY = sys.executable
SCHAAL_DATABASE = "verzuimloket_schaal"
# bench/import_bron.py empties the Bron tables of its database (TRUNCATE ... CASCADE), so it never gets the register's.
IMPORT_DATABASE = "verzuimloket_bench"
IMPORT_EIGEN_DATABASE = "verzuimloket_schaal_import"  # only when bench/import_bron.py is missing
PURGE_DATABASE = "verzuimloket_schaal_purge"
GEMEENTE = "0363"  # Amsterdam, the largest inbox
OPWARM_SECONDEN = 3  # per scenario, before the closed loop
OPWARM_VERZOEKEN = 200  # at most, of a scenario's bodies (a submission uses up its pupil)
MAX_PER_SECONDE = 500  # pupils set aside per second of closed-loop submission

DOELEN = {
    "browser": "≥ 150/s; p99 < 150 ms bij 20/s",
    "api": "≥ 300/s en ≥ 0,75 × kale DRF; p99 < 100 ms bij 20/s",
    "inbox": "≥ 150/s; p95 < 100 ms",
    "api_lijst": "≥ 150/s; p95 < 100 ms",
    "school": "≥ 150/s; p95 < 100 ms",
    "import": "≥ 20.000 regels/s",
    "purge": "500.000 meldingen < 60 s; geen lock > 1 s",
    "mails": "10.000 mails < 120 s",
    "rss": "< 300 MB per worker",
}
# Frames of these apps are listed in a profile summary (the full stacks are in bench/output/profiel-*.txt).
EIGEN_CODE = (
    "meldingen/",
    "autorisatie/",
    "api/",
    "protocollering/",
    "beveiliging/",
    "gemeenten/",
    "scholen/",
    "bron/",
)
SERVER = None  # the running app server: _meet reads its workers' CPU time
SCENARIOS = ("browser", "api", "inbox", "api_lijst", "school", "kaal", "pgbench", "import", "purge", "mails")


class Figuren:
    """The rows of the final table, printed as they come and once more at the end."""

    def __init__(self):
        self.rijen = []
        self.api_create = self.browser_create = None  # closed-loop create throughput, for the ratios

    def voeg_toe(self, scenario, meting, waarde, doel=""):
        # The machine is shared: the 1-minute load average when the figure was taken says how far to trust it.
        load = f"{os.getloadavg()[0]:.1f}"
        self.rijen.append((scenario, meting, waarde, doel, load))
        print(f"  {scenario:<12} {meting:<34} {waarde}  [load {load}]", flush=True)

    def sla_over(self, scenario, reden):
        self.voeg_toe(scenario, "OVERGESLAGEN", reden)

    def druk_af(self):
        print("\n== Resultaten " + "=" * 90)
        print(f"{'scenario':<12} {'meting':<34} {'waarde':<34} {'load':<5} doel")
        for scenario, meting, waarde, doel, load in self.rijen:
            print(f"{scenario:<12} {meting:<34} {str(waarde):<34} {load:<5} {doel}")


def _db_url(naam):
    basis = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/verzuimloket")
    return basis.rsplit("/", 1)[0] + "/" + naam


def _psycopg_kwargs(url, dbname=None):
    deel = urllib.parse.urlsplit(url)
    return {
        "host": deel.hostname or "127.0.0.1",
        "port": deel.port or 5432,
        "user": deel.username or "postgres",
        "password": deel.password,
        "dbname": dbname or deel.path.lstrip("/"),
    }


def _maak_database(naam, *, opnieuw=False):
    import psycopg
    from psycopg import sql

    with psycopg.connect(**_psycopg_kwargs(_db_url(naam), "postgres"), autocommit=True) as verbinding:
        bestaat = verbinding.execute("SELECT 1 FROM pg_database WHERE datname = %s", [naam]).fetchone()
        if bestaat and opnieuw:
            verbinding.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(naam)))
            bestaat = None
        if not bestaat:
            verbinding.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam)))
            print(f"database {naam} aangemaakt", flush=True)


def _env(database, **extra):
    env = {**os.environ, "DATABASE_URL": _db_url(database), "DJANGO_SETTINGS_MODULE": "verzuimloket.settings"}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def _manage(env, *argumenten, check=True):
    begin = time.perf_counter()
    proces = subprocess.run([PY, "manage.py", *argumenten], cwd=ROOT, env=env, text=True, capture_output=True)
    if check and proces.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(argumenten)} mislukt:\n{proces.stdout}\n{proces.stderr}")
    return proces, time.perf_counter() - begin


def _vrije_poort():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- gunicorn ----------------------------------------------------------------------------------


class Gunicorn:
    def __init__(self, env, workers, naam):
        self.poort = _vrije_poort()
        self.log = open(UITVOER / f"gunicorn-{naam}.log", "w")  # noqa: SIM115 - closed in stop()
        self.proces = subprocess.Popen(
            [
                PY,
                "-m",
                "gunicorn",
                "verzuimloket.wsgi",
                "-w",
                str(workers),
                "-k",
                "sync",
                "-b",
                f"127.0.0.1:{self.poort}",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "--error-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(300):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.poort), timeout=1).close()
                # The port opens before the workers have imported Django: warm every worker up first.
                for _ in range(workers * 3):
                    _http(self.poort, "GET", "/")
                return
            if self.proces.poll() is not None:
                raise SystemExit(f"gunicorn ({naam}) stopte meteen; zie {self.log.name}")
            time.sleep(0.2)
        raise SystemExit(f"gunicorn ({naam}) kwam niet op; zie {self.log.name}")

    def workers(self):
        kinderen = Path(f"/proc/{self.proces.pid}/task/{self.proces.pid}/children")
        return [int(p) for p in kinderen.read_text().split()] if kinderen.exists() else []

    def piek_rss_mb(self):
        """The highest VmHWM (peak resident set) over the workers, in MB."""
        piek = 0
        for pid in self.workers():
            with contextlib.suppress(OSError):
                for regel in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if regel.startswith("VmHWM:"):
                        piek = max(piek, int(regel.split()[1]) // 1024)
        return piek

    def stop(self):
        if self.proces.poll() is None:
            self.proces.terminate()
            try:
                self.proces.wait(20)
            except subprocess.TimeoutExpired:
                self.proces.kill()
                self.proces.wait()
        self.log.close()


class EigenRedis:
    """A private redis-server as the app's Celery broker: the on_commit kicks of every submission land there,
    not in the shared Redis (where another engineer's worker might pick them up), and vanish when it stops.
    No worker consumes them; the outbox rows they leave waiting are removed afterwards (_outbox_opruimen)."""

    def __init__(self):
        self.poort = _vrije_poort()
        self.url = f"redis://127.0.0.1:{self.poort}/0"
        self.proces = subprocess.Popen(
            ["redis-server", "--port", str(self.poort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.poort), timeout=1).close()
                return
            time.sleep(0.1)
        raise SystemExit("redis-server voor de benchmark kwam niet op")

    def stop(self):
        self.proces.terminate()
        self.proces.wait(10)


def _http(poort, methode, pad, *, body=None, koppen=None):
    import http.client

    verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=60)
    verbinding.request(methode, pad, body=body, headers=koppen or {})
    antwoord = verbinding.getresponse()
    inhoud = antwoord.read()
    verbinding.close()
    return antwoord.status, dict(antwoord.getheaders()), inhoud


# --- load -------------------------------------------------------------------------------------


def _last(soort, spec):
    """Run bench/last.py in its own process and return its figures."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", dir=UITVOER, delete=False) as f:
        json.dump(spec, f)
    try:
        proces = subprocess.run([PY, "-m", "bench.last", soort, f.name], cwd=ROOT, text=True, capture_output=True)
    finally:
        os.unlink(f.name)
    if proces.returncode != 0:
        raise RuntimeError(f"bench.last {soort} mislukt: {proces.stderr[-2000:]}")
    return json.loads(proces.stdout.strip().splitlines()[-1])


def _cpu_seconden(pids):
    """utime + stime of these processes, in seconds (clock ticks from /proc/<pid>/stat)."""
    totaal = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            totaal += int(velden[11]) + int(velden[12])
    return totaal / os.sysconf("SC_CLK_TCK")


def _db_pids(database):
    import psycopg

    with psycopg.connect(**_psycopg_kwargs(_db_url(database)), autocommit=True) as c:
        rijen = c.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database]
        ).fetchall()
    return [r[0] for r in rijen]


def _profileer(scenario, args, web_pids):
    """py-spy record on one gunicorn worker for the closed loop of the scenarios named in --profiel (raw stacks)."""
    # The venv's own py-spy, else one on PATH (e.g. a separate venv: py-spy is not a requirement).
    spy = Path(PY).parent / "py-spy" if (Path(PY).parent / "py-spy").exists() else shutil.which("py-spy")
    if scenario not in args.profiel or not web_pids:
        return None
    if not spy:
        print(
            f"  {scenario}: py-spy niet gevonden (pip install py-spy, in de venv of op PATH), geen profiel", flush=True
        )
        return None
    uit = UITVOER / f"profiel-{scenario}.txt"
    log = open(UITVOER / f"profiel-{scenario}.log", "w")  # noqa: SIM115 - the child owns it
    return subprocess.Popen(
        [str(spy), "record", "-p", str(web_pids[0]), "-d", str(args.duur), "-r", "100", "-f", "raw", "-o", str(uit)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _profiel_samenvatting(scenario, top=5):
    """Top frames of a raw py-spy profile by inclusive share of the samples (our code and Django, not the loop)."""
    pad = UITVOER / f"profiel-{scenario}.txt"
    if not pad.exists():
        return "geen profiel (zie bench/output/profiel-*.log)"
    totaal, inclusief = 0, {}
    for regel in pad.read_text().splitlines():
        stapel, _, n = regel.rpartition(" ")
        if not n.isdigit():
            continue
        totaal += int(n)
        for frame in set(stapel.split(";")):
            inclusief[frame] = inclusief.get(frame, 0) + int(n)
    eigen = sorted(
        (
            (n, f)
            for f, n in inclusief.items()
            if f.split("(", 1)[-1].startswith(EIGEN_CODE) and "middleware.py" not in f
        ),
        reverse=True,
    )
    return "; ".join(f"{100 * n / totaal:.0f}% {f}" for n, f in eigen[:top]) + f" (van {totaal} samples)"


def _meet(figuren, scenario, args, poort, *, methode, pad, koppen=None, bodies=None, ok=(200,), open_bodies=None):
    """Closed loop (throughput) then open loop at args.rate (latency). Returns the closed-loop figures.

    Also the CPU time per request of the web workers and of their PostgreSQL backends during the
    closed loop: unlike requests per second, that figure hardly changes when other work shares
    the machine, and cores / (CPU per request) bounds the throughput of an otherwise idle machine.
    """
    basis = {
        "host": "127.0.0.1",
        "port": poort,
        "method": methode,
        "path": pad,
        "headers": koppen or {},
        "ok": list(ok),
        "niet_naar": "/inloggen/",
    }
    # Warm-up, not measured: every worker imports the URLconf and views on its first request and fills its
    # per-process caches (choices, certificates); counted, that start-up cost was ~10 ms of every request.
    opwarmen = OPWARM_VERZOEKEN if bodies is None else min(OPWARM_VERZOEKEN, len(bodies) // 4)
    if bodies is not None:
        warm, bodies = bodies[:opwarmen], bodies[opwarmen:]
    else:
        warm = None
    _last(
        "gesloten",
        {**basis, "bodies": warm, "duur": OPWARM_SECONDEN, "processen": args.processen, "threads": args.threads},
    )
    web_pids = SERVER.workers() if SERVER else []
    db_pids = _db_pids(args.database)
    profiel = _profileer(scenario, args, web_pids)
    cpu_web, cpu_db = _cpu_seconden(web_pids), _cpu_seconden(db_pids)
    gesloten = _last(
        "gesloten", {**basis, "bodies": bodies, "duur": args.duur, "processen": args.processen, "threads": args.threads}
    )
    cpu_web = _cpu_seconden(web_pids) - cpu_web
    # Backends opened during the loop count from zero.
    nieuw = set(_db_pids(args.database)) - set(db_pids)
    cpu_db = _cpu_seconden(db_pids) - cpu_db + _cpu_seconden(nieuw)
    figuren.voeg_toe(
        scenario,
        f"doorvoer gesloten lus ({args.processen}x{args.threads})",
        f"{gesloten['per_seconde']}/s (p50 {gesloten['p50_ms']} ms, p99 {gesloten['p99_ms']} ms)",
        DOELEN.get(scenario, ""),
    )
    if gesloten["fout"]:
        figuren.voeg_toe(scenario, "  fouten gesloten lus", f"{gesloten['fout']} {gesloten['statussen']}")
    if profiel is not None:
        profiel.wait(args.duur + 30)
        figuren.voeg_toe(scenario, "py-spy (1 worker, gesloten lus)", _profiel_samenvatting(scenario))
    if gesloten["verzoeken"]:
        web_ms, db_ms = 1000 * cpu_web / gesloten["verzoeken"], 1000 * cpu_db / gesloten["verzoeken"]
        plafond = 1000 * (os.cpu_count() or 1) / (web_ms + db_ms) if web_ms + db_ms else 0
        figuren.voeg_toe(
            scenario, "CPU per verzoek (web + db)", f"{web_ms:.1f} + {db_ms:.1f} ms → plafond ~{plafond:.0f}/s"
        )
    if args.rate > 0 and gesloten["per_seconde"] < args.rate:
        # Sending faster than the server can ever answer only measures a growing queue (and takes long).
        figuren.voeg_toe(
            scenario,
            f"latentie open lus {args.rate}/s",
            f"niet gemeten: capaciteit {gesloten['per_seconde']}/s is lager",
        )
    elif args.rate > 0:
        open_ = _last("open", {**basis, "bodies": open_bodies, "duur": args.duur, "rate": args.rate})
        figuren.voeg_toe(
            scenario,
            f"latentie open lus {args.rate}/s ({open_['verzoeken']} verz.)",
            f"p50 {open_['p50_ms']} / p95 {open_['p95_ms']} / p99 {open_['p99_ms']} ms",
        )
        if open_["fout"]:
            figuren.voeg_toe(scenario, "  fouten open lus", f"{open_['fout']} {open_['statussen']}")
    return gesloten


# --- personas and pupils (in this process, with Django set up on the register's database) -----


def _csrf_geheim():
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


def _sessie(gebruiker):
    """A logged-in session as django.contrib.auth.login() stores it, without a password hash per persona."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # MFAVerplichtMiddleware sends an unverified session to /inloggen/verificatie/: mark it verified as
    # django_otp.login() does (tests/mfa.py _verifieer), with a confirmed TOTP device of the persona.
    device = TOTPDevice.objects.filter(user=gebruiker, confirmed=True).first() or TOTPDevice.objects.create(
        user=gebruiker, name="bench", confirmed=True
    )
    sessie = import_module(settings.SESSION_ENGINE).SessionStore()
    sessie[SESSION_KEY] = str(gebruiker.pk)
    sessie[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    sessie[HASH_SESSION_KEY] = gebruiker.get_session_auth_hash()
    sessie[DEVICE_ID_SESSION_KEY] = device.persistent_id
    sessie.set_expiry(6 * 3600)
    sessie.save()
    return sessie.session_key


def _gebruiker(naam, rol, organisaties, wachtwoord=None):
    from django.contrib.auth import get_user_model

    from autorisatie.services import autorisatie_verlenen

    gebruiker, _ = get_user_model().objects.get_or_create(
        username=naam, defaults={"first_name": "Bench", "last_name": naam, "email": f"{naam}@bench.example"}
    )
    if wachtwoord:
        gebruiker.set_password(wachtwoord)
        gebruiker.save(update_fields=["password"])
    for organisatie in organisaties:
        autorisatie_verlenen(door=None, gebruiker=gebruiker, rol=rol, organisatie=organisatie)
    return gebruiker


def _leerlingen(aantal):
    """Pupils enrolled at a school in the big cities, without a melding in the last 60 days, one per row."""
    from django.db import connection
    from django.utils import timezone

    from meldingen.schaal import GROTE_STEDEN

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.leerling_id, i.vestiging_id FROM bron_inschrijving i
            JOIN scholen_vestiging v ON v.code = i.vestiging_id
            WHERE v.gemeente_id = ANY(%s) AND i.uitschrijfdatum IS NULL AND i.inschrijfdatum <= %s
              AND NOT EXISTS (SELECT 1 FROM meldingen_melding m
                              WHERE m.persoonsgebonden_nummer = i.leerling_id
                                AND m.created_at > now() - interval '60 days')
            ORDER BY i.leerling_id
            LIMIT %s
            """,
            [list(GROTE_STEDEN), timezone.localdate() - timedelta(days=30), aantal],
        )
        return cursor.fetchall()


def _schoolgegevens():
    from django.utils import timezone

    vandaag = timezone.localdate()
    return {
        "verzuimsoort": "16_uur",
        "begindatum": (vandaag - timedelta(days=20)).isoformat(),
        "einddatum": (vandaag - timedelta(days=2)).isoformat(),
        "vermoedelijke_reden": "Onbekend; ouders niet bereikbaar.",
        "ondernomen_actie": "Gebeld met ouders, geen gehoor.",
        "toelichting_geen_actie": "",
        "melder_naam": "Mevrouw de Melder",
        "melder_functie": "Verzuimcoördinator",
        "melder_telefoonnummer": "0201234567",
        "melder_email": "melder@school.example",
        "telefoonnummer_ouder_leerling": "0612345678",
        "verzuimdagen": "4",
        "verzuimuren": "17",
    }


def _formulier_bodies(leerlingen, melders, csrf):
    """Form POSTs, each from the melder of the pupil's school with that melder's session."""
    gegevens = {
        **_schoolgegevens(),
        "alle_lessen_gemist": "False",
        "actie_gemeente_gewenst": "True",
        "csrfmiddlewaretoken": csrf,
    }
    uit = []
    for nummer, vestiging in leerlingen:
        body = urllib.parse.urlencode({**gegevens, "persoonsgebonden_nummer": nummer})
        uit.append({"body": body, "headers": {"Cookie": f"sessionid={melders[vestiging]}; csrftoken={csrf}"}})
    return uit


def _api_bodies(leerlingen, certificaten):
    gegevens = _schoolgegevens()
    melder = {k: gegevens.pop(f"melder_{k}") for k in ("naam", "functie", "telefoonnummer", "email")}
    gegevens.update(
        alle_lessen_gemist=False,
        actie_gemeente_gewenst=True,
        leslocatie=None,
        melder=melder,
        verzuimdagen=4,
        verzuimuren=17,
    )
    return [
        {
            "body": json.dumps({**gegevens, "persoonsgebonden_nummer": nummer}),
            "headers": {"X-SSL-Client-Cert": certificaten[v]},
        }
        for nummer, v in leerlingen
    ]


def _certificaat(code):
    """A self-signed client certificate for an organisation, registered with koppeling_registreren; URL-escaped PEM."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from django.core.management import call_command
    from django.core.management.base import CommandError

    pad = UITVOER / "certs" / f"{code}.pem"
    if not pad.exists():
        pad.parent.mkdir(parents=True, exist_ok=True)
        sleutel = ec.generate_private_key(ec.SECP256R1())
        naam = x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, f"bench {code}"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Verzuimloket benchmark"),
            ]
        )
        from datetime import UTC, datetime

        nu = datetime.now(UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(naam)
            .issuer_name(naam)
            .public_key(sleutel.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(nu - timedelta(days=1))
            .not_valid_after(nu + timedelta(days=365))
            .sign(sleutel, hashes.SHA256())
        )
        pad.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    try:
        # As on the command line: --organisatie is an append option, a keyword argument would be split into letters.
        call_command(
            "koppeling_registreren",
            "--organisatie",
            code,
            "--certificaat",
            str(pad),
            stdout=open(os.devnull, "w"),  # noqa: SIM115
        )
    except CommandError as fout:
        if "al geregistreerd" not in str(fout):  # registered on an earlier run: fine
            raise
    return urllib.parse.quote(pad.read_text())


# --- the scenarios ----------------------------------------------------------------------------


def _api_bestaat(poort):
    status, _, _ = _http(poort, "GET", "/api/v1/meldingen/")
    return status != 404


def _koppeling_bestaat():
    from django.core.management import get_commands

    return "koppeling_registreren" in get_commands()


def scenario_import(figuren, args):
    script = ROOT / "bench" / "import_bron.py"
    if script.exists():
        proces = subprocess.run(
            [PY, "-m", "bench.import_bron", "--rijen", str(args.import_rijen), "--database", IMPORT_DATABASE],
            cwd=ROOT,
            # The script points DATABASE_URL at --database itself and refuses when it already does.
            env=_env(args.database, DEBUG="true"),
            text=True,
            capture_output=True,
        )
        regel = next((r for r in proces.stdout.splitlines() if r.startswith("RESULTAAT")), None)
        cpu = next((r.strip() for r in proces.stdout.splitlines() if r.strip().startswith("cpu:")), "")
        if proces.returncode != 0 or regel is None:
            figuren.voeg_toe("import", "MISLUKT", (proces.stderr or proces.stdout)[-300:].strip())
        else:
            figuren.voeg_toe(
                "import",
                f"import_bron {args.import_rijen:,} regels",
                regel.removeprefix("RESULTAAT ").split(": ", 1)[-1],
                DOELEN["import"],
            )
            if cpu:
                figuren.voeg_toe("import", "  CPU", cpu.removeprefix("cpu: "))
        return
    if not (ROOT / "bron" / "importeren.py").exists():
        figuren.sla_over("import", "bron/importeren.py en bench/import_bron.py ontbreken (import_bron-issue)")
        return
    # Without the import benchmark script: the same steps by hand, in a database of our own that is emptied first.
    _maak_database(IMPORT_EIGEN_DATABASE, opnieuw=True)
    try:
        env = _env(IMPORT_EIGEN_DATABASE, DEBUG="true")
        _manage(env, "migrate", "-v0")
        with tempfile.TemporaryDirectory(prefix="bench-bron-") as map_:
            pad = Path(map_) / "bron.csv"
            subprocess.run(
                [
                    PY,
                    "-c",
                    "import django; django.setup(); from bron.testdata import schrijf_csv; "
                    f"schrijf_csv({str(pad)!r}, {args.import_rijen})",
                ],
                cwd=ROOT,
                env=env,
                check=True,
            )
            proces, seconden = _manage(env, "import_bron", str(pad), check=False)
        if proces.returncode != 0:
            figuren.voeg_toe("import", "MISLUKT", (proces.stderr or proces.stdout)[-300:].strip())
        else:
            figuren.voeg_toe(
                "import",
                f"import_bron {args.import_rijen:,} regels (incl. opstarten)",
                f"{args.import_rijen / seconden:,.0f} regels/s ({seconden:.0f} s)",
                DOELEN["import"],
            )
    finally:
        _maak_database_weg(IMPORT_EIGEN_DATABASE)


def _lock_bemonsteraar(database, stop_bestand, uitvoer):
    """A process sampling pg_locks every 20 ms: the longest transaction holding a lock on meldingen_melding."""
    code = f"""
import json, os, time, psycopg
kw = {_psycopg_kwargs(_db_url(database))!r}
langste, modus = 0.0, set()
with psycopg.connect(**kw, autocommit=True) as c:
    while not os.path.exists({str(stop_bestand)!r}):
        for duur, m in c.execute(
            "SELECT extract(epoch FROM clock_timestamp() - a.xact_start), l.mode FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.relation = 'meldingen_melding'::regclass "
            "AND l.granted AND a.pid <> pg_backend_pid() AND a.xact_start IS NOT NULL"
        ).fetchall():
            langste = max(langste, float(duur)); modus.add(m)
        time.sleep(0.02)
open({str(uitvoer)!r}, "w").write(json.dumps({{"langste_s": langste, "modi": sorted(modus)}}))
"""
    return subprocess.Popen([PY, "-c", code], cwd=ROOT)


def scenario_purge(figuren, args):
    from django.core.management import get_commands

    if "purge_verlopen" not in get_commands():
        figuren.sla_over("purge", "commando purge_verlopen bestaat nog niet (Celery/bewaartermijn-issue)")
        return
    # Its own database: the purge consumes its data. Two school years of which the older one has expired.
    from django.utils import timezone

    from meldingen.services import schooljaar_van

    huidig = schooljaar_van(timezone.localdate())
    _maak_database(PURGE_DATABASE, opnieuw=True)
    env = _env(PURGE_DATABASE, DEBUG="true")
    _manage(env, "migrate", "-v0")
    # One seed per school year, so exactly --purge-meldingen have expired (one seed over both years gave the older
    # year ~42%: its pupils must have been enrolled a week before a melding). 1 to 3 meldingen per pupil: half as
    # many pupils is enough and loads faster.
    seconden = 0.0
    for jaar, extra in ((huidig - 2, ()), (huidig - 1, ("--toevoegen", "--seed", "2"))):
        _, duur = _manage(
            env,
            "seed_scale",
            "--leerlingen",
            str(args.purge_meldingen // 2),
            "--meldingen",
            str(args.purge_meldingen),
            "--schooljaren",
            str(jaar),
            *extra,
        )
        seconden += duur
    figuren.voeg_toe("purge", "seed_scale voor de purge", f"{seconden:.0f} s")
    # The seed wrote gigabytes of WAL: flush it first, or the checkpoints it triggers stall the purge's commits
    # (one batch of 1.3 s among batches of 75 ms). A register in production was written over two years.
    import psycopg

    with psycopg.connect(**_psycopg_kwargs(_db_url(PURGE_DATABASE)), autocommit=True) as c:
        c.execute("CHECKPOINT")
    stop = UITVOER / "purge.stop"
    locks = UITVOER / "purge-locks.json"
    stop.unlink(missing_ok=True)
    bemonsteraar = _lock_bemonsteraar(PURGE_DATABASE, stop, locks)
    time.sleep(1)
    proces, seconden = _manage(env, "purge_verlopen", check=False)
    stop.touch()
    bemonsteraar.wait(30)
    stop.unlink(missing_ok=True)
    if proces.returncode != 0:
        figuren.voeg_toe("purge", "MISLUKT", (proces.stderr or proces.stdout)[-300:].strip())
        return
    gemeten = json.loads(locks.read_text())
    figuren.voeg_toe(
        # seed_scale's spread decides how many of the 2 x N fall in the older (expired) year: see the summary below.
        "purge",
        f"purge_verlopen (register 2 × {args.purge_meldingen:,})",
        f"{seconden:.1f} s",
        DOELEN["purge"],
    )
    figuren.voeg_toe("purge", "langste transactie met lock op tabel", f"{gemeten['langste_s']:.2f} s {gemeten['modi']}")
    samenvatting = (proces.stdout.strip().splitlines() or [""])[-1]
    figuren.voeg_toe("purge", "uitvoer purge_verlopen", samenvatting[:160])
    if not args.bewaar_purge_db:
        with contextlib.suppress(Exception):
            _maak_database_weg(PURGE_DATABASE)


def _maak_database_weg(naam):
    import psycopg
    from psycopg import sql

    with psycopg.connect(**_psycopg_kwargs(_db_url(naam), "postgres"), autocommit=True) as verbinding:
        verbinding.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(naam)))


def scenario_mails(figuren, args):
    script = ROOT / "bench" / "attenderingsmails.py"
    if not script.exists():
        figuren.sla_over("mails", "bench/attenderingsmails.py bestaat nog niet (Celery/mail-issue)")
        return
    proces = subprocess.run(
        [PY, "-m", "bench.attenderingsmails", "-n", "10000"],
        cwd=ROOT,
        env=_env(args.database, DEBUG="true"),
        text=True,
        capture_output=True,
    )
    regels = proces.stdout.strip().splitlines() or ["(geen uitvoer)"]
    laatste = next((r.removeprefix("RESULTAAT: ") for r in regels if r.startswith("RESULTAAT:")), regels[-1])
    figuren.voeg_toe(
        "mails",
        "bench.attenderingsmails" + (" MISLUKT" if proces.returncode else ""),
        laatste[:160] if not proces.returncode else proces.stderr[-300:].strip(),
        DOELEN["mails"],
    )


PGBENCH_SQL = """\\set n random(1, 999999999)
BEGIN;
INSERT INTO bench_pgbench_melding (meldingsnummer, schooljaar, status, status_gewijzigd_op, vestiging_id,
  persoonsgebonden_nummer, verzuimsoort_id, begindatum, einddatum, vermoedelijke_reden, alle_lessen_gemist,
  ondernomen_actie, actie_gemeente_gewenst, toelichting_geen_actie, melder_naam, melder_functie,
  melder_telefoonnummer, melder_email, telefoonnummer_ouder_leerling, afwijkend_straat, afwijkend_huisletter,
  afwijkend_huisnummertoevoeging, afwijkend_postcode, afwijkend_locatieaanduiding, afwijkend_plaatsnaam,
  verzuimdagen, verzuimuren, gemeente_id, routering, contactpersoon_naam, contactpersoon_functie,
  contactpersoon_telefoonnummer, contactpersoon_email, intrekkingsreden, created_at, updated_at)
VALUES ('PGB-' || nextval('bench_pgbench_seq'), 2026, 'geregistreerd', now(), '00AR00', lpad(:n::text, 9, '0'),
  '16_uur', current_date - 20, current_date - 2, 'Onbekend; ouders niet bereikbaar.', false,
  'Gebeld met ouders, geen gehoor.', true, '', 'Mevrouw de Melder', 'Verzuimcoördinator', '0201234567',
  'melder@school.example', '0612345678', '', '', '', '', '', '', 4, 17, '0363',
  '{"regel": "woongemeente", "uitleg": "Volgens Bron woont de leerling in Amsterdam."}',
  '', '', '', '', '', now(), now());
INSERT INTO bench_pgbench_historie (melding_id, actie, van_status, naar_status, gewijzigde_velden, toelichting,
  door_naam, created_at) VALUES (currval('bench_pgbench_seq'), 'ingediend', '', 'geregistreerd', '[]',
  'Volgens Bron woont de leerling in Amsterdam.', 'Mevrouw de Melder', now());
END;
"""


def scenario_pgbench(figuren, args):
    if not shutil.which("pgbench"):
        figuren.sla_over("pgbench", "pgbench niet gevonden (apt-get install postgresql-client)")
        return None
    import psycopg

    kw = _psycopg_kwargs(_db_url(args.database))
    with psycopg.connect(**kw, autocommit=True) as c:
        # Same columns, defaults, checks and indexes as the real tables; no foreign keys (LIKE does not copy them).
        c.execute("CREATE TABLE IF NOT EXISTS bench_pgbench_melding (LIKE meldingen_melding INCLUDING ALL)")
        c.execute("CREATE TABLE IF NOT EXISTS bench_pgbench_historie (LIKE meldingen_meldinghistorie INCLUDING ALL)")
        c.execute("CREATE SEQUENCE IF NOT EXISTS bench_pgbench_seq")
        c.execute("TRUNCATE bench_pgbench_melding, bench_pgbench_historie")
    script = UITVOER / "pgbench-insert.sql"
    script.write_text(PGBENCH_SQL)
    clients = args.processen * args.threads
    proces = subprocess.run(
        [
            "pgbench",
            "-n",
            "-c",
            str(clients),
            "-j",
            "2",
            "-T",
            str(args.duur),
            "-f",
            str(script),
            "-h",
            kw["host"],
            "-p",
            str(kw["port"]),
            "-U",
            kw["user"],
            kw["dbname"],
        ],
        text=True,
        capture_output=True,
        env={**os.environ, **({"PGPASSWORD": kw["password"]} if kw["password"] else {})},
    )
    gevonden = re.search(r"tps = ([\d.]+) \(without initial connection time\)", proces.stdout)
    if proces.returncode != 0 or not gevonden:
        figuren.voeg_toe("pgbench", "MISLUKT", (proces.stderr or proces.stdout)[-300:].strip())
        return None
    tps = float(gevonden.group(1))
    figuren.voeg_toe("pgbench", f"INSERT melding+historie ({clients} clients)", f"{tps:.0f}/s")
    with psycopg.connect(**kw, autocommit=True) as c:
        c.execute("TRUNCATE bench_pgbench_melding, bench_pgbench_historie")
    return tps


def _kale_bodies(n):
    """JSON bodies for POST /kaal/meldingen/: the school's fields of a submission, a new meldingsnummer each."""
    gegevens = {
        **_schoolgegevens(),
        "alle_lessen_gemist": False,
        "actie_gemeente_gewenst": True,
        "schooljaar": 2026,
        "vestiging": "00AR00",
        "gemeente": "0363",
    }
    run = secrets.token_hex(3)
    return [
        json.dumps({**gegevens, "meldingsnummer": f"K{run}-{i}", "persoonsgebonden_nummer": f"{i % 10**9:09d}"})
        for i in range(n)
    ]


def scenario_kaal(figuren, args):
    env = _env(args.database, DJANGO_SETTINGS_MODULE="bench.settings_kaal", **_productie_env())
    _manage(env, "migrate", "kaal", "-v0", "--settings", "bench.settings_kaal")
    server = Gunicorn(env, args.workers, "kaal")
    try:
        bodies = _kale_bodies(args.duur * MAX_PER_SECONDE * 2)
        gesloten = _last(
            "gesloten",
            {
                "host": "127.0.0.1",
                "port": server.poort,
                "method": "POST",
                "path": "/kaal/meldingen/",
                "headers": {"Content-Type": "application/json"},
                "bodies": bodies,
                "ok": [201],
                "duur": args.duur,
                "processen": args.processen,
                "threads": args.threads,
            },
        )
        figuren.voeg_toe(
            "kaal",
            f"kale DRF-create ({args.processen}x{args.threads})",
            f"{gesloten['per_seconde']}/s (p99 {gesloten['p99_ms']} ms)",
        )
        if gesloten["fout"]:
            figuren.voeg_toe("kaal", "  fouten", f"{gesloten['fout']} {gesloten['statussen']}")
        return gesloten["per_seconde"]
    finally:
        server.stop()
        import psycopg

        with psycopg.connect(**_psycopg_kwargs(_db_url(args.database)), autocommit=True) as c:
            c.execute("TRUNCATE kaal_kalemelding")


_SLEUTELS = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "PSEUDONIEM_SLEUTEL": secrets.token_urlsafe(32),
    "TOEGANGSLOG_SLEUTEL": secrets.token_urlsafe(32),  # required with DEBUG off (access-log hash chain)
}


def _productie_env():
    # The same keys as this process (which signs the bench sessions), new for every run.
    return {
        "DEBUG": "false",
        **_SLEUTELS,
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on 127.0.0.1; TLS is the proxy's job (which would also send X-SSL-Client-Cert).
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "TRUSTED_PROXIES": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }


# --- main -------------------------------------------------------------------------------------


def _opties(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--database", default=SCHAAL_DATABASE, help=f"database van het register (standaard {SCHAAL_DATABASE})"
    )
    p.add_argument("--leerlingen", type=int, default=3_000_000)
    p.add_argument("--meldingen", type=int, default=1_000_000)
    p.add_argument("--duur", type=int, default=20, help="seconden per meting (standaard 20)")
    p.add_argument("--rate", type=float, default=20, help="verzoeken per seconde in de open lus (0 = geen open lus)")
    p.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (standaard 4, 2 per kern)")
    p.add_argument("--processen", type=int, default=2, help="processen van de gesloten lus")
    p.add_argument("--threads", type=int, default=4, help="threads per proces van de gesloten lus")
    p.add_argument("--import-rijen", type=int, default=1_000_000)
    p.add_argument("--purge-meldingen", type=int, default=500_000, help="verlopen meldingen voor de purge")
    p.add_argument("--bewaar-purge-db", action="store_true")
    p.add_argument(
        "--profiel",
        default="",
        help="kommagescheiden web-scenario's om met py-spy te profileren (1 worker, gesloten lus)",
    )
    p.add_argument("--alleen", help="kommagescheiden selectie uit: " + ",".join(SCENARIOS))
    p.add_argument("--zonder", help="kommagescheiden scenario's om over te slaan")
    args = p.parse_args(argv)
    gekozen = set(args.alleen.split(",")) if args.alleen else set(SCENARIOS)
    gekozen -= set(args.zonder.split(",")) if args.zonder else set()
    onbekend = gekozen - set(SCENARIOS)
    if onbekend:
        p.error(f"onbekende scenario's: {', '.join(sorted(onbekend))}")
    args.gekozen = gekozen
    args.profiel = set(filter(None, args.profiel.split(",")))
    return args


def _stop_bij_signaal(signum, frame):
    raise SystemExit(f"afgebroken (signaal {signum})")  # so the finally blocks stop gunicorn


def main(argv=None):
    args = _opties(argv)
    signal.signal(signal.SIGTERM, _stop_bij_signaal)
    UITVOER.mkdir(parents=True, exist_ok=True)
    figuren = Figuren()
    print(f"== Verzuimloket benchmark, database {args.database}, {os.cpu_count()} kernen", flush=True)

    _maak_database(args.database)
    env_dev = _env(args.database, DEBUG="true")
    _manage(env_dev, "migrate", "-v0")
    os.environ.update({k: env_dev[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")})
    os.environ["DEBUG"] = "true"
    os.environ.update(_SLEUTELS)  # sessions made here must be readable by gunicorn
    import django

    django.setup()
    from django.db import connection

    from meldingen.models import Melding

    if Melding.objects.count() < args.meldingen:
        print(
            f"register vullen: seed_scale --leerlingen {args.leerlingen} --meldingen {args.meldingen} ...", flush=True
        )
        proces, seconden = _manage(
            env_dev,
            "seed_scale",
            "--leerlingen",
            str(args.leerlingen),
            "--meldingen",
            str(args.meldingen),
            "--toevoegen",
        )
        print(proces.stdout.strip().splitlines()[-1], flush=True)
        figuren.voeg_toe(
            "seed_scale", f"{args.leerlingen:,} ll. / {args.meldingen:,} meld.", f"{seconden:.0f} s", "minuten"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT count(*) FROM bron_leerling), (SELECT count(*) FROM meldingen_melding)")
        leerlingen, meldingen = cursor.fetchone()
    figuren.voeg_toe("register", "leerlingen / meldingen", f"{leerlingen:,} / {meldingen:,}")

    _manage({**env_dev, **_productie_env()}, "collectstatic", "--noinput", "-v0")
    server = redis = None
    try:
        web = {"browser", "api", "inbox", "api_lijst", "school"} & args.gekozen
        if web:
            if not shutil.which("redis-server"):
                raise SystemExit("redis-server niet gevonden: de benchmark gebruikt een eigen Redis als broker")
            redis = EigenRedis()
            outbox_voor = _laatste_uitgaand()
            try:
                server = Gunicorn(_env(args.database, **_productie_env(), REDIS_URL=redis.url), args.workers, "app")
                global SERVER
                SERVER = server
                _web_scenarios(figuren, args, server)
                figuren.voeg_toe(
                    "rss", f"piek RSS per worker ({args.workers} workers)", f"{server.piek_rss_mb()} MB", DOELEN["rss"]
                )
            finally:  # the outbox rows go also when a web scenario failed or the run was interrupted
                if server is not None:
                    server.stop()
                    server = None
                opgeruimd = _outbox_opruimen(outbox_voor)
                figuren.voeg_toe("outbox", "rijen van de webscenario's verwijderd", f"{opgeruimd:,}")
        kaal = scenario_kaal(figuren, args) if "kaal" in args.gekozen else None
        pg = scenario_pgbench(figuren, args) if "pgbench" in args.gekozen else None
        create = figuren.api_create
        for naam, maat in (("kale DRF", kaal), ("pgbench", pg)):
            if create and maat:
                doel = "≥ 0,75" if naam == "kale DRF" else ""
                figuren.voeg_toe("verhouding", f"API-create / {naam}", f"{create / maat:.2f}", doel)
        browser = figuren.browser_create
        for naam, maat in (("kale DRF", kaal), ("pgbench", pg)):
            if browser and maat:
                figuren.voeg_toe("verhouding", f"browser-create / {naam}", f"{browser / maat:.2f}")
        connection.close()
        for naam, scenario in (("import", scenario_import), ("purge", scenario_purge), ("mails", scenario_mails)):
            if naam in args.gekozen:
                try:
                    scenario(figuren, args)
                except Exception as fout:  # noqa: BLE001 - one broken scenario must not hide the other figures
                    figuren.voeg_toe(naam, "MISLUKT", f"{type(fout).__name__}: {str(fout)[-200:]}")
    finally:
        if server is not None:
            server.stop()
        if redis is not None:
            redis.stop()
    figuren.druk_af()
    return 0


def _sessies(gebruiker, n_gesloten, n_open, aantal=16):
    """Requests spread over several OTP-verified sessions of one persona: one person never sends eight
    requests at once, and concurrent saves of one session row would queue on that row."""
    koppen = [f"sessionid={_sessie(gebruiker)}" for _ in range(aantal)]
    items = [{"body": None, "headers": {"Cookie": koppen[i % aantal]}} for i in range(n_gesloten + n_open)]
    return {"bodies": items[:n_gesloten], "open_bodies": items[n_gesloten:]}


def _laatste_uitgaand():
    from django.db.models import Max

    from berichten.models import Uitgaand

    return Uitgaand.objects.aggregate(m=Max("pk"))["m"] or 0


def _outbox_opruimen(na_pk):
    """Remove the outbox rows the web scenarios left waiting. Their kicks went to the private Redis, which is gone:
    left in, the relay of the mail scenario (or of a later run) sends them before its own 10,000 (to gemeenten
    without a mailbox, so each one fails) and counts that time as its own."""
    from berichten.models import Toestand, Uitgaand

    _, per_model = Uitgaand.objects.filter(pk__gt=na_pk, toestand=Toestand.WACHTEND).delete()
    return per_model.get(Uitgaand._meta.label, 0)


def _web_scenarios(figuren, args, server):
    from django.db.models import Count

    from autorisatie.models import Rol
    from gemeenten.models import Gemeente
    from meldingen.models import Melding
    from scholen.models import Vestiging

    poort = server.poort
    csrf = _csrf_geheim()
    n_gesloten = args.duur * MAX_PER_SECONDE
    n_open = int(args.duur * args.rate) + 1

    if "browser" in args.gekozen:
        leerlingen = _leerlingen(n_gesloten + n_open)
        melders = {}
        vestigingen = {v.code: v for v in Vestiging.objects.filter(code__in={v for _, v in leerlingen})}
        for code, vestiging in vestigingen.items():
            # One melder per school, as in reality: a melder of a whole board would make every request list its schools.
            melders[code] = _sessie(_gebruiker(f"bench.melder.{code.lower()}", Rol.MELDER, [vestiging]))
        bodies = _formulier_bodies(leerlingen, melders, csrf)
        voor = Melding.objects.filter(ingediend_door__username__startswith="bench.melder.").count()
        gesloten = _meet(
            figuren,
            "browser",
            args,
            poort,
            methode="POST",
            pad="/school/meldingen/nieuw/",
            koppen={"Content-Type": "application/x-www-form-urlencoded"},
            bodies=bodies[:n_gesloten],
            open_bodies=bodies[n_gesloten:],
            ok=(302,),
        )
        figuren.browser_create = gesloten["per_seconde"]
        na = Melding.objects.filter(ingediend_door__username__startswith="bench.melder.").count()
        figuren.voeg_toe("browser", "nieuwe meldingen in de database", f"{na - voor:,}")

    api = _api_bestaat(poort) and _koppeling_bestaat()
    if "api" in args.gekozen:
        if not api:
            figuren.sla_over("api", "/api/v1/meldingen/ of koppeling_registreren bestaat nog niet (API-issue)")
        else:
            leerlingen = _leerlingen(n_gesloten + n_open)
            certificaten = {v: _certificaat(v) for v in {v for _, v in leerlingen}}
            bodies = _api_bodies(leerlingen, certificaten)
            gesloten = _meet(
                figuren,
                "api",
                args,
                poort,
                methode="POST",
                pad="/api/v1/meldingen/",
                koppen={"Content-Type": "application/json"},
                bodies=bodies[:n_gesloten],
                open_bodies=bodies[n_gesloten:],
                ok=(201,),
            )
            figuren.api_create = gesloten["per_seconde"]

    if "inbox" in args.gekozen:
        lpa = _gebruiker("bench.lpa", Rol.LEERPLICHTAMBTENAAR, [Gemeente.objects.get(code=GEMEENTE)])
        aantal = Melding.objects.filter(gemeente_id=GEMEENTE).count()
        figuren.voeg_toe("inbox", "meldingen van de gemeente", f"{aantal:,} ({GEMEENTE})")
        _meet(
            figuren,
            "inbox",
            args,
            poort,
            methode="GET",
            pad="/gemeente/meldingen/",
            **_sessies(lpa, n_gesloten, n_open),
        )

    if "api_lijst" in args.gekozen:
        if not api:
            figuren.sla_over("api_lijst", "/api/v1/meldingen/ of koppeling_registreren bestaat nog niet (API-issue)")
        else:
            cert = _certificaat(GEMEENTE)
            _meet(
                figuren,
                "api_lijst",
                args,
                poort,
                methode="GET",
                pad="/api/v1/meldingen/",
                koppen={"X-SSL-Client-Cert": cert, "Accept": "application/json"},
            )

    if "school" in args.gekozen:
        drukste = (
            Melding.objects.values("vestiging_id").annotate(n=Count("id")).order_by("-n").first()
        )  # the school with the longest list
        school = Vestiging.objects.get(code=drukste["vestiging_id"])
        melder = _gebruiker("bench.school", Rol.MELDER, [school])
        figuren.voeg_toe("school", "meldingen van de school", f"{drukste['n']:,} ({school.code})")
        _meet(
            figuren,
            "school",
            args,
            poort,
            methode="GET",
            pad="/school/meldingen/",
            **_sessies(melder, n_gesloten, n_open),
        )


if __name__ == "__main__":
    sys.exit(main())
