"""Writing, sealing, verifying and purging the access log. Never put a BSN or name in `object`:
use a meldingsnummer or leerling_pseudoniem()."""

import datetime as dt
import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import INHOUD_KOLOMMEN, OPSCHONEN_VARIABELE, Resultaat, ToegangslogRegel

# One advisory lock for the sealing step, so two sealers never chain the same rows.
VERZEGEL_SLOT = 7_001_001
BEGIN_HASH = "0" * 64
VERZEGEL_BATCH = 5000


def leerling_pseudoniem(persoonsgebonden_nummer):
    """Keyed pseudonym of a persoonsgebonden nummer (HMAC-SHA256), stable for counting, not reversible."""
    return hmac.new(
        settings.PSEUDONIEM_SLEUTEL.encode(),
        persoonsgebonden_nummer.encode(),
        hashlib.sha256,
    ).hexdigest()


def _rollen_en_organisaties(actor):
    if not getattr(actor, "is_authenticated", False):
        return "", ""
    # Cached on the user object, which lives for one request: one query per request, not per row.
    bekend = getattr(actor, "_protocollering_org_rol", None)
    if bekend is not None:
        return bekend
    from autorisatie.models import Autorisatie

    rollen, organisaties = [], []
    for rol, *org in Autorisatie.objects.filter(gebruiker_id=actor.pk, geschorst_op__isnull=True).values_list(
        "rol", "vestiging_id", "gemeente_id", "rbl_id"
    ):
        rollen.append(rol)
        organisaties.extend(str(o) for o in org if o)
    uitkomst = ",".join(sorted(set(organisaties)))[:32], ",".join(sorted(set(rollen)))[:32]
    try:
        actor._protocollering_org_rol = uitkomst
    except AttributeError:  # pragma: no cover - an object that refuses attributes
        pass
    return uitkomst


LOG_ROLLEN_SESSIE = "_protocollering_org_rol"
LOG_ROLLEN_GELDIG = 300


def _rollen_uit_sessie(request, actor):
    """Organisation and role for a log line, remembered in the session for five minutes.

    Saves a query on every page; a change of authorisation shows in the log lines within five
    minutes (access itself is always checked afresh by the selectors).
    """
    sessie = getattr(request, "session", None)
    if sessie is None or not getattr(actor, "is_authenticated", False):
        return _rollen_en_organisaties(actor)
    bewaard = sessie.get(LOG_ROLLEN_SESSIE)
    if bewaard and bewaard[0] == actor.pk and time.time() - bewaard[1] < LOG_ROLLEN_GELDIG:
        return bewaard[2], bewaard[3]
    organisatie, rol = _rollen_en_organisaties(actor)
    sessie[LOG_ROLLEN_SESSIE] = [actor.pk, time.time(), organisatie, rol]
    return organisatie, rol


def _tekst(waarde):
    # Input from a URL or header may hold NUL bytes, which PostgreSQL text refuses: the log must never fail.
    return str(waarde).replace("\x00", "")


def protocolleer(
    *,
    actor,
    actie,
    object="",
    resultaat=Resultaat.TOEGESTAAN,
    request=None,
    organisatie="",
    rol="",
    doel="",
    koppeling="",
):
    """Append one line to the access log. `actor` is a User (or anything with a username).

    Organisation and role default to what the actor is authorised for; `koppeling` names an M2M client.
    """
    from beveiliging.netwerk import client_ip

    meta = request.META if request is not None else {}
    if not organisatie and not rol:
        organisatie, rol = _rollen_uit_sessie(request, actor)
    herkomst = client_ip(request) if request is not None else ""
    if koppeling:
        herkomst = f"koppeling {koppeling} {herkomst}".strip()
    username = getattr(actor, "username", None)
    object, doel = _tekst(object), _tekst(doel)
    meta = {**meta, "HTTP_USER_AGENT": _tekst(meta.get("HTTP_USER_AGENT", ""))}
    return ToegangslogRegel.objects.create(
        actor=(username if username else ("anoniem" if username is not None else str(actor)))[:150],
        actor_id=getattr(actor, "pk", None),
        organisatie=organisatie[:32],
        rol=rol[:32],
        actie=actie[:64],
        object=str(object)[:128],
        resultaat=resultaat,
        herkomst=herkomst[:64],
        user_agent=meta.get("HTTP_USER_AGENT", "")[:256],
        doel=doel[:200],
    )


