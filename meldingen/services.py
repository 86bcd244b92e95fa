"""Every write on a melding, one function per use case. Views, API, admin, commands and tasks call these."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from autorisatie.models import GemeenteUserObjectPermission
from autorisatie.predicates import gemeente_melding_filter, mag_melden
from berichten.services import attendering_plannen
from gemeenten.models import Gemeente

from .models import Actie, Melding, MeldingHistorie, Verzuimsoort
from .routering import gemeente_bij_plaats, leerling_opzoeken, routeren
from .selectors import mag_melden_voor, naam_van
from .workflow import Status, controleer_overgang, controleer_wijzigbaar

# The school's part of the legal data set, as accepted by melding_indienen and melding_wijzigen.
SCHOOLVELDEN = (
    "verzuimsoort",
    "begindatum",
    "einddatum",
    "vermoedelijke_reden",
    "alle_lessen_gemist",
    "ondernomen_actie",
    "actie_gemeente_gewenst",
    "toelichting_geen_actie",
    "leslocatie",
    "melder_naam",
    "melder_functie",
    "melder_telefoonnummer",
    "melder_email",
    "telefoonnummer_ouder_leerling",
    "afwijkend_straat",
    "afwijkend_huisnummer",
    "afwijkend_huisletter",
    "afwijkend_huisnummertoevoeging",
    "afwijkend_postcode",
    "afwijkend_locatieaanduiding",
    "afwijkend_plaatsnaam",
    "afwijkend_gemeente",
    "verzuimdagen",
    "verzuimuren",
)
VERPLICHT = (
    "verzuimsoort",
    "begindatum",
    "alle_lessen_gemist",
    "actie_gemeente_gewenst",
    "melder_naam",
    "melder_telefoonnummer",
    "melder_email",
)
ADRESVELDEN = tuple(v for v in SCHOOLVELDEN if v.startswith("afwijkend_"))
MELDINGSINTERVAL_DAGEN = 7


def schooljaar_van(datum):
    """A school year runs 1 August to 31 July; returns its first calendar year."""
    return datum.year if datum.month >= 8 else datum.year - 1


def _vandaag():
    return timezone.localdate()


def _historie(melding, *, actie, door, van="", naar="", velden=(), toelichting=""):
    MeldingHistorie.objects.create(
        melding=melding,
        actie=actie,
        van_status=van,
        naar_status=naar,
        gewijzigde_velden=list(velden),
        toelichting=toelichting,
        door=door if getattr(door, "pk", None) else None,
        door_naam=naam_van(door) if door is not None else "systeem",
    )


def _volgend_meldingsnummer(schooljaar):
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('meldingen_meldingsnummer_seq')")
        (nummer,) = cursor.fetchone()
    return f"VM{schooljaar % 100:02d}-{nummer:07d}"


def _heeft_actieve_leslocaties(vestiging):
    # selectors.meldbare_vestigingen() annotates it; a vestiging from elsewhere asks the database.
    bekend = getattr(vestiging, "heeft_actieve_leslocaties", None)
    return bekend if bekend is not None else vestiging.leslocaties.filter(actief=True).exists()


def _valideer_schoolvelden(gegevens, *, vestiging):
    """Domain rules on the school's fields; raises one ValidationError naming every wrong field."""
    fouten = {}
    for veld in VERPLICHT:
        if gegevens.get(veld) in (None, ""):
            fouten[veld] = "Dit veld is verplicht."
    soort = gegevens.get("verzuimsoort")
    begin, eind = gegevens.get("begindatum"), gegevens.get("einddatum")
    if begin and begin > _vandaag():
        fouten["begindatum"] = "De begindatum ligt in de toekomst; meld verzuim dat al begonnen is."
    if begin and eind and eind < begin:
        fouten["einddatum"] = "De einddatum ligt vóór de begindatum."
    if eind and eind > _vandaag():
        fouten.setdefault("einddatum", "De einddatum ligt in de toekomst.")
    if isinstance(soort, Verzuimsoort) and begin:
        if not soort.is_geldig_op(begin):
            fouten["verzuimsoort"] = f"'{soort.naam}' is op de begindatum geen geldige soort verzuim."
        elif soort.einddatum_verplicht and not eind:
            fouten["einddatum"] = f"Bij '{soort.naam}' is de einddatum verplicht."
    if gegevens.get("actie_gemeente_gewenst") is False and not (gegevens.get("toelichting_geen_actie") or "").strip():
        fouten["toelichting_geen_actie"] = "Leg uit waarom er geen actie van de gemeente nodig is."
    leslocatie = gegevens.get("leslocatie")
    if leslocatie is None:
        if _heeft_actieve_leslocaties(vestiging):
            fouten["leslocatie"] = "Kies de leslocatie."
    elif leslocatie.vestiging_id != vestiging.code or not leslocatie.actief:
        fouten["leslocatie"] = "Deze leslocatie hoort niet bij uw vestiging."
    if any(gegevens.get(v) for v in ADRESVELDEN):
        for veld in ("afwijkend_straat", "afwijkend_huisnummer", "afwijkend_postcode", "afwijkend_plaatsnaam"):
            if not gegevens.get(veld):
                fouten[veld] = "Vul het volledige afwijkende verblijfadres in."
        if not gegevens.get("afwijkend_gemeente") and gegevens.get("afwijkend_plaatsnaam"):
            gemeente = gemeente_bij_plaats(gegevens["afwijkend_plaatsnaam"])
            if gemeente is None:
                fouten["afwijkend_gemeente"] = (
                    "Kies de gemeente van het verblijfadres; de plaatsnaam is niet eenduidig."
                )
            else:
                gegevens["afwijkend_gemeente"] = gemeente
    if fouten:
        raise ValidationError(fouten)


