"""Granting, suspending, reviewing and revoking authorisations, and the request → activation workflow.

The only place that writes Autorisatie rows or guardian permissions. Every step goes to the access log.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from gemeenten.models import Gemeente, Rbl
from protocollering.services import protocolleer
from scholen.models import Vestiging

from .models import Activatielink, Autorisatie, Autorisatieverzoek, Rol, VerzoekSoort, VerzoekStatus
from .rollen import LOKET_ROLLEN, ROL_PERMISSIE


def organisatie_voor_code(code):
    """A vestigingscode (6), gemeentecode (4 digits) or RBL code, as its organisation object."""
    code = (code or "").strip()
    if len(code) == 4 and code.isdigit():
        model, lookup = Gemeente, {"code": code}
    elif len(code) == 6:
        model, lookup = Vestiging, {"code": code.upper()}
    else:
        model, lookup = Rbl, {"code": code}
    try:
        return model.objects.get(**lookup)
    except model.DoesNotExist:
        raise ValidationError({"organisatie": f"Onbekende organisatie: {code!r}."}) from None


def _org_velden(organisatie):
    return {
        "vestiging": organisatie if isinstance(organisatie, Vestiging) else None,
        "gemeente": organisatie if isinstance(organisatie, Gemeente) else None,
        "rbl": organisatie if isinstance(organisatie, Rbl) else None,
    }


def _controleer(rol, organisatie):
    if rol not in Rol.values:
        raise ValidationError({"rol": f"Onbekende rol {rol!r}; kies uit {', '.join(Rol.values)}."})
    if rol in LOKET_ROLLEN:
        if organisatie is not None:
            raise ValidationError({"organisatie": "Een loketrol hoort bij geen school of gemeente."})
        return None
    modellen, codename = ROL_PERMISSIE[rol]
    if organisatie is None or not isinstance(organisatie, modellen):
        soorten = " of ".join(m._meta.verbose_name for m in modellen)
        raise ValidationError({"organisatie": f"De rol {rol} hoort bij een {soorten}."})
    return codename


def _log(door, actie, object):
    protocolleer(actor=door if door is not None else "systeem", actie=actie, object=object)


@transaction.atomic
def autorisatie_verlenen(*, door, gebruiker, rol, organisatie=None):
    codename = _controleer(rol, organisatie)
    autorisatie, nieuw = Autorisatie.objects.get_or_create(
        gebruiker=gebruiker,
        rol=rol,
        **_org_velden(organisatie),
        defaults={"verleend_door": door, "laatst_bevestigd_op": timezone.now()},
    )
    if not nieuw and autorisatie.geschorst_op is not None:
        # Granting again what was suspended lifts the suspension and counts as a confirmation.
        autorisatie.geschorst_op, autorisatie.schorsingsreden = None, ""
        autorisatie.laatst_bevestigd_op = timezone.now()
        autorisatie.save(update_fields=["geschorst_op", "schorsingsreden", "laatst_bevestigd_op"])
    if codename:
        assign_perm(codename, gebruiker, organisatie)
    _log(door, "autorisatie_verleend", f"autorisatie:{autorisatie.pk}")
    return autorisatie


@transaction.atomic
def autorisatie_intrekken(*, door, gebruiker, rol, organisatie=None):
    codename = _controleer(rol, organisatie)
    ids = list(
        Autorisatie.objects.filter(gebruiker=gebruiker, rol=rol, **_org_velden(organisatie)).values_list(
            "pk", flat=True
        )
    )
    verwijderd, _ = Autorisatie.objects.filter(pk__in=ids).delete()
    if codename:
        remove_perm(codename, gebruiker, organisatie)
    for pk in ids:
        _log(door, "autorisatie_ingetrokken", f"autorisatie:{pk}")
    return bool(verwijderd)


def profiel_van(gebruiker):
    """The user's contact details; an unsaved empty Profiel when they have not filled it in."""
    from .models import Profiel

    if not gebruiker.is_authenticated:
        return Profiel()
    try:
        return gebruiker.profiel
    except Profiel.DoesNotExist:
        return Profiel(gebruiker=gebruiker)


