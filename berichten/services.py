"""Every write on outgoing mail: planning rows in the outbox, the relay, sending once, reminders and overviews.

Mails carry meldingsnummers, soorten and counts only: never a name, BSN, date of birth, address or reason.
"""

import datetime as dt
import hashlib
import logging
import random
import smtplib
from collections import Counter, defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from gemeenten.models import Gemeente, GemeenteInstellingen

from .models import Afwijzing, AfwijzingSoort, Herinnering, Soort, Toestand, Uitgaand, VerzondenMail
from .schooldagen import eerste_schooldag_van_maand, schooldagen_later

logger = logging.getLogger(__name__)

ONDERWERP = {
    Soort.ATTENDERING: "Nieuwe verzuimmelding {meldingsnummer}",
    Soort.DOORGEZET: "Verzuimmelding {meldingsnummer} is naar uw gemeente doorgezet",
    Soort.DAGOVERZICHT: "Nieuwe verzuimmeldingen op {datum}",
    Soort.HERINNERING: "Herinnering: {aantal} verzuimmelding(en) nog niet in behandeling",
    Soort.OVERZICHT_GEMEENTE: "Maandoverzicht verzuimmeldingen {periode}",
    Soort.OVERZICHT_SCHOOL: "Maandoverzicht verzuimmeldingen {periode}",
}


# ---------------------------------------------------------------------------------------------------------------
# Planning (called inside the meldingen services' transaction)


def _instellingen(gemeente_id):
    return GemeenteInstellingen.objects.filter(gemeente_id=gemeente_id).first()


def _kort_na(nu):
    """Due time of a row the on_commit kick hands to Celery itself: the relay only steps in if the kick got lost."""
    return nu + dt.timedelta(seconds=settings.BERICHTEN_CLAIM_SECONDEN)


def attendering_sleutel(melding_id):
    """The sent-log key of a melding's attenderingsmail: what makes it go out once."""
    return f"attendering:{melding_id}"


def attendering_plannen(*, melding, doorgezet=False):
    """Store the decision to tell the receiving gemeente, in the caller's transaction; kick Celery after commit."""
    nu = timezone.now()
    instellingen = _instellingen(melding.gemeente_id)
    dagelijks = instellingen is not None and instellingen.mailfrequentie == "dagelijks"
    if doorgezet:
        volgnummer = Uitgaand.objects.filter(melding=melding, soort=Soort.DOORGEZET).count() + 1
        soort, sleutel = Soort.DOORGEZET, f"doorgezet:{melding.pk}:{volgnummer}"
    else:
        soort, sleutel = Soort.ATTENDERING, attendering_sleutel(melding.pk)
    rij = Uitgaand.objects.create(
        sleutel=sleutel,
        soort=soort,
        toestand=Toestand.WACHT_OP_DAGOVERZICHT if dagelijks else Toestand.WACHTEND,
        melding=melding,
        gemeente_id=melding.gemeente_id,
        inhoud={"meldingsnummer": melding.meldingsnummer, "verzuimsoort": melding.verzuimsoort.naam},
        volgende_poging_op=_kort_na(nu),
    )
    _herinnering_plannen(melding=melding, instellingen=instellingen, nu=nu)
    if not dagelijks:
        transaction.on_commit(lambda: aanstoten(rij.pk))
    return rij


def _herinnering_plannen(*, melding, instellingen, nu):
    """(Re)start the clock for reminding the gemeente; a doorgezette melding gets the new gemeente's full term."""
    termijn = (
        instellingen.termijn_in_behandeling_schooldagen if instellingen else settings.HERINNERING_TERMIJN_SCHOOLDAGEN
    )
    regio = getattr(melding.vestiging, "vakantieregio", "")
    dag = schooldagen_later(timezone.localdate(nu), termijn, regio)
    volgende_op = timezone.make_aware(dt.datetime.combine(dag, timezone.localtime(nu).time()))
    # One INSERT ... ON CONFLICT: a new melding has no row yet, a doorgezette one has (no SELECT, no savepoints).
    Herinnering.objects.bulk_create(
        [Herinnering(melding=melding, volgende_op=volgende_op, aantal=0)],
        update_conflicts=True,
        unique_fields=["melding"],
        update_fields=["volgende_op", "aantal"],
    )


