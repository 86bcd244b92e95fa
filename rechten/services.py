"""Registering and answering inzage and correctie requests. Every step goes to the access log (pupil as pseudonym)."""

import calendar
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from autorisatie.predicates import is_loket_beheer
from bron.validators import soort_nummer
from protocollering.services import leerling_pseudoniem, protocolleer

from .models import (
    CorrectieStatus,
    Correctieverzoek,
    Inzageverzoek,
    SchoolAntwoord,
    Uitkomst,
)


def een_maand_na(datum):
    """AVG art. 12(3): answer within one month of receipt (same day next month, or its last day)."""
    jaar, maand = (datum.year + 1, 1) if datum.month == 12 else (datum.year, datum.month + 1)
    return dt.date(jaar, maand, min(datum.day, calendar.monthrange(jaar, maand)[1]))


def _alleen_beheer(door):
    if not is_loket_beheer(door):
        raise PermissionDenied


def _nummer(persoonsgebonden_nummer):
    nummer = (persoonsgebonden_nummer or "").strip()
    if not soort_nummer(nummer):
        raise ValidationError({"persoonsgebonden_nummer": "Dit is geen geldig BSN of onderwijsnummer (11-proef)."})
    return nummer


def _ontvangen(ontvangen_op):
    ontvangen_op = ontvangen_op or timezone.localdate()
    if ontvangen_op > timezone.localdate():
        raise ValidationError({"ontvangen_op": "De ontvangstdatum ligt in de toekomst."})
    return ontvangen_op


@transaction.atomic
def inzageverzoek_registreren(*, door, persoonsgebonden_nummer, verzoeker, ontvangen_op=None):
    _alleen_beheer(door)
    nummer = _nummer(persoonsgebonden_nummer)
    ontvangen_op = _ontvangen(ontvangen_op)
    verzoek = Inzageverzoek.objects.create(
        persoonsgebonden_nummer=nummer,
        leerling_pseudoniem=leerling_pseudoniem(nummer),
        verzoeker=verzoeker,
        ontvangen_op=ontvangen_op,
        uiterlijk_op=een_maand_na(ontvangen_op),
        geregistreerd_door=door,
    )
    protocolleer(actor=door, actie="inzageverzoek_geregistreerd", object=verzoek.leerling_pseudoniem, doel="inzage")
    return verzoek


@transaction.atomic
def inzageverzoek_beantwoorden(*, door, verzoek):
    _alleen_beheer(door)
    verzoek = Inzageverzoek.objects.select_for_update().get(pk=verzoek.pk)
    if verzoek.beantwoord_op is None:
        verzoek.beantwoord_op = timezone.localdate()
        verzoek.save(update_fields=["beantwoord_op"])
        protocolleer(actor=door, actie="inzageverzoek_beantwoord", object=verzoek.leerling_pseudoniem, doel="inzage")
    return verzoek


@transaction.atomic
def correctieverzoek_registreren(
    *, door, persoonsgebonden_nummer, meldingsnummer, gegeven, gevraagde_correctie, ontvangen_op=None
):
    """Record the request; it is at once laid before the school that supplied the data."""
    from meldingen.models import Melding

    _alleen_beheer(door)
    nummer = _nummer(persoonsgebonden_nummer)
    ontvangen_op = _ontvangen(ontvangen_op)
    melding = Melding.objects.filter(meldingsnummer=(meldingsnummer or "").strip(), leerling_id=nummer).first()
    if melding is None:
        raise ValidationError({"meldingsnummer": "Er is geen melding met dit nummer over deze leerling."})
    if not (gevraagde_correctie or "").strip():
        raise ValidationError({"gevraagde_correctie": "Beschrijf welke correctie gevraagd wordt."})
    verzoek = Correctieverzoek.objects.create(
        persoonsgebonden_nummer=nummer,
        leerling_pseudoniem=leerling_pseudoniem(nummer),
        melding=melding,
        meldingsnummer=melding.meldingsnummer,
        gegeven=gegeven,
        gevraagde_correctie=gevraagde_correctie.strip()[:1000],
        ontvangen_op=ontvangen_op,
        uiterlijk_op=een_maand_na(ontvangen_op),
        geregistreerd_door=door,
    )
    protocolleer(actor=door, actie="correctieverzoek_geregistreerd", object=melding.meldingsnummer, doel="correctie")
    _school_attenderen(melding)
    return verzoek


def _school_attenderen(melding):
    """A notice to the melding's contact at school: no pupil data, only where to look."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse

    if not melding.melder_email:
        return
    url = settings.SITE_URL + reverse("rechten:school_correcties")
    tekst = (
        f"Er is een correctieverzoek over melding {melding.meldingsnummer} van uw school.\n"
        f"Log in op het Verzuimloket om het te bekijken en te beantwoorden:\n{url}\n"
    )
    transaction.on_commit(
        lambda: send_mail("Correctieverzoek in het Verzuimloket", tekst, None, [melding.melder_email])
    )


@transaction.atomic
def correctie_school_antwoorden(*, door, verzoek, antwoord, toelichting):
    """The school confirms the data or says it corrected it (its own change goes through melding_wijzigen)."""
    from .selectors import correctieverzoeken_voor_school

    verzoek = correctieverzoeken_voor_school(door).select_for_update().filter(pk=verzoek.pk).first()
    if verzoek is None:
        raise PermissionDenied
    if verzoek.status != CorrectieStatus.BIJ_SCHOOL:
        raise ValidationError("Op dit verzoek is al geantwoord.")
    if antwoord not in SchoolAntwoord.values:
        raise ValidationError({"antwoord": "Kies of het gegeven juist is of gecorrigeerd."})
    verzoek.school_antwoord = antwoord
    verzoek.school_toelichting = (toelichting or "").strip()[:1000]
    verzoek.school_beantwoord_op, verzoek.school_beantwoord_door = timezone.now(), door
    verzoek.status = CorrectieStatus.SCHOOL_GEANTWOORD
    verzoek.save()
    protocolleer(actor=door, actie="correctieverzoek_school_antwoord", object=verzoek.meldingsnummer, doel="correctie")
    return verzoek


@transaction.atomic
def correctieverzoek_afhandelen(*, door, verzoek, uitkomst, toelichting):
    _alleen_beheer(door)
    verzoek = Correctieverzoek.objects.select_for_update().get(pk=verzoek.pk)
    if verzoek.status != CorrectieStatus.SCHOOL_GEANTWOORD:
        raise ValidationError("Het verzoek kan pas worden afgehandeld als de school heeft geantwoord.")
    if uitkomst not in Uitkomst.values:
        raise ValidationError({"uitkomst": "Kies een uitkomst."})
    verzoek.uitkomst, verzoek.uitkomst_toelichting = uitkomst, (toelichting or "").strip()[:1000]
    verzoek.afgehandeld_op, verzoek.status = timezone.localdate(), CorrectieStatus.AFGEHANDELD
    verzoek.save()
    protocolleer(actor=door, actie="correctieverzoek_afgehandeld", object=verzoek.meldingsnummer, doel="correctie")
    return verzoek