def regel_hash(regel, vorige_hash, keten_volgnummer):
    """HMAC over the row's content, its place in the chain and the previous row's hash."""
    inhoud = {k: getattr(regel, k) for k in INHOUD_KOLOMMEN}
    inhoud["tijdstip"] = regel.tijdstip.astimezone(dt.UTC).isoformat()
    inhoud["keten_volgnummer"] = keten_volgnummer
    inhoud["vorige_hash"] = vorige_hash
    tekst = json.dumps(inhoud, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(settings.TOEGANGSLOG_SLEUTEL.encode(), tekst.encode(), hashlib.sha256).hexdigest()


def _laatste_schakel():
    laatste = ToegangslogRegel.objects.filter(hash__isnull=False).order_by("-keten_volgnummer").first()
    if laatste is None:
        return 0, BEGIN_HASH
    return laatste.keten_volgnummer, laatste.hash


@transaction.atomic
def toegangslog_verzegelen(*, batch=VERZEGEL_BATCH):
    """Chain unsealed rows in id order. Returns how many were sealed (0 when another sealer runs)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [VERZEGEL_SLOT])
        if not cursor.fetchone()[0]:
            return 0
    volgnummer, vorige = _laatste_schakel()
    totaal = 0
    while True:
        regels = list(ToegangslogRegel.objects.filter(hash__isnull=True).order_by("id")[:batch])
        if not regels:
            return totaal
        for regel in regels:
            volgnummer += 1
            regel.keten_volgnummer = volgnummer
            regel.vorige_hash = vorige
            regel.hash = vorige = regel_hash(regel, vorige, volgnummer)
        _schakels_opslaan(regels)
        totaal += len(regels)


def _schakels_opslaan(regels, per=1000):
    # One UPDATE ... FROM (VALUES ...) per thousand rows: several times faster than bulk_update's CASE.
    tabel = ToegangslogRegel._meta.db_table
    with connection.cursor() as cursor:
        for i in range(0, len(regels), per):
            deel = regels[i : i + per]
            waarden = ", ".join(["(%s::bigint, %s::bigint, %s, %s)"] * len(deel))
            params = [x for r in deel for x in (r.id, r.keten_volgnummer, r.vorige_hash, r.hash)]
            # tabel is the model's own db_table and waarden only placeholders: no input reaches the SQL text.
            cursor.execute(
                f"UPDATE {tabel} AS t SET keten_volgnummer = v.n, vorige_hash = v.p, hash = v.h "  # noqa: S608
                f"FROM (VALUES {waarden}) AS v(id, n, p, h) WHERE t.id = v.id",
                params,
            )


@dataclass
class Verificatie:
    gecontroleerd: int
    onverzegeld: int
    eerste_fout: ToegangslogRegel | None = None
    reden: str = ""

    @property
    def in_orde(self):
        return self.eerste_fout is None


def toegangslog_verifieren():
    """Walk the chain in order; the first row whose hash or link does not match is reported."""
    regels = ToegangslogRegel.objects.filter(hash__isnull=False).order_by("keten_volgnummer")
    onverzegeld = ToegangslogRegel.objects.filter(hash__isnull=True).count()
    verwacht_volgnummer, verwacht_vorige = None, None
    n = 0
    for regel in regels.iterator(chunk_size=2000):
        if verwacht_volgnummer is None:
            # After a purge the chain starts at the oldest kept row; the purge recorded where.
            if regel.keten_volgnummer != 1 and not _opschoning_tot(regel.keten_volgnummer - 1):
                return Verificatie(
                    n,
                    onverzegeld,
                    regel,
                    "begin van de keten ontbreekt zonder geregistreerde opschoning",
                )
            if regel.keten_volgnummer == 1 and regel.vorige_hash != BEGIN_HASH:
                return Verificatie(
                    n,
                    onverzegeld,
                    regel,
                    "eerste regel wijst niet naar het begin van de keten",
                )
        else:
            if regel.keten_volgnummer != verwacht_volgnummer:
                return Verificatie(
                    n,
                    onverzegeld,
                    regel,
                    f"regel met volgnummer {verwacht_volgnummer} ontbreekt",
                )
            if regel.vorige_hash != verwacht_vorige:
                return Verificatie(n, onverzegeld, regel, "vorige_hash klopt niet met de vorige regel")
        if not hmac.compare_digest(regel.hash, regel_hash(regel, regel.vorige_hash, regel.keten_volgnummer)):
            return Verificatie(n, onverzegeld, regel, "inhoud komt niet overeen met de hash")
        n += 1
        verwacht_volgnummer, verwacht_vorige = regel.keten_volgnummer + 1, regel.hash
    return Verificatie(n, onverzegeld)


def _opschoning_tot(volgnummer):
    return ToegangslogRegel.objects.filter(
        actie="toegangslog_opgeschoond", object=f"tot en met volgnummer {volgnummer}"
    ).exists()


@transaction.atomic
def toegangslog_opschonen(*, nu=None):
    """The only delete path: remove sealed rows older than TOEGANGSLOG_BEWAARTERMIJN_DAGEN.

    Deletes a prefix of the chain only, and records where it stopped so the verifier accepts the new start.
    """
    grens = (nu or timezone.now()) - dt.timedelta(days=settings.TOEGANGSLOG_BEWAARTERMIJN_DAGEN)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [VERZEGEL_SLOT])
    # The first row we must keep bounds the prefix: never punch a hole in the chain.
    bewaren = (
        ToegangslogRegel.objects.filter(hash__isnull=False, tijdstip__gte=grens).order_by("keten_volgnummer").first()
    )
    oud = ToegangslogRegel.objects.filter(hash__isnull=False, tijdstip__lt=grens)
    if bewaren is not None:
        oud = oud.filter(keten_volgnummer__lt=bewaren.keten_volgnummer)
    tot = oud.order_by("-keten_volgnummer").values_list("keten_volgnummer", flat=True).first()
    if tot is None:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'aan', true)", [OPSCHONEN_VARIABELE])
    aantal, _ = ToegangslogRegel.objects.filter(hash__isnull=False, keten_volgnummer__lte=tot).delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, '', true)", [OPSCHONEN_VARIABELE])
    protocolleer(
        actor="systeem",
        actie="toegangslog_opgeschoond",
        object=f"tot en met volgnummer {tot}",
        doel=f"{aantal} regels",
    )
    return aantal
