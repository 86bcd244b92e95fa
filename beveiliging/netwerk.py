"""The client's IP address, one rule for the lockout (django-axes) and the access log.

Behind our TLS proxy (BEHIND_TLS_PROXY=true) REMOTE_ADDR is the proxy, so the address comes from
X-Forwarded-For: the entry PROXY_HOPS from the right, which our own proxies wrote. Entries further
left are client-supplied and could be forged, so they are never used.
"""

from django.conf import settings


def client_ip(request):
    meta = getattr(request, "META", {}) or {}
    hops = settings.PROXY_HOPS
    if hops:
        doorgestuurd = [deel.strip() for deel in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if deel.strip()]
        if len(doorgestuurd) >= hops:
            return doorgestuurd[-hops]
    return meta.get("REMOTE_ADDR", "")