def schoolvelden_controleren(*, vestiging, gegevens):
    """The domain rules of melding_indienen without writing anything, so a form can show every error at once."""
    gegevens = {veld: gegevens.get(veld) for veld in SCHOOLVELDEN}
    _valideer_schoolvelden(_zet_leeg(gegevens), vestiging=vestiging)


def _controleer_dubbel(*, vestiging, leerling, gegevens, behalve=None):
    """One melding per pupil, soort and begindatum; during continuous absence one per 7 days.

    One query for both rules: the pupil's meldingen at this vestiging that break either.
    """
    grens = timezone.now() - timedelta(days=MELDINGSINTERVAL_DAGEN)
    zelfde = Q(verzuimsoort=gegevens["verzuimsoort"], begindatum=gegevens["begindatum"])
    eerdere = Melding.objects.filter(vestiging=vestiging, leerling=leerling).exclude(status=Status.INGETROKKEN)
    if behalve is not None:
        eerdere = eerdere.exclude(pk=behalve.pk).filter(zelfde)
    else:
        eerdere = eerdere.filter(zelfde | Q(created_at__gte=grens))
    gevonden = list(
        eerdere.annotate(dubbel=ExpressionWrapper(zelfde, output_field=BooleanField()))
        .order_by("-dubbel", "-created_at")
        .values("meldingsnummer", "created_at", "dubbel")[:1]
    )
    if not gevonden:
        return
    eerder = gevonden[0]
    if eerder["dubbel"]:
        raise ValidationError(
            {"begindatum": f"Er is al een melding van deze soort met deze begindatum: {eerder['meldingsnummer']}."},
            code="dubbel",
            params={"meldingsnummer": eerder["meldingsnummer"]},
        )
    raise ValidationError(
        {
            "persoonsgebonden_nummer": (
                f"Voor deze leerling is op {timezone.localtime(eerder['created_at']):%d-%m-%Y} al gemeld "
                f"({eerder['meldingsnummer']}). Bij aanhoudend verzuim mag hoogstens eens per "
                f"{MELDINGSINTERVAL_DAGEN} dagen een nieuwe melding worden gedaan; wijzig zo nodig de bestaande."
            )
        },
        code="te_vroeg",
        params={"meldingsnummer": eerder["meldingsnummer"]},
    )


