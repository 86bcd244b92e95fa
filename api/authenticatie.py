"""Client-certificate authentication behind a TLS terminator: the header is believed only from TRUSTED_PROXIES."""

import copy
import ipaddress
import logging
import threading
import time
from functools import lru_cache
from urllib.parse import unquote

from django.conf import settings
from django.utils import timezone
from rest_framework import authentication, exceptions

from .certificaten import vingerafdruk_uit_pem
from .models import Certificaat

logger = logging.getLogger(__name__)

HEADER = "HTTP_X_SSL_CLIENT_CERT"
# What a client is told, whatever failed: which part failed is only in our own log.
NIET_GEACCEPTEERD = "Geen geldig, geregistreerd clientcertificaat ontvangen."

_cache = {}
_cache_lock = threading.Lock()


@lru_cache(maxsize=8)
def _netwerken(waarden):
    return tuple(ipaddress.ip_network(w, strict=False) for w in waarden)


def is_vertrouwde_proxy(adres):
    try:
        ip = ipaddress.ip_address((adres or "").split("%")[0])
    except ValueError:
        return False
    return any(ip in netwerk for netwerk in _netwerken(tuple(settings.TRUSTED_PROXIES)))


def vergeet_certificaat(vingerafdruk=None):
    """Drop a certificate (or all) from this process's cache, e.g. right after revoking it."""
    with _cache_lock:
        if vingerafdruk is None:
            _cache.clear()
        else:
            _cache.pop(vingerafdruk, None)


def _certificaat(vingerafdruk):
    ttl = settings.API_CERTIFICAAT_CACHE_SECONDEN
    nu = time.monotonic()
    if ttl > 0:
        gevonden = _cache.get(vingerafdruk)
        if gevonden and gevonden[0] > nu:
            return gevonden[1]
    certificaat = (
        Certificaat.objects.select_related("koppeling__gebruiker")
        .filter(vingerafdruk=vingerafdruk, ingetrokken_op__isnull=True)
        .first()
    )
    if ttl > 0:
        with _cache_lock:
            if len(_cache) > 10_000:
                _cache.clear()
            _cache[vingerafdruk] = (nu + ttl, certificaat)
    return certificaat


class CertificaatAuthenticatie(authentication.BaseAuthentication):
    """request.user becomes the koppeling's service account; request.auth its Certificaat."""

    def authenticate(self, request):
        meta = request._request.META
        waarde = meta.get(HEADER)
        if not waarde:
            return None
        if not is_vertrouwde_proxy(meta.get("REMOTE_ADDR")):
            logger.warning("API: certificaatheader van niet-vertrouwd adres %s genegeerd", meta.get("REMOTE_ADDR"))
            raise exceptions.AuthenticationFailed(NIET_GEACCEPTEERD)
        vingerafdruk = vingerafdruk_uit_pem(unquote(waarde))
        certificaat = _certificaat(vingerafdruk) if vingerafdruk else None
        nu = timezone.now()
        if certificaat is None:
            logger.warning("API: onbekend of ingetrokken certificaat %s", (vingerafdruk or "onleesbaar")[:16])
            raise exceptions.AuthenticationFailed(NIET_GEACCEPTEERD)
        if not (certificaat.geldig_van <= nu < certificaat.geldig_tot):
            logger.warning("API: certificaat %s buiten geldigheid", vingerafdruk[:16])
            raise exceptions.AuthenticationFailed(NIET_GEACCEPTEERD)
        # A copy per request: the predicates remember the user's rights on the user object for the request
        # (meldvestigingen, gemeenterechten); on the cached account they would outlive a withdrawn right.
        gebruiker = copy.copy(certificaat.koppeling.gebruiker)
        if not gebruiker.is_active:
            raise exceptions.AuthenticationFailed(NIET_GEACCEPTEERD)
        return gebruiker, certificaat

    def authenticate_header(self, request):
        # A 401 needs a WWW-Authenticate challenge; the credential is the TLS client certificate.
        return 'Certificate realm="verzuimloket-api"'