@transaction.atomic
def profiel_wijzigen(*, door, functie, telefoonnummer, naam=None, email=None):
    """A user edits their own contact details (used to prefill melder and contactpersoon fields)."""
    from .models import Profiel

    if not door.is_authenticated:
        raise ValidationError("Log eerst in.")
    fouten = {}
    telefoonnummer = (telefoonnummer or "").strip()
    if telefoonnummer and not all(c.isdigit() or c in "+ -()" for c in telefoonnummer):
        fouten["telefoonnummer"] = "Een telefoonnummer bevat alleen cijfers, spaties, +, - en haakjes."
    if len(telefoonnummer) > 20:
        fouten["telefoonnummer"] = "Een telefoonnummer is hoogstens 20 tekens."
    functie = (functie or "").strip()
    if len(functie) > 200:
        fouten["functie"] = "Een functie is hoogstens 200 tekens."
    if email:
        from django.core.validators import validate_email

        try:
            validate_email(email.strip())
        except ValidationError:
            fouten["email"] = "Vul een geldig e-mailadres in."
    if fouten:
        raise ValidationError(fouten)
    profiel, _ = Profiel.objects.update_or_create(
        gebruiker=door, defaults={"functie": functie, "telefoonnummer": telefoonnummer}
    )
    if email is not None or naam is not None:
        velden = []
        if email is not None:
            door.email = email.strip()
            velden.append("email")
        if naam is not None:
            voornaam, _, achternaam = naam.strip().partition(" ")
            door.first_name, door.last_name = voornaam[:150], achternaam[:150]
            velden += ["first_name", "last_name"]
        door.save(update_fields=velden)
    return profiel


def _permissie(autorisatie):
    spec = ROL_PERMISSIE[autorisatie.rol]
    return spec[1] if spec else None


@transaction.atomic
def autorisatie_schorsen(*, door, autorisatie, reden):
    autorisatie = Autorisatie.objects.select_for_update().get(pk=autorisatie.pk)
    if autorisatie.geschorst_op is not None:
        return autorisatie
    autorisatie.geschorst_op = timezone.now()
    autorisatie.schorsingsreden = (reden or "")[:200]
    autorisatie.save(update_fields=["geschorst_op", "schorsingsreden"])
    if codename := _permissie(autorisatie):
        remove_perm(codename, autorisatie.gebruiker, autorisatie.organisatie)
    _log(door, "autorisatie_geschorst", f"autorisatie:{autorisatie.pk}")
    return autorisatie


@transaction.atomic
def autorisatie_herstellen(*, door, autorisatie):
    """Lift a suspension; beheer confirms the authorisation at the same time."""
    autorisatie = Autorisatie.objects.select_for_update().get(pk=autorisatie.pk)
    autorisatie.geschorst_op, autorisatie.schorsingsreden = None, ""
    autorisatie.laatst_bevestigd_op = timezone.now()
    autorisatie.save(update_fields=["geschorst_op", "schorsingsreden", "laatst_bevestigd_op"])
    if codename := _permissie(autorisatie):
        assign_perm(codename, autorisatie.gebruiker, autorisatie.organisatie)
    _log(door, "autorisatie_hersteld", f"autorisatie:{autorisatie.pk}")
    return autorisatie


@transaction.atomic
def autorisatie_bevestigen(*, door, autorisatie):
    """The yearly review: beheer confirms this person still needs this role."""
    if autorisatie.geschorst_op is not None:
        return autorisatie_herstellen(door=door, autorisatie=autorisatie)
    Autorisatie.objects.filter(pk=autorisatie.pk).update(laatst_bevestigd_op=timezone.now())
    _log(door, "autorisatie_bevestigd", f"autorisatie:{autorisatie.pk}")
    autorisatie.refresh_from_db()
    return autorisatie


def herziening_grenzen(nu=None):
    """(flag before, suspend before): not confirmed within 12 months is flagged; after the grace period, suspended."""
    nu = nu or timezone.now()
    markeren = nu - dt.timedelta(days=settings.AUTORISATIE_HERZIENING_DAGEN)
    schorsen = markeren - dt.timedelta(days=settings.AUTORISATIE_HERZIENING_GRATIE_DAGEN)
    return markeren, schorsen