@transaction.atomic
def melding_indienen(*, door, vestiging, persoonsgebonden_nummer, gegevens):
    """Register a new melding of `vestiging` about a pupil, routed by Bron. Returns the Melding."""
    if not mag_melden_voor(door, vestiging):
        raise PermissionDenied
    gegevens = {veld: gegevens.get(veld) for veld in SCHOOLVELDEN}
    nummer = (persoonsgebonden_nummer or "").strip()
    fouten = {}
    try:
        _valideer_schoolvelden(gegevens, vestiging=vestiging)
    except ValidationError as fout:
        fouten.update(fout.error_dict)
    bron = None
    if gegevens.get("begindatum") and "begindatum" not in fouten:
        try:
            bron = leerling_opzoeken(
                vestiging=vestiging, persoonsgebonden_nummer=nummer, peildatum=gegevens["begindatum"]
            )
        except ValidationError as fout:
            fouten.update(fout.error_dict)
    if fouten:
        raise ValidationError(fouten)

    # Serialise submissions for one pupil so two identical ones cannot both pass the check below.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [nummer])
    _controleer_dubbel(vestiging=vestiging, leerling=bron.leerling, gegevens=gegevens)

    routering = routeren(bron_gegevens=bron, afwijkend_gemeente=gegevens.get("afwijkend_gemeente"))
    nu = timezone.now()
    schooljaar = schooljaar_van(timezone.localdate(nu))
    melding = Melding.objects.create(
        meldingsnummer=_volgend_meldingsnummer(schooljaar),
        schooljaar=schooljaar,
        status=Status.GEREGISTREERD,
        status_gewijzigd_op=nu,
        vestiging=vestiging,
        leerling=bron.leerling,
        ingediend_door=door,
        gemeente=routering.gemeente,
        rbl=routering.rbl,
        routering=routering.uitleg,
        **_zet_leeg(gegevens),
    )
    _historie(
        melding, actie=Actie.INGEDIEND, door=door, naar=Status.GEREGISTREERD, toelichting=routering.uitleg["uitleg"]
    )
    # Transactional outbox: the attenderingsmail is decided in this transaction, sent after commit.
    attendering_plannen(melding=melding)
    return melding


_NULLABLE = {f.name for f in Melding._meta.concrete_fields if f.null}


def _zet_leeg(gegevens):
    """Form and API give None for an empty text field; the model stores ''."""
    return {veld: ("" if waarde is None and veld not in _NULLABLE else waarde) for veld, waarde in gegevens.items()}


def _lock(melding):
    # OF self: a bare FOR UPDATE would lock the joined vestiging and gemeente rows too, so every change of a
    # melding would queue behind a Bron import (which holds those rows FOR KEY SHARE) and behind colleagues.
    return Melding.objects.select_for_update(of=("self",)).select_related("vestiging", "gemeente").get(pk=melding.pk)


def _controleer_school(door, melding):
    if not mag_melden(door, melding.vestiging_id):
        raise PermissionDenied


def _controleer_gemeente(door, melding):
    # The same predicate as the selectors, so a boa-marked melding is refused to everyone but the boa.
    if not door.is_authenticated or not Melding.objects.filter(gemeente_melding_filter(door), pk=melding.pk).exists():
        raise PermissionDenied


@transaction.atomic
def melding_wijzigen(*, door, melding, gegevens):
    """Change the school's fields of an open melding; the history records which fields changed."""
    melding = _lock(melding)
    _controleer_school(door, melding)
    controleer_wijzigbaar(melding.status)
    nieuw = {veld: getattr(melding, veld) for veld in SCHOOLVELDEN}
    nieuw.update({veld: waarde for veld, waarde in gegevens.items() if veld in SCHOOLVELDEN})
    if not any(nieuw.get(v) for v in ADRESVELDEN if v != "afwijkend_gemeente"):
        nieuw["afwijkend_gemeente"] = None
    nieuw = _zet_leeg(nieuw)
    _valideer_schoolvelden(nieuw, vestiging=melding.vestiging)
    if nieuw["begindatum"] != melding.begindatum:
        leerling_opzoeken(
            vestiging=melding.vestiging, persoonsgebonden_nummer=melding.leerling_id, peildatum=nieuw["begindatum"]
        )
    _controleer_dubbel(vestiging=melding.vestiging, leerling=melding.leerling, gegevens=nieuw, behalve=melding)
    gewijzigd = [veld for veld in SCHOOLVELDEN if getattr(melding, veld) != nieuw[veld]]
    if not gewijzigd:
        return melding
    for veld in gewijzigd:
        setattr(melding, veld, nieuw[veld])
    toelichting = ""
    if "afwijkend_gemeente" in gewijzigd:
        bron = leerling_opzoeken(
            vestiging=melding.vestiging, persoonsgebonden_nummer=melding.leerling_id, peildatum=melding.begindatum
        )
        routering = routeren(bron_gegevens=bron, afwijkend_gemeente=melding.afwijkend_gemeente)
        melding.gemeente, melding.rbl, melding.routering = routering.gemeente, routering.rbl, routering.uitleg
        toelichting = "Opnieuw gerouteerd: " + routering.uitleg["uitleg"]
    melding.save()
    _historie(melding, actie=Actie.GEWIJZIGD, door=door, velden=gewijzigd, toelichting=toelichting)
    return melding


def _status_wijzigen(melding, *, door, naar, toelichting="", **velden):
    van = melding.status
    controleer_overgang(van, naar)
    for veld, waarde in velden.items():
        setattr(melding, veld, waarde)
    melding.status = naar
    melding.status_gewijzigd_op = timezone.now()
    melding.save()
    _historie(melding, actie=Actie.STATUS, door=door, van=van, naar=naar, toelichting=toelichting)
    return melding


