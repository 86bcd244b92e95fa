"""Real infrastructure for background-work tests: an aiosmtpd inbox, a private Redis, a real Celery worker and beat.

Nothing is mocked. Tests that start a worker are marked `celery` and need django_db(transaction=True),
because the worker reads the test database over its own connection.
"""

import asyncio
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

PROJECT = Path(__file__).resolve().parents[2]


def pytest_configure(config):
    config.addinivalue_line("markers", "celery: starts a real Celery worker, a private Redis and an SMTP server")


def vrije_poort():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wacht_tot(voorwaarde, *, timeout=20.0, interval=0.1, omschrijving="voorwaarde"):
    eind = time.monotonic() + timeout
    while time.monotonic() < eind:
        if voorwaarde():
            return
        time.sleep(interval)
    raise AssertionError(f"Niet binnen {timeout} s: {omschrijving}")


@pytest.fixture(autouse=True)
def referentiedata(db):
    """Transactional tests end with a flush that empties the reference tables the migrations filled; refill them.

    Much faster than serialized_rollback (which re-saves 9,000 rows one by one).
    """
    import importlib

    from django.apps import apps

    from gemeenten.models import Gemeente
    from gemeenten.referentie import laad_gemeenten
    from meldingen.models import Verzuimsoort
    from scholen.models import Vestiging
    from scholen.referentie import laad_vestigingen

    if not Gemeente.objects.exists():
        laad_gemeenten(Gemeente)
    if not Vestiging.objects.exists():
        laad_vestigingen(Vestiging)
    if not Verzuimsoort.objects.exists():
        importlib.import_module("meldingen.migrations.0002_referentielijsten").laad(apps, None)


# ----------------------------------------------------------------------------------------------------------------
# SMTP


class Inbox:
    """aiosmtpd handler that keeps accepted messages; can refuse (4xx/5xx) for a while or answer slowly.

    Like a real MTA it takes responsibility for a message only when it sends 250: if the client disappears
    while we are still "processing", aiosmtpd cancels this coroutine and the message is not kept.
    """

    def __init__(self):
        self.berichten = []
        self.weiger_code = None
        self.weiger_tot = 0.0
        self.onbekende_adressen = set()
        self.vertraging = 0.0
        self.data_gestart = threading.Event()
        self.pogingen = 0

    def weigeren(self, code=451, seconden=3.0):
        self.weiger_code, self.weiger_tot = code, time.monotonic() + seconden

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.onbekende_adressen:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.pogingen += 1
        if self.weiger_code and time.monotonic() < self.weiger_tot:
            return f"{self.weiger_code} {'4.3.0 Try again later' if self.weiger_code < 500 else '5.7.1 Rejected'}"
        if self.vertraging:
            self.data_gestart.set()
            await asyncio.sleep(self.vertraging)
        bericht = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.berichten.append(
            {"aan": list(envelope.rcpt_tos), "bericht": bericht, "tekst": bericht.get_content(), "sessie": session.peer}
        )
        return "250 2.0.0 Message accepted"

    def onderwerpen(self):
        return [b["bericht"]["Subject"] for b in self.berichten]

    def sessies(self):
        """SMTP sessions (client address and port) the accepted messages came in over."""
        return {b["sessie"] for b in self.berichten}


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    poort = vrije_poort()
    controller = Controller(inbox, hostname="127.0.0.1", port=poort)
    controller.start()
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", poort
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    inbox.poort = poort
    yield inbox
    controller.stop()


# ----------------------------------------------------------------------------------------------------------------
# Redis (private: the shared one must never be stopped)