def autorisaties_herzien(*, nu=None):
    """Suspend every active authorisation past the review deadline and grace period. Returns how many."""
    _, schorsen = herziening_grenzen(nu)
    te_laat = Autorisatie.objects.filter(
        geschorst_op__isnull=True, laatst_bevestigd_op__lt=schorsen
    ) | Autorisatie.objects.filter(geschorst_op__isnull=True, laatst_bevestigd_op__isnull=True, sinds__lt=schorsen)
    aantal = 0
    for autorisatie in te_laat.select_related("gebruiker", "vestiging", "gemeente", "rbl"):
        autorisatie_schorsen(
            door=None,
            autorisatie=autorisatie,
            reden="jaarlijkse herziening niet bevestigd",
        )
        aantal += 1
    return aantal


# --- Requests, activation ---------------------------------------------------------------------

PDF_MAGIC = b"%PDF-"


def verklaring_controleren(inhoud, bestandsnaam):
    """The signed declaration must be a PDF (by its first bytes, not its name) of reasonable size."""
    if not inhoud:
        raise ValidationError({"verklaring": "Voeg de ondertekende verklaring toe (PDF)."})
    if len(inhoud) > settings.AUTORISATIE_VERKLARING_MAX_BYTES:
        mb = settings.AUTORISATIE_VERKLARING_MAX_BYTES // (1024 * 1024)
        raise ValidationError({"verklaring": f"De verklaring is te groot: hoogstens {mb} MB."})
    if not inhoud.startswith(PDF_MAGIC):
        raise ValidationError({"verklaring": "De verklaring is geen PDF-bestand."})


def mag_verzoek_indienen(user, organisatie):
    """Loket beheer for anyone; a school's or gemeente's beheerder for their own organisation."""
    from .predicates import gemeenten_met, is_loket_beheer, vestigingen_met

    if is_loket_beheer(user):
        return True
    if isinstance(organisatie, Vestiging):
        return vestigingen_met(user, "beheren_onderwijs").filter(content_object_id=organisatie.pk).exists()
    if isinstance(organisatie, Gemeente):
        return gemeenten_met(user, "beheren_gemeente").filter(content_object_id=organisatie.pk).exists()
    return False


@transaction.atomic
def autorisatieverzoek_indienen(*, door, voornaam, achternaam, email, rol, organisatie, verklaring, bestandsnaam):
    if not mag_verzoek_indienen(door, organisatie):
        raise PermissionDenied
    _controleer(rol, organisatie)
    verklaring_controleren(verklaring, bestandsnaam)
    email = email.strip().lower()
    _geen_open_verzoek(VerzoekSoort.TOEKENNEN, rol, organisatie, email=email)
    verzoek = Autorisatieverzoek.objects.create(
        voornaam=voornaam.strip(),
        achternaam=achternaam.strip(),
        email=email,
        rol=rol,
        **_org_velden(organisatie),
        verklaring=verklaring,
        verklaring_bestandsnaam=(bestandsnaam or "verklaring.pdf")[:200],
        ingediend_door=door,
    )
    _log(door, "autorisatieverzoek_ingediend", f"verzoek:{verzoek.pk}")
    return verzoek


def _geen_open_verzoek(soort, rol, organisatie, **wie):
    """The same request twice would have beheer decide twice; point at the open one instead."""
    veld = "email" if "email" in wie else "gebruiker"
    wie = {"email__iexact": wie["email"]} if "email" in wie else wie
    dubbel = (
        Autorisatieverzoek.objects.filter(
            soort=soort, rol=rol, status=VerzoekStatus.INGEDIEND, **_org_velden(organisatie), **wie
        )
        .only("ingediend_op")
        .first()
    )
    if dubbel:
        ingediend = timezone.localtime(dubbel.ingediend_op)
        raise ValidationError(
            {veld: f"Er staat al een open verzoek voor deze persoon en rol (ingediend {ingediend:%d-%m-%Y})."}
        )


