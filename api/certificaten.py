"""Reading client certificates: the full parse at registration, only a fingerprint per request."""

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from django.core.exceptions import ValidationError

_PEM = re.compile(r"-----BEGIN CERTIFICATE-----(.+?)-----END CERTIFICATE-----", re.DOTALL)


@dataclass(frozen=True)
class CertificaatGegevens:
    vingerafdruk: str
    subject: str
    uitgever: str
    serienummer: str
    geldig_van: datetime
    geldig_tot: datetime


def vingerafdruk_uit_pem(pem):
    """SHA-256 over the DER bytes of the first certificate in `pem` (hex), or None. No X.509 parsing."""
    gevonden = _PEM.search(pem or "")
    if not gevonden:
        return None
    try:
        der = base64.b64decode("".join(gevonden.group(1).split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    return hashlib.sha256(der).hexdigest() if der else None


def certificaat_lezen(pem):
    """Parse one PEM certificate (str or bytes) for registration; a Dutch ValidationError when it is none."""
    if isinstance(pem, str):
        pem = pem.encode()
    try:
        certificaat = x509.load_pem_x509_certificate(pem)
    except ValueError:
        raise ValidationError({"certificaat": "Dit is geen geldig PEM-certificaat."}) from None
    return CertificaatGegevens(
        vingerafdruk=certificaat.fingerprint(hashes.SHA256()).hex(),
        subject=certificaat.subject.rfc4514_string()[:500],
        uitgever=certificaat.issuer.rfc4514_string()[:500],
        serienummer=format(certificaat.serial_number, "x")[:64],
        geldig_van=certificaat.not_valid_before_utc,
        geldig_tot=certificaat.not_valid_after_utc,
    )
