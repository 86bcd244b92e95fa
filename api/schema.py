"""OpenAPI additions: the problem document and the error answers every endpoint can give, and the certificate scheme."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

PROBLEEM = {
    "type": "object",
    "description": "RFC 9457 problem document",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "Uitleg in het Nederlands"},
        "invalid_params": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "description": "Veldnaam, genest met punten (melder.email)"},
                    "reason": {"type": "string"},
                },
                "required": ["name", "reason"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}

FOUTEN = {
    "400": "Ongeldige invoer; invalid_params noemt elk veld",
    "401": "Geen geldig, geregistreerd clientcertificaat",
    "404": "Bestaat niet of niet zichtbaar voor deze koppeling",
    "405": "Methode niet toegestaan",
    "406": "Alleen JSON",
    "409": "Niet in deze status (bijv. afgesloten), of Idempotency-Key met andere body",
    "415": "Body moet application/json zijn",
}


def probleem_antwoorden(result, generator, request, public):
    """Postprocessing hook: add the shared error responses (problem+json) to every API operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Probleem"] = PROBLEEM
    ref = {"$ref": "#/components/schemas/Probleem"}
    for pad, operaties in result.get("paths", {}).items():
        if not pad.startswith("/api/v1/") or pad.startswith("/api/v1/schema"):
            continue
        for methode, operatie in operaties.items():
            if methode not in ("get", "post", "patch", "put", "delete"):
                continue
            antwoorden = operatie.setdefault("responses", {})
            for code, uitleg in FOUTEN.items():
                antwoorden.setdefault(
                    code, {"description": uitleg, "content": {"application/problem+json": {"schema": ref}}}
                )
    return result


class CertificaatScheme(OpenApiAuthenticationExtension):
    target_class = "api.authenticatie.CertificaatAuthenticatie"
    name = "clientcertificaat"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-SSL-Client-Cert",
            "description": (
                "Mutual TLS: verbind met een geregistreerd (PKIoverheid-)clientcertificaat. De TLS-terminator zet "
                "deze header; de applicatie gelooft hem alleen van TRUSTED_PROXIES."
            ),
        }
