"""Registering and revoking koppelingen: the management command, the service's rules and the beheer (admin) screens."""

import datetime as dt

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from api.models import Certificaat, Koppeling
from api.services import koppeling_registreren
from autorisatie.models import Autorisatie, Rol
from autorisatie.predicates import mag_melden
from tests.api.conftest import maak_certificaat
from tests.conftest import GEMEENTE_X, SCHOOL_A, SCHOOL_B

pytestmark = pytest.mark.django_db


def test_command_registreert_en_trekt_in(personas, tmp_path, capsys):
    cert = maak_certificaat("Pakket school A")
    pad = tmp_path / "pakket.pem"
    pad.write_text(cert.pem)
    call_command("koppeling_registreren", "--organisatie", SCHOOL_A, "--certificaat", str(pad), "--naam", "Pakket A")
    certificaat = Certificaat.objects.get()
    assert certificaat.vingerafdruk in capsys.readouterr().out
    assert certificaat.subject == "CN=Pakket school A,C=NL"
    assert certificaat.geldig_tot > timezone.now()
    koppeling = certificaat.koppeling
    assert koppeling.naam == "Pakket A" and koppeling.rol == Rol.MELDER
    gebruiker = koppeling.gebruiker
    assert gebruiker.is_active and not gebruiker.has_usable_password()
    assert mag_melden(gebruiker, SCHOOL_A) and not mag_melden(gebruiker, SCHOOL_B)

    with pytest.raises(CommandError, match="al geregistreerd"):
        call_command("koppeling_registreren", "--organisatie", SCHOOL_A, "--certificaat", str(pad))

    call_command("koppeling_registreren", "--intrekken", "--certificaat", str(pad))
    certificaat.refresh_from_db()
    assert certificaat.ingetrokken_op is not None


def test_command_vernieuwt_certificaat_van_bestaande_koppeling(personas, tmp_path):
    eerste, tweede = tmp_path / "1.pem", tmp_path / "2.pem"
    eerste.write_text(maak_certificaat("Zaaksysteem").pem)
    tweede.write_text(maak_certificaat("Zaaksysteem").pem)
    call_command("koppeling_registreren", "--organisatie", GEMEENTE_X, "--certificaat", str(eerste))
    koppeling = Koppeling.objects.get()
    assert koppeling.rol == Rol.LEERPLICHTAMBTENAAR
    call_command("koppeling_registreren", "--koppeling", str(koppeling.pk), "--certificaat", str(tweede))
    assert Koppeling.objects.count() == 1 and koppeling.certificaten.count() == 2


@pytest.mark.parametrize(
    ("args", "melding"),
    [
        (["--organisatie", "9999"], "Onbekende organisatie"),
        (["--organisatie", SCHOOL_A, "--organisatie", GEMEENTE_X], "vestigingen, of bij precies één"),
        ([], "--organisatie"),
    ],
)
def test_command_fouten(personas, tmp_path, args, melding):
    pad = tmp_path / "c.pem"
    pad.write_text(maak_certificaat("X").pem)
    with pytest.raises(CommandError, match=melding):
        call_command("koppeling_registreren", *args, "--certificaat", str(pad))
    assert not Koppeling.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="koppeling-").exists()


def test_command_geen_pem_of_geen_bestand(personas, tmp_path):
    pad = tmp_path / "kapot.pem"
    pad.write_text("geen certificaat")
    with pytest.raises(CommandError, match="geen geldig PEM"):
        call_command("koppeling_registreren", "--organisatie", SCHOOL_A, "--certificaat", str(pad))
    with pytest.raises(CommandError, match="niet lezen"):
        call_command("koppeling_registreren", "--organisatie", SCHOOL_A, "--certificaat", str(tmp_path / "weg.pem"))


def test_verlopen_certificaat_wordt_niet_geregistreerd(personas):
    nu = timezone.now()
    cert = maak_certificaat("Oud", van=nu - dt.timedelta(days=10), tot=nu - dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        koppeling_registreren(door=None, organisatie_codes=[SCHOOL_A], pem=cert.pem)


def test_koppeling_voor_meer_vestigingen(personas):
    certificaat = koppeling_registreren(
        door=None, organisatie_codes=[SCHOOL_A, SCHOOL_B], pem=maak_certificaat("Bestuur").pem
    )
    assert Autorisatie.objects.filter(gebruiker=certificaat.koppeling.gebruiker, rol=Rol.MELDER).count() == 2


@pytest.fixture
def beheerder(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.org", "correct-paard-batterij-nietje")


def test_beheer_ziet_certificaten_die_verlopen(client, personas, beheerder):
    nu = timezone.now()
    for dagen in (5, 20, 50, 200):
        koppeling_registreren(
            door=None,
            organisatie_codes=[SCHOOL_A],
            pem=maak_certificaat(f"Over {dagen} dagen", tot=nu + dt.timedelta(days=dagen)).pem,
        )
    client.force_login(beheerder)
    for filter_, verwacht in (("7", {5}), ("30", {5, 20}), ("60", {5, 20, 50})):
        html = client.get(f"/admin/api/certificaat/?verloopt={filter_}").content.decode()
        gezien = {d for d in (5, 20, 50, 200) if f"Over {d} dagen" in html}
        assert gezien == verwacht, filter_


def test_beheer_registreert_en_trekt_in(client, personas, beheerder):
    client.force_login(beheerder)
    cert = maak_certificaat("Via beheer")
    response = client.post(
        "/admin/api/certificaat/add/",
        {"organisaties": SCHOOL_A, "naam": "Pakket via beheer", "pem": cert.pem, "koppeling": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    certificaat = Certificaat.objects.get()
    assert certificaat.koppeling.naam == "Pakket via beheer"
    assert certificaat.geregistreerd_door == beheerder
    fout = client.post("/admin/api/certificaat/add/", {"organisaties": SCHOOL_A, "pem": "onzin", "koppeling": ""})
    assert fout.status_code == 200 and "geen geldig PEM" in fout.content.decode()
    client.post("/admin/api/certificaat/", {"action": "intrekken", "_selected_action": [certificaat.pk]})
    certificaat.refresh_from_db()
    assert certificaat.ingetrokken_op is not None
    assert (
        LogEntry.objects.get(object_id=str(certificaat.pk), action_flag=CHANGE).get_change_message() == "Ingetrokken."
    )
    # Revoking it again changes nothing, and neither the message nor the history says otherwise.
    opnieuw = client.post(
        "/admin/api/certificaat/", {"action": "intrekken", "_selected_action": [certificaat.pk]}, follow=True
    )
    assert "0 certificaat/certificaten ingetrokken." in opnieuw.content.decode()
    assert LogEntry.objects.filter(object_id=str(certificaat.pk), action_flag=CHANGE).count() == 1
    assert client.get(f"/admin/api/koppeling/{certificaat.koppeling.pk}/change/").status_code == 200