def aanstoten(uitgaand_id):
    """Hand one row to Celery right after commit for low latency. Allowed to fail: the relay picks the row up."""
    from .tasks import berichten_versturen

    if berichten_versturen.app.conf.task_always_eager:  # development without a worker: send right here
        berichten_versturen.apply_async(([uitgaand_id],))
        return
    try:
        # A pooled broker connection: opening a new one per melding cost ~7 ms of every submission.
        with berichten_versturen.app.pool.acquire(block=True, timeout=1) as conn:
            # One quick attempt: a web request must not hang on an unreachable Redis.
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=1)
            berichten_versturen.apply_async(([uitgaand_id],), connection=conn, retry=False)
    except Exception:  # noqa: BLE001 - any broker trouble: leave it to the relay, now
        logger.warning("Broker niet bereikbaar; uitgaand bericht %s wacht op de relay", uitgaand_id)
        try:
            Uitgaand.objects.filter(pk=uitgaand_id, toestand=Toestand.WACHTEND).update(
                volgende_poging_op=timezone.now()
            )
        except Exception:  # noqa: BLE001 - the lease expires by itself
            logger.warning("Uitgaand bericht %s wacht tot de lease verloopt", uitgaand_id)


# ---------------------------------------------------------------------------------------------------------------
# The relay


def _wachtrij_lengte(app):
    """Messages waiting in the default queue (0 if the broker cannot tell; publishing will then say why)."""
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=1)
            return conn.default_channel.queue_declare(queue=app.conf.task_default_queue, passive=True).message_count
    except Exception:  # noqa: BLE001
        return 0


def relay_uitgaand(*, batch=200, max_batches=50):
    """Hand due outbox rows to Celery. Rows are leased (due time moved forward) so a lost message is retried later.

    SELECT ... FOR UPDATE SKIP LOCKED lets two relays (two beats) or a busy worker run side by side. The lease
    is committed before publishing: a task that started while we still held the row lock would skip the row.
    Each message carries up to BERICHTEN_MAILS_PER_TAAK rows, sent over one SMTP session.
    If publishing fails (Redis down), the unpublished rows are made due again and the error propagates.
    """
    from .tasks import berichten_versturen

    per_taak = settings.BERICHTEN_MAILS_PER_TAAK
    # Keep the broker queue short: a row that waits longer than the lease would be handed over twice. A waiting
    # message counts as a full one (a kick carries one row): the estimate errs on the short side.
    ruimte = settings.BERICHTEN_RELAY_MAX_WACHTRIJ - _wachtrij_lengte(berichten_versturen.app) * per_taak
    totaal = 0
    for _ in range(max_batches):
        gevraagd = min(batch, ruimte - totaal)
        if gevraagd <= 0:
            break
        with transaction.atomic():
            nu = timezone.now()
            ids = list(
                Uitgaand.objects.select_for_update(skip_locked=True)
                .filter(toestand=Toestand.WACHTEND, volgende_poging_op__lte=nu)
                .order_by("volgende_poging_op")
                .values_list("pk", flat=True)[:gevraagd]
            )
            if not ids:
                break
            Uitgaand.objects.filter(pk__in=ids).update(volgende_poging_op=_kort_na(nu))
        gepubliceerd = 0
        try:
            with berichten_versturen.app.producer_or_acquire() as producer:
                while gepubliceerd < len(ids):
                    deel = ids[gepubliceerd : gepubliceerd + per_taak]
                    berichten_versturen.apply_async((deel,), producer=producer)
                    gepubliceerd += len(deel)
        except Exception:
            Uitgaand.objects.filter(pk__in=ids[gepubliceerd:], toestand=Toestand.WACHTEND).update(volgende_poging_op=nu)
            raise
        totaal += len(ids)
        if len(ids) < gevraagd:
            break
    return totaal