@transaction.atomic
def melding_intrekken(*, door, melding, reden):
    melding = _lock(melding)
    _controleer_school(door, melding)
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": "Geef de reden van het intrekken."})
    return _status_wijzigen(melding, door=door, naar=Status.INGETROKKEN, toelichting=reden, intrekkingsreden=reden)


@transaction.atomic
def melding_in_behandeling_nemen(*, door, melding, behandelaar=None):
    melding = _lock(melding)
    _controleer_gemeente(door, melding)
    behandelaar = behandelaar or door
    if behandelaar != door:
        try:
            _controleer_gemeente(behandelaar, melding)
        except PermissionDenied:
            # The acting user may handle it; a wrong colleague is a form error, not "not found".
            raise ValidationError(
                {"behandelaar": "Deze persoon behandelt geen meldingen voor deze gemeente."}
            ) from None
    return _status_wijzigen(melding, door=door, naar=Status.IN_BEHANDELING, behandelaar=behandelaar)


@transaction.atomic
def melding_afsluiten(*, door, melding, afsluitreden, toelichting_afsluiting, contactpersoon):
    """Close with exactly one fixed reason and one fixed toelichting; no free text by design."""
    from .models import Afsluitreden, ToelichtingAfsluiting

    melding = _lock(melding)
    _controleer_gemeente(door, melding)
    vandaag = _vandaag()
    fouten = {}
    if (
        not isinstance(afsluitreden, Afsluitreden)
        or not Afsluitreden.objects.geldig_op(vandaag).filter(pk=afsluitreden.pk).exists()
    ):
        fouten["afsluitreden"] = "Kies een van de vaste redenen."
    if (
        not isinstance(toelichting_afsluiting, ToelichtingAfsluiting)
        or not ToelichtingAfsluiting.objects.geldig_op(vandaag).filter(pk=toelichting_afsluiting.pk).exists()
    ):
        fouten["toelichting_afsluiting"] = "Kies een van de vaste toelichtingen."
    contactpersoon = contactpersoon or {}
    for veld in ("naam", "telefoonnummer", "email"):
        if not (contactpersoon.get(veld) or "").strip():
            fouten[f"contactpersoon_{veld}"] = "Vul de gemeentelijke contactpersoon in."
    if fouten:
        # An illegal transition is the more important message (closing twice, closing a new one).
        controleer_overgang(melding.status, Status.AFGESLOTEN)
        raise ValidationError(fouten)
    return _status_wijzigen(
        melding,
        door=door,
        naar=Status.AFGESLOTEN,
        toelichting=f"{afsluitreden.naam} – {toelichting_afsluiting.naam}",
        afsluitreden=afsluitreden,
        toelichting_afsluiting=toelichting_afsluiting,
        **{
            f"contactpersoon_{k}": (contactpersoon.get(k) or "").strip()
            for k in ("naam", "functie", "telefoonnummer", "email")
        },
    )


@transaction.atomic
def melding_ter_kennisgeving_aannemen(*, door, melding):
    melding = _lock(melding)
    _controleer_gemeente(door, melding)
    return _status_wijzigen(melding, door=door, naar=Status.TER_KENNISGEVING)


@transaction.atomic
def melding_doorzetten(*, door, melding, gemeente, reden):
    """Hand a melding to another gemeente. Not a status: it keeps its status, the history shows the hand-over."""
    from .models import DoorzetReden

    melding = _lock(melding)
    _controleer_gemeente(door, melding)
    fouten = {}
    if reden not in DoorzetReden.values:
        fouten["reden"] = "Kies een van de vaste redenen voor doorzetten."
    if not isinstance(gemeente, Gemeente):
        fouten["gemeente"] = "Kies de gemeente die de melding overneemt."
    elif gemeente.pk == melding.gemeente_id:
        fouten["gemeente"] = "De melding staat al bij deze gemeente."
    if fouten:
        raise ValidationError(fouten)
    if melding.status not in (Status.GEREGISTREERD, Status.IN_BEHANDELING):
        raise ValidationError("Een afgehandelde melding kan niet worden doorgezet.", code="niet_open")
    van = melding.gemeente
    melding.gemeente, melding.rbl = gemeente, gemeente.rbl
    melding.behandelaar = None
    melding.routering = {
        **melding.routering,
        "doorgezet": {"van": van.code, "naar": gemeente.code, "reden": reden, "op": timezone.now().isoformat()},
    }
    melding.save()
    _historie(
        melding,
        actie=Actie.DOORGEZET,
        door=door,
        toelichting=f"Doorgezet van {van.naam} naar {gemeente.naam}: {DoorzetReden(reden).label}.",
    )
    attendering_plannen(melding=melding, doorgezet=True)
    return melding