@transaction.atomic
def intrekkingsverzoek_indienen(*, door, gebruiker, rol, organisatie, toelichting):
    """Ask beheer to revoke a role someone holds at the organisation; beheer revokes on approval."""
    if not mag_verzoek_indienen(door, organisatie):
        raise PermissionDenied
    _controleer(rol, organisatie)
    fouten = {}
    if not Autorisatie.objects.filter(gebruiker=gebruiker, rol=rol, **_org_velden(organisatie)).exists():
        fouten["gebruiker"] = "Deze persoon heeft die rol niet bij deze organisatie."
    toelichting = (toelichting or "").strip()
    if not toelichting:
        fouten["toelichting"] = "Geef de reden van het intrekken."
    if fouten:
        raise ValidationError(fouten)
    _geen_open_verzoek(VerzoekSoort.INTREKKEN, rol, organisatie, gebruiker=gebruiker)
    verzoek = Autorisatieverzoek.objects.create(
        soort=VerzoekSoort.INTREKKEN,
        voornaam=gebruiker.first_name or gebruiker.username,
        achternaam=gebruiker.last_name,
        email=gebruiker.email,
        rol=rol,
        **_org_velden(organisatie),
        gebruiker=gebruiker,
        toelichting=toelichting[:2000],
        ingediend_door=door,
    )
    _log(door, "intrekkingsverzoek_ingediend", f"verzoek:{verzoek.pk}")
    return verzoek


def _open_verzoek(verzoek):
    verzoek = Autorisatieverzoek.objects.select_for_update().get(pk=verzoek.pk)
    if verzoek.status != VerzoekStatus.INGEDIEND:
        raise ValidationError(f"Dit verzoek is al {verzoek.get_status_display()}.")
    return verzoek


@transaction.atomic
def autorisatieverzoek_goedkeuren(*, door, verzoek):
    """Toekennen: create or update the user, grant the role, and mail a one-time activation link.
    Intrekken: revoke the role."""
    verzoek = _open_verzoek(verzoek)
    if verzoek.ingediend_door_id == door.pk:
        # Four eyes: who asked may not approve their own request.
        raise ValidationError("U kunt een verzoek dat u zelf indiende niet zelf goedkeuren.")
    if verzoek.soort == VerzoekSoort.INTREKKEN:
        if verzoek.gebruiker is not None:
            autorisatie_intrekken(
                door=door, gebruiker=verzoek.gebruiker, rol=verzoek.rol, organisatie=verzoek.organisatie
            )
        verzoek.status = VerzoekStatus.GOEDGEKEURD
        verzoek.beoordeeld_door, verzoek.beoordeeld_op = door, timezone.now()
        verzoek.save(update_fields=["status", "beoordeeld_door", "beoordeeld_op"])
        _log(door, "intrekkingsverzoek_goedgekeurd", f"verzoek:{verzoek.pk}")
        return verzoek
    User = get_user_model()
    gebruiker = User.objects.filter(email__iexact=verzoek.email).order_by("pk").first()
    if gebruiker is None:
        gebruiker = User(username=verzoek.email, email=verzoek.email)
        gebruiker.set_unusable_password()
    gebruiker.first_name, gebruiker.last_name = verzoek.voornaam, verzoek.achternaam
    gebruiker.save()
    autorisatie_verlenen(door=door, gebruiker=gebruiker, rol=verzoek.rol, organisatie=verzoek.organisatie)
    verzoek.status = VerzoekStatus.GOEDGEKEURD
    verzoek.beoordeeld_door, verzoek.beoordeeld_op, verzoek.gebruiker = (
        door,
        timezone.now(),
        gebruiker,
    )
    verzoek.save(update_fields=["status", "beoordeeld_door", "beoordeeld_op", "gebruiker"])
    _log(door, "autorisatieverzoek_goedgekeurd", f"verzoek:{verzoek.pk}")
    if not gebruiker.has_usable_password():
        activatielink_versturen(door=door, gebruiker=gebruiker)
    return verzoek


