"""Koppelingen for the personas, with client certificates generated here (EC keys: fast), and a client that sends them."""

import datetime as dt
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.test import Client

from api.authenticatie import vergeet_certificaat
from api.services import koppeling_registreren
from tests.conftest import GEMEENTE_X, GEMEENTE_Y, SCHOOL_A, SCHOOL_B


def _naam(cn):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"), x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def maak_ca(cn="Test-CA verzuimloket"):
    sleutel = ec.generate_private_key(ec.SECP256R1())
    nu = dt.datetime.now(dt.UTC)
    certificaat = (
        x509.CertificateBuilder()
        .subject_name(_naam(cn))
        .issuer_name(_naam(cn))
        .public_key(sleutel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(nu - dt.timedelta(days=1))
        .not_valid_after(nu + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(sleutel, hashes.SHA256())
    )
    return SimpleNamespace(sleutel=sleutel, certificaat=certificaat, pem=pem_van(certificaat))


def maak_certificaat(cn, *, ca=None, van=None, tot=None, server_namen=None):
    """A client (or, with server_namen, server) certificate signed by `ca` (self-signed without)."""
    sleutel = ec.generate_private_key(ec.SECP256R1())
    nu = dt.datetime.now(dt.UTC)
    bouwer = (
        x509.CertificateBuilder()
        .subject_name(_naam(cn))
        .issuer_name(ca.certificaat.subject if ca else _naam(cn))
        .public_key(sleutel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(van or nu - dt.timedelta(days=1))
        .not_valid_after(tot or nu + dt.timedelta(days=365))
    )
    if server_namen:
        import ipaddress

        bouwer = bouwer.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(n)) for n in server_namen]), critical=False
        )
    certificaat = bouwer.sign(ca.sleutel if ca else sleutel, hashes.SHA256())
    return SimpleNamespace(
        sleutel=sleutel,
        certificaat=certificaat,
        pem=pem_van(certificaat),
        sleutel_pem=sleutel.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
    )


def pem_van(certificaat):
    return certificaat.public_bytes(serialization.Encoding.PEM).decode()


def header(pem):
    """As nginx's $ssl_client_escaped_cert."""
    return quote(pem, safe="")


class KoppelingClient(Client):
    """Django's test client that presents a client certificate the way the TLS terminator forwards it."""

    def __init__(self, pem=None, **defaults):
        if pem is not None:
            defaults["HTTP_X_SSL_CLIENT_CERT"] = header(pem)
        super().__init__(**defaults)

    def post(self, path, data=None, content_type="application/json", **extra):
        return super().post(path, data if data is not None else {}, content_type=content_type, **extra)

    def patch(self, path, data=None, content_type="application/json", **extra):
        return super().patch(path, data if data is not None else {}, content_type=content_type, **extra)


def registreer(codes, cn):
    cert = maak_certificaat(cn)
    certificaat = koppeling_registreren(door=None, organisatie_codes=codes, pem=cert.pem, naam=cn)
    return SimpleNamespace(
        koppeling=certificaat.koppeling,
        certificaat=certificaat,
        cert=cert,
        client=KoppelingClient(cert.pem),
        gebruiker=certificaat.koppeling.gebruiker,
    )


@pytest.fixture
def koppelingen(personas):
    """A koppeling per persona organisation: school A, school B, gemeente X, gemeente Y."""
    return SimpleNamespace(
        school_a=registreer([SCHOOL_A], "Pakket school A"),
        school_b=registreer([SCHOOL_B], "Pakket school B"),
        gemeente_x=registreer([GEMEENTE_X], "Zaaksysteem gemeente X"),
        gemeente_y=registreer([GEMEENTE_Y], "Zaaksysteem gemeente Y"),
    )


@pytest.fixture(autouse=True)
def _api_instellingen(settings):
    settings.API_GEBEURTENISSEN_WACHTTIJD = 0
    vergeet_certificaat()
    yield
    vergeet_certificaat()