@transaction.atomic
def melding_toewijzen(*, door, melding, behandelaar):
    """(Re-)assign an open melding to a leerplichtambtenaar of the same gemeente; the status stays."""
    melding = _lock(melding)
    _controleer_gemeente(door, melding)
    if behandelaar is None or not getattr(behandelaar, "is_authenticated", False):
        raise ValidationError({"behandelaar": "Kies een collega om de melding aan toe te wijzen."})
    try:
        _controleer_gemeente(behandelaar, melding)
    except PermissionDenied:
        raise ValidationError({"behandelaar": "Deze persoon behandelt geen meldingen voor deze gemeente."}) from None
    if melding.status not in (Status.GEREGISTREERD, Status.IN_BEHANDELING):
        raise ValidationError("Een afgehandelde melding kan niet meer worden toegewezen.", code="niet_open")
    if melding.behandelaar_id == behandelaar.pk:
        return melding
    melding.behandelaar = behandelaar
    melding.save(update_fields=["behandelaar", "updated_at"])
    _historie(melding, actie=Actie.TOEGEWEZEN, door=door, toelichting=f"Toegewezen aan {naam_van(behandelaar)}.")
    return melding


def _bulk(door, meldingen, actie):
    """Run one service per melding in one transaction; a melding in the wrong state is skipped and named.

    Any melding the user may not handle refuses the whole batch (PermissionDenied), so a forged list
    changes nothing.
    """
    gelukt, overgeslagen = [], []
    for melding in meldingen:
        try:
            with transaction.atomic():
                gelukt.append(actie(melding))
        except ValidationError as fout:
            overgeslagen.append((melding.meldingsnummer, " ".join(fout.messages)))
    return gelukt, overgeslagen


@transaction.atomic
def meldingen_in_behandeling_nemen(*, door, meldingen, behandelaar=None):
    """Bulk: take several meldingen in behandeling (optionally for a colleague). Returns (gelukt, overgeslagen)."""
    return _bulk(door, meldingen, lambda m: melding_in_behandeling_nemen(door=door, melding=m, behandelaar=behandelaar))


@transaction.atomic
def meldingen_toewijzen(*, door, meldingen, behandelaar):
    """Bulk: assign several meldingen to one colleague. Returns (gelukt, overgeslagen)."""
    return _bulk(door, meldingen, lambda m: melding_toewijzen(door=door, melding=m, behandelaar=behandelaar))


@transaction.atomic
def melding_overdragen_aan_boa(*, door, melding):
    """Mark a melding "overgedragen aan boa / eigen dossier" (a marker, not a status).

    From then on only users with the boa role of the melding's gemeente can open it; the school
    still sees its own melding and every status change.
    """
    melding = _lock(melding)
    _controleer_gemeente(door, melding)
    if melding.overgedragen_aan_boa_op is not None:
        raise ValidationError("Deze melding is al overgedragen aan de boa.", code="al_overgedragen")
    boa_aanwezig = GemeenteUserObjectPermission.objects.filter(
        content_object_id=melding.gemeente_id, permission__codename="boa"
    ).exists()
    if not boa_aanwezig:
        # Otherwise nobody could open the melding any more.
        raise ValidationError(
            f"{melding.gemeente.naam} heeft geen boa in het verzuimloket; vraag de beheerder eerst een boa te autoriseren.",
            code="geen_boa",
        )
    melding.overgedragen_aan_boa_op = timezone.now()
    melding.overgedragen_aan_boa_door = door
    melding.save(update_fields=["overgedragen_aan_boa_op", "overgedragen_aan_boa_door", "updated_at"])
    _historie(melding, actie=Actie.OVERGEDRAGEN, door=door, toelichting="Overgedragen aan boa / eigen dossier.")
    return melding


__all__ = [
    "melding_afsluiten",
    "melding_doorzetten",
    "melding_in_behandeling_nemen",
    "melding_indienen",
    "melding_intrekken",
    "melding_overdragen_aan_boa",
    "melding_ter_kennisgeving_aannemen",
    "melding_toewijzen",
    "melding_wijzigen",
    "meldingen_in_behandeling_nemen",
    "meldingen_toewijzen",
    "schooljaar_van",
    "schoolvelden_controleren",
]