@transaction.atomic
def autorisatieverzoek_afwijzen(*, door, verzoek, reden):
    if not (reden or "").strip():
        raise ValidationError({"reden": "Geef de reden van de afwijzing."})
    verzoek = _open_verzoek(verzoek)
    verzoek.status = VerzoekStatus.AFGEWEZEN
    verzoek.beoordeeld_door, verzoek.beoordeeld_op, verzoek.afwijzingsreden = (
        door,
        timezone.now(),
        reden.strip()[:500],
    )
    verzoek.save(update_fields=["status", "beoordeeld_door", "beoordeeld_op", "afwijzingsreden"])
    _log(door, "autorisatieverzoek_afgewezen", f"verzoek:{verzoek.pk}")
    return verzoek


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def activatielink_versturen(*, door, gebruiker):
    """A new one-time link (older unused links stop working); mailed after commit. Returns the token."""
    nu = timezone.now()
    Activatielink.objects.filter(gebruiker=gebruiker, gebruikt_op__isnull=True).update(verloopt_op=nu)
    token = secrets.token_urlsafe(32)
    Activatielink.objects.create(
        gebruiker=gebruiker,
        token_hash=_token_hash(token),
        verloopt_op=nu + dt.timedelta(hours=settings.AUTORISATIE_ACTIVATIE_GELDIG_UREN),
    )
    url = settings.SITE_URL + reverse("autorisatie:activeren", args=[token])
    uren = settings.AUTORISATIE_ACTIVATIE_GELDIG_UREN
    tekst = (
        "U bent geautoriseerd voor het Verzuimloket.\n\n"
        f"Stel via deze link binnen {uren} uur uw wachtwoord en uw authenticator-app in:\n{url}\n\n"
        "De link werkt één keer. Niet om gevraagd? Neem contact op met beheer van het verzuimloket."
    )
    # The mail names nobody and holds no personal data beyond the recipient's own address.
    transaction.on_commit(lambda: send_mail("Uw toegang tot het Verzuimloket", tekst, None, [gebruiker.email]))
    _log(door, "activatielink_verstuurd", f"gebruiker:{gebruiker.pk}")
    return token


def activatielink_geldig(token):
    """The link's row when it is unused and not expired, else None."""
    if not token or len(token) > 100:
        return None
    return (
        Activatielink.objects.select_related("gebruiker")
        .filter(
            token_hash=_token_hash(token),
            gebruikt_op__isnull=True,
            verloopt_op__gt=timezone.now(),
        )
        .first()
    )


@transaction.atomic
def activatie_voltooien(*, token, wachtwoord):
    """Set the password and consume the link; the user's old authenticators are removed so they enrol afresh."""
    from django.contrib.auth.password_validation import validate_password
    from django_otp.plugins.otp_totp.models import TOTPDevice

    link = activatielink_geldig(token)
    if link is None:
        raise ValidationError("Deze activatielink is ongeldig, verlopen of al gebruikt.")
    link = Activatielink.objects.select_for_update().get(pk=link.pk)
    if link.gebruikt_op is not None:
        raise ValidationError("Deze activatielink is ongeldig, verlopen of al gebruikt.")
    gebruiker = link.gebruiker
    try:
        validate_password(wachtwoord, gebruiker)
    except ValidationError as fout:
        raise ValidationError({"new_password1": fout.messages}) from None
    gebruiker.set_password(wachtwoord)
    gebruiker.is_active = True
    gebruiker.save(update_fields=["password", "is_active"])
    TOTPDevice.objects.filter(user=gebruiker).delete()
    link.gebruikt_op = timezone.now()
    link.save(update_fields=["gebruikt_op"])
    _log(gebruiker, "account_geactiveerd", f"gebruiker:{gebruiker.pk}")
    return gebruiker


def inlogblokkade_opheffen(*, door, gebruiker):
    """Beheer lifts a django-axes lockout of this account."""
    from axes.utils import reset

    reset(username=gebruiker.username)
    _log(door, "inlogblokkade_opgeheven", f"gebruiker:{gebruiker.pk}")
