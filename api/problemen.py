"""Errors as RFC 9457 problem documents (application/problem+json) with a Dutch detail and invalid_params."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

from meldingen.workflow import OngeldigeOvergang

PROBLEM_JSON = "application/problem+json"

# Service field names (flat, as the web form) back to the API's (nested) names.
API_NAAM = {
    **{f"melder_{v}": f"melder.{v}" for v in ("naam", "functie", "telefoonnummer", "email")},
    **{
        f"afwijkend_{v}": f"afwijkend_adres.{v}"
        for v in (
            "straat",
            "huisnummer",
            "huisletter",
            "huisnummertoevoeging",
            "postcode",
            "locatieaanduiding",
            "plaatsnaam",
        )
    },
    "afwijkend_gemeente": "afwijkend_adres.gemeentecode",
    **{f"contactpersoon_{v}": f"contactpersoon.{v}" for v in ("naam", "functie", "telefoonnummer", "email")},
    "afsluitreden": "reden",
    "toelichting_afsluiting": "toelichting",
    "gemeente": "gemeentecode",
}
# Service errors that mean "not in this state" rather than "bad input".
CONFLICT_CODES = {"ongeldige_overgang", "niet_wijzigbaar", "niet_open"}

TITELS = {
    400: "Ongeldige invoer",
    401: "Niet geauthenticeerd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    409: "Conflict",
    415: "Mediatype niet ondersteund",
    429: "Te veel verzoeken",
}


def probleem(status_code, detail, invalid_params=None, headers=None):
    body = {
        "type": "about:blank",
        "title": TITELS.get(status_code, "Fout"),
        "status": status_code,
        "detail": detail,
    }
    if invalid_params:
        body["invalid_params"] = invalid_params
    return Response(body, status=status_code, content_type=PROBLEM_JSON, headers=headers)


def _plat(fouten, prefix=""):
    """DRF's nested error structure as [{name, reason}] with dotted names."""
    regels = []
    if isinstance(fouten, dict):
        for veld, sub in fouten.items():
            naam = prefix if veld in ("non_field_errors",) else (f"{prefix}.{veld}" if prefix else str(veld))
            regels += _plat(sub, naam)
    elif isinstance(fouten, list):
        if all(not isinstance(f, (dict, list)) for f in fouten):
            for f in fouten:
                regels.append({"name": prefix or "body", "reason": str(f)})
        else:
            for i, sub in enumerate(fouten):
                regels += _plat(sub, f"{prefix}[{i}]")
    else:
        regels.append({"name": prefix or "body", "reason": str(fouten)})
    return regels


def _django_validatie(fout):
    if hasattr(fout, "error_dict"):
        regels = []
        for veld, lijst in fout.error_dict.items():
            for sub in lijst:
                regels += [{"name": API_NAAM.get(veld, veld), "reason": m} for m in sub.messages]
        conflict = any(e.code in CONFLICT_CODES for lijst in fout.error_dict.values() for e in lijst)
        return regels, conflict
    conflict = isinstance(fout, OngeldigeOvergang) or any(e.code in CONFLICT_CODES for e in fout.error_list)
    return [], conflict


def exception_handler(exc, context):
    """DRF exception handler for the API: every error a problem document, never a stack trace."""
    if isinstance(exc, Http404 | exceptions.NotFound | DjangoPermissionDenied | exceptions.PermissionDenied):
        # "No access" looks exactly like "does not exist".
        return probleem(404, "Niet gevonden.")
    if isinstance(exc, DjangoValidationError):
        regels, conflict = _django_validatie(exc)
        if conflict:
            return probleem(409, " ".join(exc.messages))
        if regels:
            return probleem(400, "De invoer is niet geldig; zie invalid_params.", regels)
        return probleem(400, " ".join(exc.messages))
    if isinstance(exc, exceptions.ValidationError):
        return probleem(400, "De invoer is niet geldig; zie invalid_params.", _plat(exc.detail))
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        from .authenticatie import NIET_GEACCEPTEERD

        return probleem(
            status.HTTP_401_UNAUTHORIZED,
            NIET_GEACCEPTEERD,
            headers={"WWW-Authenticate": 'Certificate realm="verzuimloket-api"'},
        )
    if isinstance(exc, exceptions.ParseError):
        return probleem(400, "De body is geen geldige JSON.")
    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        if isinstance(exc, exceptions.MethodNotAllowed):
            detail = "Deze methode is hier niet toegestaan."
        elif isinstance(exc, exceptions.UnsupportedMediaType):
            detail = "Stuur de body als application/json."
        elif isinstance(exc, exceptions.NotAcceptable):
            detail = "Deze API antwoordt alleen in JSON."
        else:
            detail = str(exc.detail) if not isinstance(exc.detail, dict | list) else "Fout."
        return probleem(exc.status_code, detail, headers=headers or None)
    return None
