"""Writing the access log. Never put a BSN or name in `object`: use a meldingsnummer or pupil_pseudoniem()."""

import hashlib
import hmac

from django.conf import settings

from .models import Resultaat, ToegangslogRegel


def leerling_pseudoniem(persoonsgebonden_nummer):
    """Keyed pseudonym of a persoonsgebonden nummer (HMAC-SHA256), stable for counting, not reversible."""
    return hmac.new(
        settings.PSEUDONIEM_SLEUTEL.encode(), persoonsgebonden_nummer.encode(), hashlib.sha256
    ).hexdigest()


def protocolleer(*, actor, actie, object="", resultaat=Resultaat.TOEGESTAAN, request=None, organisatie="", rol="", doel=""):
    """Append one line to the access log. `actor` is a User (or anything with a username)."""
    meta = request.META if request is not None else {}
    return ToegangslogRegel.objects.create(
        actor=getattr(actor, "username", str(actor))[:150],
        actor_id=getattr(actor, "pk", None),
        organisatie=organisatie,
        rol=rol,
        actie=actie,
        object=str(object)[:128],
        resultaat=resultaat,
        herkomst=meta.get("REMOTE_ADDR", "")[:64],
        user_agent=meta.get("HTTP_USER_AGENT", "")[:256],
        doel=doel[:200],
    )
