"""End to end through a real TLS terminator: nginx (Debian package) with ssl_verify_client, a CA made in the test.

nginx forwards the verified certificate as X-SSL-Client-Cert from 127.0.0.2, the only trusted proxy here;
the same header sent straight to the app from 127.0.0.1 is refused.
"""

import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from api.services import koppeling_registreren
from meldingen.models import Melding
from tests.api.conftest import header, maak_ca, maak_certificaat
from tests.api.test_api import body
from tests.conftest import SCHOOL_A

NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    # In CI (.ci/run sets VL_VEREIST_ECHTE_PROGRAMMAS) a missing nginx fails instead of skipping.
    pytest.mark.skipif(
        NGINX is None and not os.environ.get("VL_VEREIST_ECHTE_PROGRAMMAS"),
        reason="nginx ontbreekt: apt-get install nginx (bin/test installeert het)",
    ),
]

CONFIG = """
worker_processes 1;
pid {map}/nginx.pid;
error_log {map}/error.log info;
daemon off;
events {{ worker_connections 64; }}
http {{
    access_log {map}/access.log;
    client_body_temp_path {map}/tmp/body;
    proxy_temp_path {map}/tmp/proxy;
    fastcgi_temp_path {map}/tmp/fastcgi;
    uwsgi_temp_path {map}/tmp/uwsgi;
    scgi_temp_path {map}/tmp/scgi;
    server {{
        listen 127.0.0.1:{poort} ssl;
        ssl_certificate {map}/server.pem;
        ssl_certificate_key {map}/server.key;
        ssl_client_certificate {map}/ca.pem;
        ssl_verify_client on;
        location / {{
            proxy_pass http://{app};
            proxy_bind 127.0.0.2;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-SSL-Client-Cert $ssl_client_escaped_cert;
        }}
    }}
}}
"""


def _vrije_poort():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _schrijf(map_, naam, tekst):
    pad = Path(map_) / naam
    pad.write_text(tekst)
    return str(pad)


@pytest.fixture
def tls(live_server, settings):
    """nginx in front of live_server; yields what a client needs to talk to it."""
    settings.TRUSTED_PROXIES = ["127.0.0.2"]
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    map_ = tempfile.mkdtemp(prefix="verzuimloket-nginx-")
    os.chmod(map_, 0o755)  # workers may run as nobody
    for sub in ("tmp", "tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        os.makedirs(Path(map_) / sub, exist_ok=True)
        os.chmod(Path(map_) / sub, 0o777)
    ca = maak_ca()
    server = maak_certificaat("127.0.0.1", ca=ca, server_namen=["127.0.0.1"])
    _schrijf(map_, "ca.pem", ca.pem)
    _schrijf(map_, "server.pem", server.pem)
    _schrijf(map_, "server.key", server.sleutel_pem)
    poort = _vrije_poort()
    conf = _schrijf(map_, "nginx.conf", CONFIG.format(map=map_, poort=poort, app=urlsplit(live_server.url).netloc))
    proces = subprocess.Popen(
        [NGINX, "-p", map_, "-c", conf, "-e", f"{map_}/error.log"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        for _ in range(100):
            if proces.poll() is not None:
                pytest.fail(
                    "nginx startte niet: " + proces.stdout.read().decode() + Path(f"{map_}/error.log").read_text()
                )
            try:
                socket.create_connection(("127.0.0.1", poort), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield type("Tls", (), {"map": map_, "poort": poort, "ca": ca, "live_server": live_server})
    finally:
        proces.terminate()
        try:
            proces.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait()
        shutil.rmtree(map_, ignore_errors=True)


def _verzoek(tls, methode, pad, *, cert=None, data=None, headers=None):
    context = ssl.create_default_context(cafile=f"{tls.map}/ca.pem")
    if cert is not None:
        naam = f"client-{id(cert)}"
        context.load_cert_chain(
            _schrijf(tls.map, f"{naam}.pem", cert.pem), _schrijf(tls.map, f"{naam}.key", cert.sleutel_pem)
        )
    verbinding = http.client.HTTPSConnection("127.0.0.1", tls.poort, context=context, timeout=15)
    try:
        kop = {"Content-Type": "application/json", **(headers or {})}
        verbinding.request(methode, pad, body=json.dumps(data) if data is not None else None, headers=kop)
        antwoord = verbinding.getresponse()
        return antwoord.status, antwoord.read().decode()
    finally:
        verbinding.close()


def test_via_nginx(personas, leerling_a, tls):
    # One test on purpose: each transactional test restores the reference data, which costs seconds.
    geregistreerd = maak_certificaat("Pakket school A", ca=tls.ca)
    koppeling_registreren(door=None, organisatie_codes=[SCHOOL_A], pem=geregistreerd.pem)

    # The registered certificate through the terminator: the header path works for reading and writing.
    status, tekst = _verzoek(tls, "GET", "/api/v1/referentie/leslocaties/", cert=geregistreerd)
    assert status == 200, tekst
    assert json.loads(tekst)[0]["vestiging"] == SCHOOL_A
    status, tekst = _verzoek(tls, "POST", "/api/v1/meldingen/", cert=geregistreerd, data=body(leerling_a))
    assert status == 201, tekst
    assert json.loads(tekst)["gemeente"]["code"] == "1641"
    assert Melding.objects.count() == 1

    # Without a client certificate nginx itself refuses (the app never sees the request).
    status, _ = _verzoek(tls, "GET", "/api/v1/meldingen/")
    assert status == 400

    # Signed by the trusted CA but not registered with us: the app refuses.
    onbekend = maak_certificaat("Onbekend pakket", ca=tls.ca)
    status, tekst = _verzoek(tls, "GET", "/api/v1/meldingen/", cert=onbekend)
    assert status == 401, tekst
    assert json.loads(tekst)["status"] == 401

    # A client cannot smuggle in someone else's certificate: nginx overwrites the header.
    status, _ = _verzoek(
        tls, "GET", "/api/v1/meldingen/", cert=onbekend, headers={"X-SSL-Client-Cert": header(geregistreerd.pem)}
    )
    assert status == 401

    # The header sent straight to the app from an address that is not a trusted proxy: refused.
    app = urlsplit(tls.live_server.url)
    verbinding = http.client.HTTPConnection(app.hostname, app.port, timeout=15)
    try:
        verbinding.request("GET", "/api/v1/meldingen/", headers={"X-SSL-Client-Cert": header(geregistreerd.pem)})
        antwoord = verbinding.getresponse()
        assert antwoord.status == 401
        assert antwoord.getheader("Content-Type") == "application/problem+json"
    finally:
        verbinding.close()
