"""The authorisation workflow through its services: request, approve/reject, activation, suspend, review."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from autorisatie import services
from autorisatie.models import Autorisatie, Autorisatieverzoek, Rol, VerzoekSoort, VerzoekStatus
from autorisatie.predicates import heeft_loketrol, mag_melden
from protocollering.models import ToegangslogRegel
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _verzoek(personas, door=None, **overrides):
    kwargs = dict(
        door=door or personas.schoolbeheer_a,
        voornaam="Nieuwe",
        achternaam="Melder",
        email="Nieuwe.Melder@school-a.example",
        rol=Rol.MELDER,
        organisatie=personas.school_a,
        verklaring=PDF,
        bestandsnaam="verklaring.pdf",
    )
    kwargs.update(overrides)
    return services.autorisatieverzoek_indienen(**kwargs)


def test_schoolbeheerder_vraagt_aan_voor_eigen_school_niet_voor_een_andere(personas):
    verzoek = _verzoek(personas)
    assert verzoek.status == VerzoekStatus.INGEDIEND and verzoek.email == "nieuwe.melder@school-a.example"
    with pytest.raises(PermissionDenied):
        _verzoek(personas, organisatie=personas.school_b)
    with pytest.raises(PermissionDenied):
        _verzoek(personas, rol=Rol.LOKET_BEHEER, organisatie=None)
    with pytest.raises(PermissionDenied):
        _verzoek(personas, door=personas.melder_a)


@pytest.mark.parametrize(
    "inhoud,fout",
    [
        (b"", "Voeg de ondertekende"),
        (b"GIF89a....", "geen PDF"),
        (b"%PDF-" + b"x" * (6 * 1024 * 1024), "te groot"),
    ],
)
def test_verklaring_moet_een_pdf_zijn(personas, inhoud, fout):
    with pytest.raises(ValidationError, match=fout):
        _verzoek(personas, verklaring=inhoud)


def test_rol_moet_bij_organisatie_passen(personas):
    with pytest.raises(ValidationError, match="hoort bij"):
        _verzoek(
            personas,
            door=personas.beheer,
            rol=Rol.LEERPLICHTAMBTENAAR,
            organisatie=personas.school_a,
        )


def test_goedkeuren_maakt_gebruiker_en_mailt_eenmalige_link(personas, django_capture_on_commit_callbacks):
    verzoek = _verzoek(personas)
    with django_capture_on_commit_callbacks(execute=True):
        services.autorisatieverzoek_goedkeuren(door=personas.beheer, verzoek=verzoek)
    gebruiker = get_user_model().objects.get(email="nieuwe.melder@school-a.example")
    assert not gebruiker.has_usable_password()
    assert mag_melden(gebruiker, personas.school_a.code)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [gebruiker.email]
    tekst = mail.outbox[0].body
    assert "/activeren/" in tekst and "Melder" not in tekst
    token = tekst.split("/activeren/")[1].split("/")[0]
    gebruiker = services.activatie_voltooien(token=token, wachtwoord="paars-olifant-wandelt-traag")
    assert gebruiker.check_password("paars-olifant-wandelt-traag")
    with pytest.raises(ValidationError, match="al gebruikt"):
        services.activatie_voltooien(token=token, wachtwoord="nog-een-ander-wachtwoord")
    acties = set(ToegangslogRegel.objects.values_list("actie", flat=True))
    assert {
        "autorisatieverzoek_ingediend",
        "autorisatieverzoek_goedgekeurd",
        "autorisatie_verleend",
        "activatielink_verstuurd",
        "account_geactiveerd",
    } <= acties
    with pytest.raises(ValidationError, match="al goedgekeurd"):
        services.autorisatieverzoek_goedkeuren(door=personas.beheer, verzoek=verzoek)


def test_bestaande_gebruiker_krijgt_extra_rol_zonder_nieuwe_link(personas):
    verzoek = _verzoek(personas, email=personas.melder_a.email)
    services.autorisatieverzoek_goedkeuren(door=personas.beheer, verzoek=verzoek)
    assert Autorisatie.objects.filter(gebruiker=personas.melder_a).count() == 1
    assert not ToegangslogRegel.objects.filter(actie="activatielink_verstuurd").exists()


def test_vier_ogen_en_afwijzen(personas):
    verzoek = _verzoek(personas, door=personas.beheer)
    with pytest.raises(ValidationError, match="zelf"):
        services.autorisatieverzoek_goedkeuren(door=personas.beheer, verzoek=verzoek)
    with pytest.raises(ValidationError, match="reden"):
        services.autorisatieverzoek_afwijzen(door=personas.beheer, verzoek=verzoek, reden=" ")
    services.autorisatieverzoek_afwijzen(door=personas.beheer, verzoek=verzoek, reden="Verklaring niet ondertekend")
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.AFGEWEZEN and verzoek.gebruiker is None


def test_activatielink_verloopt(personas, settings):
    settings.AUTORISATIE_ACTIVATIE_GELDIG_UREN = 1
    gebruiker = UserFactory(username="nieuw")
    token = services.activatielink_versturen(door=personas.beheer, gebruiker=gebruiker)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        assert services.activatielink_geldig(token) is None
        with pytest.raises(ValidationError, match="verlopen"):
            services.activatie_voltooien(token=token, wachtwoord="paars-olifant-wandelt-traag")


def test_nieuwe_link_maakt_oude_ongeldig(personas):
    gebruiker = UserFactory(username="nieuw")
    oud = services.activatielink_versturen(door=personas.beheer, gebruiker=gebruiker)
    nieuw = services.activatielink_versturen(door=personas.beheer, gebruiker=gebruiker)
    assert services.activatielink_geldig(oud) is None and services.activatielink_geldig(nieuw) is not None


def test_zwak_wachtwoord_bij_activeren(personas):
    token = services.activatielink_versturen(door=personas.beheer, gebruiker=UserFactory(username="nieuw"))
    with pytest.raises(ValidationError):
        services.activatie_voltooien(token=token, wachtwoord="kort")
    assert services.activatielink_geldig(token) is not None


def test_schorsen_en_herstellen(personas):
    autorisatie = Autorisatie.objects.get(gebruiker=personas.melder_a)
    services.autorisatie_schorsen(door=personas.beheer, autorisatie=autorisatie, reden="onderzoek")
    assert not mag_melden(personas.melder_a, personas.school_a.code)
    services.autorisatie_herstellen(door=personas.beheer, autorisatie=autorisatie)
    assert mag_melden(personas.melder_a, personas.school_a.code)
    loket = Autorisatie.objects.get(gebruiker=personas.beheer)
    services.autorisatie_schorsen(door=personas.beheer, autorisatie=loket, reden="x")
    assert not heeft_loketrol(personas.beheer, Rol.LOKET_BEHEER)


def test_jaarlijkse_herziening_schorst_na_respijt(personas, settings):
    settings.AUTORISATIE_HERZIENING_GRATIE_DAGEN = 30
    oud = Autorisatie.objects.get(gebruiker=personas.melder_a)
    bijna = Autorisatie.objects.get(gebruiker=personas.lpa_x)
    Autorisatie.objects.filter(pk=oud.pk).update(laatst_bevestigd_op=timezone.now() - dt.timedelta(days=400))
    Autorisatie.objects.filter(pk=bijna.pk).update(laatst_bevestigd_op=timezone.now() - dt.timedelta(days=370))
    call_command("herzie_autorisaties", "--droog")
    assert services.autorisaties_herzien() == 1
    oud.refresh_from_db()
    bijna.refresh_from_db()
    assert oud.geschorst_op is not None and bijna.geschorst_op is None
    assert not mag_melden(personas.melder_a, personas.school_a.code)
    services.autorisatie_bevestigen(door=personas.beheer, autorisatie=oud)
    assert mag_melden(personas.melder_a, personas.school_a.code)
    assert "autorisaties-herzien" in settings.CELERY_BEAT_SCHEDULE


def test_hetzelfde_open_verzoek_niet_twee_keer(personas):
    _verzoek(personas)
    with pytest.raises(ValidationError) as fout:
        _verzoek(personas, email="NIEUWE.MELDER@school-a.example")
    assert "email" in fout.value.error_dict
    _verzoek(personas, rol=Rol.BEHEERDER_ONDERWIJS)  # another role is another request


def _intrekken(personas, door=None, **overrides):
    kwargs = dict(
        door=door or personas.schoolbeheer_a,
        gebruiker=personas.melder_a,
        rol=Rol.MELDER,
        organisatie=personas.school_a,
        toelichting="Werkt niet meer bij ons",
    )
    kwargs.update(overrides)
    return services.intrekkingsverzoek_indienen(**kwargs)


def test_intrekkingsverzoek_en_goedkeuring_trekt_in(personas):
    verzoek = _intrekken(personas)
    assert verzoek.soort == VerzoekSoort.INTREKKEN and verzoek.status == VerzoekStatus.INGEDIEND
    assert verzoek.email == personas.melder_a.email and verzoek.gebruiker == personas.melder_a
    assert mag_melden(personas.melder_a, personas.school_a.code)  # the school asks, beheer decides
    with pytest.raises(ValidationError, match="open verzoek"):
        _intrekken(personas, toelichting="nogmaals")
    services.autorisatieverzoek_goedkeuren(door=personas.beheer, verzoek=verzoek)
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.GOEDGEKEURD and verzoek.beoordeeld_door == personas.beheer
    melder = get_user_model().objects.get(pk=personas.melder_a.pk)  # fresh guardian permission cache
    assert not mag_melden(melder, personas.school_a.code)
    assert not Autorisatie.objects.filter(gebruiker=personas.melder_a, vestiging=personas.school_a).exists()
    assert not mail.outbox  # no activation mail for a revocation
    acties = set(ToegangslogRegel.objects.values_list("actie", flat=True))
    assert {"intrekkingsverzoek_ingediend", "intrekkingsverzoek_goedgekeurd", "autorisatie_ingetrokken"} <= acties


def test_intrekkingsverzoek_geweigerd(personas):
    with pytest.raises(ValidationError) as fout:
        _intrekken(personas, gebruiker=personas.melder_b, toelichting=" ")
    assert set(fout.value.error_dict) == {"gebruiker", "toelichting"}
    with pytest.raises(ValidationError) as fout:
        _intrekken(personas, rol=Rol.LEERPLICHTAMBTENAAR)
    assert "organisatie" in fout.value.error_dict
    with pytest.raises(PermissionDenied):
        _intrekken(personas, organisatie=personas.school_b, gebruiker=personas.melder_b)


@pytest.mark.parametrize("persona", ["melder_a", "lpa_x", "buitenstaander"])
def test_alleen_beheerder_van_de_organisatie_dient_in(personas, persona):
    door = getattr(personas, persona)
    with pytest.raises(PermissionDenied):
        _verzoek(personas, door=door)
    with pytest.raises(PermissionDenied):
        _intrekken(personas, door=door)
    assert not Autorisatieverzoek.objects.exists()