# ---------------------------------------------------------------------------------------------------------------
# Sending one row, exactly once


def _ontvangers(rij):
    if rij.soort == Soort.OVERZICHT_SCHOOL:
        from autorisatie.models import Autorisatie, Rol

        adressen = (
            Autorisatie.objects.filter(vestiging_id=rij.vestiging_id, rol=Rol.MELDER, gebruiker__is_active=True)
            .exclude(gebruiker__email="")
            .values_list("gebruiker__email", flat=True)
        )
        return sorted(set(adressen))
    instellingen = getattr(rij.gemeente, "instellingen", None)  # loaded with the row; None without a gemeente or row
    adres = (instellingen.attenderingsmailbox if instellingen else "") or settings.ATTENDERING_FALLBACK_ADRES
    return [adres] if adres else []


def _url(naam, *args):
    return settings.SITE_URL + reverse(naam, args=args)


def _context(rij):
    context = {"rij": rij, "inhoud": rij.inhoud, "site_url": settings.SITE_URL}
    if rij.soort in (Soort.ATTENDERING, Soort.DOORGEZET):
        context["link"] = _url("gemeente:detail", rij.inhoud["meldingsnummer"])
    elif rij.soort == Soort.DAGOVERZICHT:
        context["meldingen"] = [
            {**r.inhoud, "link": _url("gemeente:detail", r.inhoud["meldingsnummer"])}
            for r in rij.gebundeld.order_by("created_at", "pk")
        ]
        context["link"] = _url("gemeente:inbox")
    elif rij.soort == Soort.HERINNERING:
        context["meldingen"] = [
            {**m, "link": _url("gemeente:detail", m["meldingsnummer"])} for m in rij.inhoud.get("meldingen", [])
        ]
        context["link"] = _url("gemeente:inbox")
    elif rij.soort == Soort.OVERZICHT_GEMEENTE:
        context["link"] = _url("gemeente:inbox")
    elif rij.soort == Soort.OVERZICHT_SCHOOL:
        context["link"] = _url("school:lijst")
    return context


def _onderwerp(rij, context):
    gegevens = {**rij.inhoud, "datum": timezone.localtime(rij.created_at).strftime("%d-%m-%Y")}
    gegevens.setdefault("aantal", len(context.get("meldingen", [])))
    return ONDERWERP[rij.soort].format_map(defaultdict(str, gegevens))


def message_id(sleutel):
    """Deterministic Message-ID: a resent mail (the unavoidable worst case) can be recognised as the same one."""
    return f"<{hashlib.sha256(sleutel.encode()).hexdigest()[:40]}@verzuimloket>"