class RedisServer:
    def __init__(self, tmp_path):
        self.poort = vrije_poort()
        self.url = f"redis://127.0.0.1:{self.poort}/0"
        self.log = tmp_path / "redis.log"
        self.proces = None

    def start(self):
        # redis-server from PATH, like the shared one (apt package redis-server).
        self.proces = subprocess.Popen(  # noqa: S603 - fixed arguments
            [  # noqa: S607
                "redis-server",
                "--port",
                str(self.poort),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--logfile",
                str(self.log),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wacht_tot(self.antwoordt, timeout=10, omschrijving="redis-server start")

    def antwoordt(self):
        try:
            with socket.create_connection(("127.0.0.1", self.poort), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.proces and self.proces.poll() is None:
            self.proces.terminate()
            self.proces.wait(10)


def celery_naar(url):
    """Point this process's Celery app at `url` and drop pooled connections to the previous broker."""
    from verzuimloket.celery import app

    app.conf.broker_url = url
    app.conf.broker_write_url = None
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_server(tmp_path):
    from verzuimloket.celery import app

    server = RedisServer(tmp_path)
    server.start()
    vorige = app.conf.broker_url
    celery_naar(server.url)
    yield server
    server.stop()
    celery_naar(vorige)


# ----------------------------------------------------------------------------------------------------------------
# Celery worker and beat as real subprocesses


SNELLE_INSTELLINGEN = {
    "BERICHTEN_RETRY_BASIS_SECONDEN": "1",
    "BERICHTEN_RETRY_MAX_SECONDEN": "2",
    "BERICHTEN_RETRY_DUUR_SECONDEN": "60",
    "BERICHTEN_CLAIM_SECONDEN": "3",
    "BERICHTEN_RELAY_INTERVAL_SECONDEN": "1",
}


class CeleryProcessen:
    def __init__(self, tmp_path, redis, smtp, database):
        self.tmp_path = tmp_path
        self.env = {
            **os.environ,
            **SNELLE_INSTELLINGEN,
            "DJANGO_SETTINGS_MODULE": "verzuimloket.settings",
            "DEBUG": "true",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
            "DATABASE_CONN_MAX_AGE": "0",
            "REDIS_URL": redis.url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.poort),
            "SITE_URL": "https://verzuimloket.test",
            "ATTENDERING_FALLBACK_ADRES": "",
            "LOG_LEVEL": "INFO",
        }
        self.processen = []
        self.teller = 0

    def _start(self, args, naam, env=None):
        self.teller += 1
        log = self.tmp_path / f"{naam}-{self.teller}.log"
        proces = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            [sys.executable, "-m", "celery", "-A", "verzuimloket", *args],
            cwd=PROJECT,
            env={**self.env, **(env or {})},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: SIGKILL reaches the pool child too
        )
        proces.log = log
        self.processen.append(proces)
        return proces

    def worker(self, *, beat=False):
        args = [
            "worker",
            "--pool",
            "prefork",
            "-c",
            "1",
            "-l",
            "info",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"test{self.teller}@%h",
        ]
        if beat:
            args += ["-B", "-s", str(self.tmp_path / f"beat-schedule-{self.teller}")]
        proces = self._start(args, "worker")
        wacht_tot(
            lambda: "ready." in proces.log.read_text() or proces.poll() is not None,
            timeout=30,
            omschrijving="celery worker klaar",
        )
        assert proces.poll() is None, proces.log.read_text()
        return proces

    def beat(self, settings_module="tests.berichten.beat_settings"):
        proces = self._start(
            ["beat", "-l", "info", "-s", str(self.tmp_path / f"beat-schedule-{self.teller + 1}"), "--pidfile="],
            "beat",
            env={"DJANGO_SETTINGS_MODULE": settings_module},
        )
        wacht_tot(
            lambda: "beat: Starting" in proces.log.read_text() or proces.poll() is not None,
            timeout=30,
            omschrijving="celery beat gestart",
        )
        assert proces.poll() is None, proces.log.read_text()
        return proces

    def kill(self, proces, sig=signal.SIGKILL):
        try:
            os.killpg(proces.pid, sig)
        except ProcessLookupError:
            pass
        proces.wait(15)

    def stop_alles(self):
        # Test teardown: no need for a warm shutdown, and SIGTERM on a busy worker can take seconds.
        for proces in self.processen:
            if proces.poll() is None:
                self.kill(proces)

    def logs(self):
        return "\n".join(f"== {p.log.name}\n{p.log.read_text()[-4000:]}" for p in self.processen)


@pytest.fixture
def celery(tmp_path, redis_server, smtp_server, settings):
    """Starts nothing by itself: call .worker() / .beat(). Stops everything it started at teardown."""
    for naam, waarde in SNELLE_INSTELLINGEN.items():
        setattr(settings, naam, int(waarde))
    settings.SITE_URL = "https://verzuimloket.test"
    processen = CeleryProcessen(tmp_path, redis_server, smtp_server, connection.settings_dict["NAME"])
    yield processen
    processen.stop_alles()