def _opmaken(rij, ontvangers):
    context = _context(rij)
    return EmailMessage(
        subject=_onderwerp(rij, context),
        body=render_to_string(f"berichten/{rij.soort}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=ontvangers,
        headers={"Message-ID": message_id(rij.sleutel), "Auto-Submitted": "auto-generated"},
    )


class SmtpSessie:
    """One SMTP session for several mails (connect, EHLO and QUIT once): opened at the first mail, dropped after any
    failure, so the next mail starts on a fresh connection and one refused mail never affects another.
    """

    def __init__(self):
        self._verbinding = get_connection(fail_silently=False)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.sluiten()

    def verzenden(self, bericht):
        """Send one mail; returns {address: (code, reply)} of recipients refused while others were accepted."""
        try:
            self._verbinding.open()  # a no-op while the session is open
            return self._verbinding.connection.sendmail(
                bericht.from_email, bericht.recipients(), bericht.message().as_bytes(linesep="\r\n")
            )
        except BaseException:
            if self._verbinding.connection is not None:
                self._verbinding.connection.close()  # the socket only, no QUIT: the server may be what failed
                self._verbinding.connection = None
            raise

    def sluiten(self):
        try:
            self._verbinding.close()
        except Exception:  # noqa: BLE001 - QUIT after delivered mails may fail; those mails are out
            logger.info("SMTP QUIT mislukt; verzonden berichten zijn wel afgeleverd")


def _fout_code(fout):
    """(smtp code or None, permanent?) of an SMTP failure. Network trouble and 4xx are temporary."""
    if isinstance(fout, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in fout.recipients.values()]
        code = max(codes) if codes else None
        return code, bool(codes) and all(500 <= c < 600 for c in codes)
    if isinstance(fout, smtplib.SMTPResponseException):
        return fout.smtp_code, 500 <= fout.smtp_code < 600
    return None, False


def volgende_wachttijd(pogingen):
    """Exponential backoff with 'equal jitter': between half and all of basis * 2^(n-1), capped."""
    plafond = min(
        settings.BERICHTEN_RETRY_MAX_SECONDEN, settings.BERICHTEN_RETRY_BASIS_SECONDEN * 2 ** max(pogingen - 1, 0)
    )
    return random.uniform(plafond / 2, plafond)  # noqa: S311 - jitter, not cryptography


def _afwijzing(rij, *, soort, ontvanger="", code=None, omschrijving=""):
    Afwijzing.objects.create(
        uitgaand=rij,
        gemeente_id=rij.gemeente_id,
        vestiging_id=rij.vestiging_id,
        ontvanger=ontvanger,
        soort=soort,
        smtp_code=code,
        omschrijving=omschrijving[:500],
    )


def _mislukt(rij, *, fout, code=None):
    rij.toestand = Toestand.MISLUKT
    rij.laatste_fout = fout[:500]
    rij.smtp_code = code
    rij.save(update_fields=["toestand", "laatste_fout", "smtp_code"])
    logger.warning("Uitgaand bericht %s mislukt (%s): %s", rij.pk, code or "-", fout[:200])


def uitgaande_versturen(*, uitgaand_ids):
    """Send several outbox rows over one SMTP session, each in its own transaction, as uitgaand_versturen.

    A failure stays with its row: SMTP errors are recorded on that row only, and an unexpected error is logged
    and leaves the row leased (the relay hands it over again), so it cannot hold up the rows after it.
    """
    with SmtpSessie() as sessie:
        for uitgaand_id in uitgaand_ids:
            try:
                uitgaand_versturen(uitgaand_id=uitgaand_id, sessie=sessie)
            except Exception:  # noqa: BLE001 - one bad row must not delay the others; the lease retries it
                logger.exception("Uitgaand bericht %s niet verwerkt; de relay biedt het opnieuw aan", uitgaand_id)


def uitgaand_versturen(*, uitgaand_id, sessie=None):
    """Send one outbox row at most once per sleutel. Returns the new toestand, or None when there was nothing to do.

    The row lock (SKIP LOCKED) is held while talking SMTP, so a duplicate task skips instead of sending twice.
    The sent-log row and the new toestand are committed before the task returns, so before Celery acks
    (mark before ack). Worst case, documented in docs/achtergrondtaken.md: the worker dies after the SMTP
    server accepted the mail but before this commit; the transaction rolls back and the mail is sent again
    (same Message-ID). Never lost.
    """
    if sessie is None:
        with SmtpSessie() as sessie:
            return uitgaand_versturen(uitgaand_id=uitgaand_id, sessie=sessie)
    with transaction.atomic():
        # One round trip for the lock, the sent-log check and the gemeente's mailbox: the database is the busy part.
        rij = (
            Uitgaand.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("gemeente__instellingen")
            .annotate(al_verzonden=Exists(VerzondenMail.objects.filter(sleutel=OuterRef("sleutel"))))
            .filter(pk=uitgaand_id, toestand=Toestand.WACHTEND)
            .first()
        )
        if rij is None:
            return None
        nu = timezone.now()
        if rij.al_verzonden:
            rij.toestand = Toestand.VERZONDEN
            rij.save(update_fields=["toestand"])
            return rij.toestand
        ontvangers = _ontvangers(rij)
        rij.ontvangers = ontvangers
        rij.pogingen += 1
        rij.eerste_poging_op = rij.eerste_poging_op or nu
        if not ontvangers:
            _afwijzing(
                rij,
                soort=AfwijzingSoort.GEEN_ADRES,
                omschrijving="Geen attenderingsmailbox of fallback-adres ingesteld",
            )
            rij.save(update_fields=["ontvangers", "pogingen", "eerste_poging_op"])
            _mislukt(rij, fout="Geen mailadres bekend voor deze ontvanger")
            return rij.toestand
        bericht = _opmaken(rij, ontvangers)
        try:
            geweigerd = sessie.verzenden(bericht)
        except (smtplib.SMTPException, OSError) as fout:
            code, permanent = _fout_code(fout)
            omschrijving = f"{type(fout).__name__}: {fout}"
            if permanent:
                for adres in ontvangers:
                    _afwijzing(
                        rij, soort=AfwijzingSoort.PERMANENT, ontvanger=adres, code=code, omschrijving=omschrijving
                    )
                rij.save(update_fields=["ontvangers", "pogingen", "eerste_poging_op"])
                _mislukt(rij, fout=omschrijving, code=code)
                return rij.toestand
            if nu - rij.eerste_poging_op >= dt.timedelta(seconds=settings.BERICHTEN_RETRY_DUUR_SECONDEN):
                rij.save(update_fields=["ontvangers", "pogingen", "eerste_poging_op"])
                _mislukt(rij, fout=f"Na {rij.pogingen} pogingen opgegeven. {omschrijving}", code=code)
                return rij.toestand
            # The retry waits on the row, not in Redis: no ETA can outlive the visibility timeout.
            rij.volgende_poging_op = nu + dt.timedelta(seconds=volgende_wachttijd(rij.pogingen))
            rij.laatste_fout = omschrijving[:500]
            rij.smtp_code = code
            rij.save()
            return rij.toestand
        for adres, (code, antwoord) in (geweigerd or {}).items():
            _afwijzing(
                rij,
                soort=AfwijzingSoort.PERMANENT if 500 <= code < 600 else AfwijzingSoort.BOUNCE,
                ontvanger=adres,
                code=code,
                omschrijving=antwoord.decode(errors="replace") if isinstance(antwoord, bytes) else str(antwoord),
            )
        VerzondenMail.objects.create(
            sleutel=rij.sleutel,
            uitgaand=rij,
            melding_id=rij.melding_id,
            ontvangers=ontvangers,
            message_id=message_id(rij.sleutel),
        )
        rij.toestand = Toestand.VERZONDEN
        rij.verzonden_op = timezone.now()
        rij.laatste_fout = ""
        rij.smtp_code = None
        rij.save()
        return rij.toestand


@transaction.atomic
def uitgaand_opnieuw_proberen(*, door, uitgaand):
    """Beheer puts a failed row back in the queue (after fixing the mailbox), with a fresh retry window."""
    rij = Uitgaand.objects.select_for_update().get(pk=uitgaand.pk)
    if rij.toestand != Toestand.MISLUKT:
        return rij
    rij.toestand = Toestand.WACHTEND
    rij.pogingen = 0
    rij.eerste_poging_op = None
    rij.volgende_poging_op = timezone.now()
    rij.save()
    transaction.on_commit(lambda: aanstoten(rij.pk))
    return rij


@transaction.atomic
def bounce_registreren(*, ontvanger, omschrijving="", message_id_header="", code=None):
    """Record a bounce (DSN) reported for a mailbox; linked to the mail when its Message-ID is known."""
    uitgaand = None
    if message_id_header:
        for rij in Uitgaand.objects.filter(ontvangers__contains=[ontvanger]).order_by("-pk")[:500]:
            if message_id(rij.sleutel) == message_id_header.strip():
                uitgaand = rij
                break
    gemeente_id = uitgaand.gemeente_id if uitgaand else None
    if gemeente_id is None:
        instellingen = GemeenteInstellingen.objects.filter(attenderingsmailbox__iexact=ontvanger).first()
        gemeente_id = instellingen.gemeente_id if instellingen else None
    return Afwijzing.objects.create(
        uitgaand=uitgaand,
        gemeente_id=gemeente_id,
        vestiging_id=uitgaand.vestiging_id if uitgaand else None,
        ontvanger=ontvanger,
        soort=AfwijzingSoort.BOUNCE,
        smtp_code=code,
        omschrijving=omschrijving[:500],
    )


# ---------------------------------------------------------------------------------------------------------------
# Periodic planning: daily digest, reminders, monthly overviews. Each is safe to run twice (two beats).


def dagoverzichten_plannen(*, nu=None):
    """Bundle the waiting attenderingen of 'dagelijks' gemeenten into one mail per gemeente per day."""
    nu = nu or timezone.now()
    datum = timezone.localdate(nu)
    gepland = 0
    gemeente_ids = (
        Uitgaand.objects.filter(toestand=Toestand.WACHT_OP_DAGOVERZICHT)
        .values_list("gemeente_id", flat=True)
        .distinct()
    )
    for gemeente_id in list(gemeente_ids):
        with transaction.atomic():
            sleutel = f"dagoverzicht:{gemeente_id}:{datum:%Y%m%d}"
            if Uitgaand.objects.filter(sleutel=sleutel).exists():
                continue  # today's digest exists; later arrivals go in tomorrow's
            rijen = list(
                Uitgaand.objects.select_for_update(skip_locked=True).filter(
                    toestand=Toestand.WACHT_OP_DAGOVERZICHT, gemeente_id=gemeente_id
                )
            )
            if not rijen:
                continue
            overzicht = Uitgaand.objects.create(
                sleutel=sleutel,
                soort=Soort.DAGOVERZICHT,
                gemeente_id=gemeente_id,
                inhoud={"aantal": len(rijen)},
                volgende_poging_op=nu,
            )
            Uitgaand.objects.filter(pk__in=[r.pk for r in rijen]).update(
                toestand=Toestand.GEBUNDELD, dagoverzicht=overzicht
            )
            gepland += 1
    return gepland


def herinneringen_verwerken(*, nu=None):
    """Turn due Herinnering rows into one reminder mail per gemeente per day; move each row a week on.

    SKIP LOCKED plus moving the rows forward in the same transaction make a second beat a no-op.
    """
    from meldingen.workflow import Status

    nu = nu or timezone.now()
    datum = timezone.localdate(nu)
    gepland = 0
    with transaction.atomic():
        herinneringen = list(
            Herinnering.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(volgende_op__lte=nu)
            .select_related("melding", "melding__verzuimsoort")
            .order_by("volgende_op")[:5000]
        )
        per_gemeente = defaultdict(list)
        klaar = []
        for h in herinneringen:
            if h.melding.status != Status.GEREGISTREERD:
                klaar.append(h.pk)
            else:
                per_gemeente[h.melding.gemeente_id].append(h)
        Herinnering.objects.filter(pk__in=klaar).delete()
        bestaand = set(
            Uitgaand.objects.filter(sleutel__in=[f"herinnering:{g}:{datum:%Y%m%d}" for g in per_gemeente]).values_list(
                "sleutel", flat=True
            )
        )
        for gemeente_id, rijen in per_gemeente.items():
            sleutel = f"herinnering:{gemeente_id}:{datum:%Y%m%d}"
            if sleutel in bestaand:
                continue  # already reminded today; these stay due for tomorrow
            meldingen = [
                {
                    "meldingsnummer": h.melding.meldingsnummer,
                    "verzuimsoort": h.melding.verzuimsoort.naam,
                    "ingediend": timezone.localtime(h.melding.created_at).strftime("%d-%m-%Y"),
                    "herinnering": h.aantal + 1,
                }
                for h in rijen
            ]
            Uitgaand.objects.create(
                sleutel=sleutel,
                soort=Soort.HERINNERING,
                gemeente_id=gemeente_id,
                inhoud={"meldingen": meldingen, "aantal": len(meldingen)},
                volgende_poging_op=nu,
            )
            for h in rijen:
                h.aantal += 1
                h.laatst_op = nu
                h.volgende_op = h.volgende_op + dt.timedelta(days=7) * max(1, -(-(nu - h.volgende_op).days // 7))
            Herinnering.objects.bulk_update(rijen, ["aantal", "laatst_op", "volgende_op"])
            gepland += 1
    return gepland


def _vorige_maand(datum):
    eind = datum.replace(day=1) - dt.timedelta(days=1)
    return eind.replace(day=1), eind


def maandoverzichten_plannen(*, vandaag=None):
    """From the first school day of a month: one overview of last month per gemeente and per school.

    Runs daily; the unique sleutel (INSERT ... ON CONFLICT DO NOTHING) makes later runs and a second beat no-ops.
    """
    from meldingen.models import Melding
    from meldingen.workflow import Status

    vandaag = vandaag or timezone.localdate()
    if vandaag < eerste_schooldag_van_maand(vandaag.year, vandaag.month):
        return 0
    begin, eind = _vorige_maand(vandaag)
    periode = f"{begin:%m-%Y}"
    van = timezone.make_aware(dt.datetime.combine(begin, dt.time.min))
    tot = timezone.make_aware(dt.datetime.combine(eind + dt.timedelta(days=1), dt.time.min))
    nu = timezone.now()
    statuslabels = dict(Status.choices)

    def tellingen(veld):
        per = defaultdict(lambda: {"per_status": Counter(), "per_soort": Counter(), "totaal": 0, "te_laat": []})
        for org, status, soort, n in (
            Melding.objects.filter(created_at__gte=van, created_at__lt=tot)
            .values(veld, "status", "verzuimsoort__naam")
            .annotate(n=Count("pk"))
            .values_list(veld, "status", "verzuimsoort__naam", "n")
            .order_by()
        ):
            per[org]["per_status"][statuslabels[status]] += n
            per[org]["per_soort"][soort] += n
            per[org]["totaal"] += n
        # Overdue: still not in behandeling after the gemeente's term, whatever month they came in.
        te_laat = Herinnering.objects.filter(melding__status=Status.GEREGISTREERD).filter(
            Q(aantal__gt=0) | Q(volgende_op__lte=nu)
        )
        for org, nummer in te_laat.values_list(f"melding__{veld}", "melding__meldingsnummer").order_by("melding__pk"):
            per[org]["te_laat"].append(nummer)
        return per

    rijen = []
    for soort, veld, org_veld in (
        (Soort.OVERZICHT_GEMEENTE, "gemeente_id", "gemeente_id"),
        (Soort.OVERZICHT_SCHOOL, "vestiging_id", "vestiging_id"),
    ):
        for org, t in tellingen(veld).items():
            rijen.append(
                Uitgaand(
                    sleutel=f"{soort}:{org}:{begin:%Y-%m}",
                    soort=soort,
                    **{org_veld: org},
                    inhoud={
                        "periode": periode,
                        "totaal": t["totaal"],
                        "per_status": dict(sorted(t["per_status"].items())),
                        "per_soort": dict(sorted(t["per_soort"].items())),
                        "te_laat": sorted(set(t["te_laat"])),
                    },
                    volgende_poging_op=nu,
                )
            )
    with transaction.atomic():
        Uitgaand.objects.bulk_create(rijen, ignore_conflicts=True, batch_size=500)
    return len(rijen)


def gemeenten_zonder_mailbox():
    """Gemeenten that receive meldingen but have no attenderingsmailbox (beheer's attention list)."""
    met = GemeenteInstellingen.objects.exclude(attenderingsmailbox="").values("gemeente_id")
    return Gemeente.objects.filter(meldingen__isnull=False).exclude(code__in=met).distinct()
