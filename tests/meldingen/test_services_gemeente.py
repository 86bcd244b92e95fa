"""The gemeente's services: assigning, bulk actions, the boa marker, and the refusals around them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meldingen import selectors, services
from meldingen.models import (
    Actie,
    Afsluitreden,
    Melding,
    MeldingHistorie,
    ToelichtingAfsluiting,
)
from meldingen.workflow import OngeldigeOvergang, Status
from tests.factories import MeldingFactory

pytestmark = pytest.mark.django_db

CONTACT = {"naam": "L. Plicht", "functie": "LPA", "telefoonnummer": "0475123456", "email": "lpa@maasgouw.example"}


def afsluiten(door, melding, **kwargs):
    args = {
        "afsluitreden": Afsluitreden.objects.get(code="terug_naar_school"),
        "toelichting_afsluiting": ToelichtingAfsluiting.objects.get(code="gezien_door_gemeente"),
        "contactpersoon": CONTACT,
    }
    args.update(kwargs)
    return services.melding_afsluiten(door=door, melding=melding, **args)


def test_in_behandeling_nemen_voor_een_collega(personas, gemeente_x, melding):
    services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=melding, behandelaar=gemeente_x.collega_x)
    melding.refresh_from_db()
    assert melding.status == Status.IN_BEHANDELING
    assert melding.behandelaar == gemeente_x.collega_x


def test_in_behandeling_nemen_voor_iemand_van_een_andere_gemeente_geweigerd(personas, melding):
    with pytest.raises(ValidationError) as fout:
        services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=melding, behandelaar=personas.lpa_y)
    assert "behandelaar" in fout.value.error_dict
    melding.refresh_from_db()
    assert melding.status == Status.GEREGISTREERD and melding.behandelaar is None


def test_toewijzen_legt_historie_vast_zonder_statuswijziging(personas, gemeente_x, melding):
    services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=melding)
    services.melding_toewijzen(door=personas.lpa_x, melding=melding, behandelaar=gemeente_x.collega_x)
    melding.refresh_from_db()
    assert melding.behandelaar == gemeente_x.collega_x
    assert melding.status == Status.IN_BEHANDELING
    regel = MeldingHistorie.objects.filter(melding=melding).last()
    assert regel.actie == Actie.TOEGEWEZEN
    assert regel.toelichting == "Toegewezen aan Kees Collega."
    # Assigning to the same person again writes nothing.
    services.melding_toewijzen(door=personas.lpa_x, melding=melding, behandelaar=gemeente_x.collega_x)
    assert MeldingHistorie.objects.filter(melding=melding, actie=Actie.TOEGEWEZEN).count() == 1


def test_toewijzen_weigeringen(personas, gemeente_x, melding):
    with pytest.raises(ValidationError):
        services.melding_toewijzen(door=personas.lpa_x, melding=melding, behandelaar=personas.lpa_y)
    with pytest.raises(ValidationError):
        services.melding_toewijzen(door=personas.lpa_x, melding=melding, behandelaar=None)
    with pytest.raises(PermissionDenied):
        services.melding_toewijzen(door=personas.lpa_y, melding=melding, behandelaar=personas.lpa_y)
    services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=melding)
    afsluiten(personas.lpa_x, melding)
    with pytest.raises(ValidationError):
        services.melding_toewijzen(door=personas.lpa_x, melding=melding, behandelaar=gemeente_x.collega_x)
    assert not MeldingHistorie.objects.filter(melding=melding, actie=Actie.TOEGEWEZEN).exists()


def test_afsluiten_zonder_reden_en_twee_keer_geweigerd(personas, melding):
    services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=melding)
    with pytest.raises(ValidationError) as fout:
        afsluiten(personas.lpa_x, melding, afsluitreden=None)
    assert "afsluitreden" in fout.value.error_dict
    afsluiten(personas.lpa_x, melding)
    with pytest.raises(OngeldigeOvergang):
        afsluiten(personas.lpa_x, melding)
    assert MeldingHistorie.objects.filter(melding=melding, naar_status=Status.AFGESLOTEN).count() == 1


def test_doorzetten_naar_eigen_gemeente_geweigerd(personas, melding):
    with pytest.raises(ValidationError) as fout:
        services.melding_doorzetten(
            door=personas.lpa_x, melding=melding, gemeente=personas.gemeente_x, reden="verhuisd"
        )
    assert "gemeente" in fout.value.error_dict


def test_bulk_in_behandeling_slaat_afgehandelde_over(personas, gemeente_x):
    nieuw = MeldingFactory.create_batch(3, gemeente=personas.gemeente_x)
    klaar = MeldingFactory(gemeente=personas.gemeente_x, ter_kennisgeving=True)
    gelukt, overgeslagen = services.meldingen_in_behandeling_nemen(
        door=personas.lpa_x, meldingen=[*nieuw, klaar], behandelaar=gemeente_x.collega_x
    )
    assert len(gelukt) == 3
    assert [nummer for nummer, _ in overgeslagen] == [klaar.meldingsnummer]
    assert set(Melding.objects.filter(status=Status.IN_BEHANDELING).values_list("behandelaar", flat=True)) == {
        gemeente_x.collega_x.pk
    }


def test_bulk_met_een_melding_van_een_andere_gemeente_verandert_niets(personas):
    eigen = MeldingFactory(gemeente=personas.gemeente_x)
    vreemd = MeldingFactory(gemeente=personas.gemeente_y)
    with pytest.raises(PermissionDenied):
        services.meldingen_in_behandeling_nemen(door=personas.lpa_x, meldingen=[eigen, vreemd])
    assert not Melding.objects.filter(status=Status.IN_BEHANDELING).exists()


def test_bulk_toewijzen(personas, gemeente_x):
    meldingen = MeldingFactory.create_batch(2, gemeente=personas.gemeente_x)
    gelukt, overgeslagen = services.meldingen_toewijzen(
        door=personas.lpa_x, meldingen=meldingen, behandelaar=gemeente_x.collega_x
    )
    assert len(gelukt) == 2 and not overgeslagen
    assert MeldingHistorie.objects.filter(actie=Actie.TOEGEWEZEN).count() == 2


def test_overdragen_aan_boa_verbergt_voor_niet_boa(personas, gemeente_x, melding):
    services.melding_overdragen_aan_boa(door=personas.lpa_x, melding=melding)
    melding.refresh_from_db()
    assert melding.overgedragen_aan_boa_op is not None
    assert melding.status == Status.GEREGISTREERD  # a marker, not a status
    assert MeldingHistorie.objects.filter(melding=melding, actie=Actie.OVERGEDRAGEN).count() == 1
    assert not selectors.meldingen_van_gemeente(personas.lpa_x).filter(pk=melding.pk).exists()
    assert not selectors.meldingen_van_gemeente(gemeente_x.collega_x).filter(pk=melding.pk).exists()
    assert selectors.meldingen_van_gemeente(gemeente_x.boa_x).filter(pk=melding.pk).exists()
    # The school keeps seeing its own melding.
    assert selectors.meldingen_van_school(personas.melder_a).filter(pk=melding.pk).exists()
    # Non-boa users can no longer act on it; the boa can.
    with pytest.raises(PermissionDenied):
        services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=melding)
    services.melding_in_behandeling_nemen(door=gemeente_x.boa_x, melding=melding)
    afsluiten(gemeente_x.boa_x, melding)


def test_overdragen_weigeringen(personas, gemeente_x, melding):
    with pytest.raises(PermissionDenied):
        services.melding_overdragen_aan_boa(door=personas.lpa_y, melding=melding)
    services.melding_overdragen_aan_boa(door=personas.lpa_x, melding=melding)
    with pytest.raises(ValidationError):
        services.melding_overdragen_aan_boa(door=gemeente_x.boa_x, melding=melding)


def test_overdragen_zonder_boa_in_de_gemeente_geweigerd(personas, melding):
    with pytest.raises(ValidationError) as fout:
        services.melding_overdragen_aan_boa(door=personas.lpa_x, melding=melding)
    assert fout.value.code == "geen_boa"
    melding.refresh_from_db()
    assert melding.overgedragen_aan_boa_op is None


def test_boa_van_een_andere_gemeente_ziet_niets(personas, gemeente_x, melding):
    from autorisatie.models import Rol
    from autorisatie.services import autorisatie_verlenen
    from tests.factories import UserFactory

    boa_y = UserFactory(username="boa.y")
    autorisatie_verlenen(door=None, gebruiker=boa_y, rol=Rol.BOA, organisatie=personas.gemeente_y)
    services.melding_overdragen_aan_boa(door=personas.lpa_x, melding=melding)
    assert not selectors.meldingen_van_gemeente(boa_y).exists()
    assert not selectors.meldingen_van_gemeente(personas.lpa_y).exists()


def test_collegas_zijn_alleen_van_dezelfde_gemeente(personas, gemeente_x, melding):
    namen = set(selectors.collegas(personas.lpa_x, melding).values_list("username", flat=True))
    assert namen == {"lpa.x", "lpa.x2"}


def test_collegas_voor_de_inbox_via_gemeente_en_rbl(personas, gemeente_x):
    from autorisatie.models import Rol
    from autorisatie.services import autorisatie_verlenen
    from tests.factories import RblFactory, UserFactory

    def namen(user):
        return set(selectors.collegas(user).values_list("username", flat=True))

    # Without a melding: colleagues of every gemeente the user handles for; the boa and the beheerder are not.
    assert namen(personas.lpa_x) == {"lpa.x", "lpa.x2"}
    rbl = RblFactory()
    rbl_a, rbl_b = UserFactory(username="rbl.a"), UserFactory(username="rbl.b")
    for user in (rbl_a, rbl_b):
        autorisatie_verlenen(door=None, gebruiker=user, rol=Rol.LEERPLICHTAMBTENAAR, organisatie=rbl)
    assert namen(rbl_a) == {"rbl.a", "rbl.b"}
    # Both at once (the OR of the query): gemeente X's colleagues and the RBL's, not gemeente Y's.
    autorisatie_verlenen(door=None, gebruiker=rbl_a, rol=Rol.LEERPLICHTAMBTENAAR, organisatie=personas.gemeente_x)
    rbl_a = type(rbl_a).objects.get(pk=rbl_a.pk)  # gemeenterechten() is cached on the user object
    assert namen(rbl_a) == {"rbl.a", "rbl.b", "lpa.x", "lpa.x2"}


def test_de_collega_keuzes_van_de_inbox_zijn_de_collegas_en_blijven_een_minuut(personas, gemeente_x, time_machine):
    from datetime import timedelta

    from django.utils import timezone

    from autorisatie.models import Rol
    from autorisatie.services import autorisatie_intrekken, autorisatie_verlenen
    from tests.factories import RblFactory, UserFactory

    # The same people as collegas(), named as the bulk form names a user: full name, else the username.
    naamloos = UserFactory(username="lpa.zonder.naam", first_name="", last_name="")
    autorisatie_verlenen(door=None, gebruiker=naamloos, rol=Rol.LEERPLICHTAMBTENAAR, organisatie=personas.gemeente_x)
    verwacht = [(u.pk, u.get_full_name() or u.username) for u in selectors.collegas(personas.lpa_x)]
    assert {naam for _pk, naam in verwacht} >= {"Kees Collega", "lpa.zonder.naam"}
    assert selectors.collega_keuzes(personas.lpa_x) == verwacht
    # Another gemeente's list is its own (the cache is per set of gemeenten and RBLs), and so is that of a user with
    # the same gemeente plus an RBL.
    assert {pk for pk, _naam in selectors.collega_keuzes(personas.lpa_y)}.isdisjoint(pk for pk, _naam in verwacht)
    rbl, met_rbl, rbl_collega = RblFactory(), UserFactory(username="lpa.x.rbl"), UserFactory(username="rbl.collega")
    for wie, organisatie in ((met_rbl, personas.gemeente_x), (met_rbl, rbl), (rbl_collega, rbl)):
        autorisatie_verlenen(door=None, gebruiker=wie, rol=Rol.LEERPLICHTAMBTENAAR, organisatie=organisatie)
    met_rbl_ids = {pk for pk, _naam in selectors.collega_keuzes(met_rbl)}
    assert met_rbl_ids == {pk for pk, _naam in verwacht} | {met_rbl.pk, rbl_collega.pk}
    assert selectors.collega_keuzes(personas.lpa_x) == verwacht
    # Within the minute a refused colleague is still shown; after it the list is read again.
    autorisatie_intrekken(
        door=None, gebruiker=gemeente_x.collega_x, rol=Rol.LEERPLICHTAMBTENAAR, organisatie=personas.gemeente_x
    )
    assert selectors.collega_keuzes(personas.lpa_x) == verwacht
    time_machine.move_to(timezone.now() + timedelta(seconds=selectors.COLLEGAS_SECONDEN + 1))
    keuzes = selectors.collega_keuzes(personas.lpa_x)
    assert gemeente_x.collega_x.pk not in {pk for pk, _naam in keuzes}
    assert naamloos.pk in {pk for pk, _naam in keuzes}


def test_een_koppeling_is_geen_collega(personas, gemeente_x, melding):
    from tests.api.conftest import registreer

    zaaksysteem = registreer([personas.gemeente_x.code], "Zaaksysteem gemeente X")
    assert zaaksysteem.gebruiker.has_perm("behandelen", personas.gemeente_x)
    for collegas in (selectors.collegas(personas.lpa_x, melding), selectors.collegas(personas.lpa_x)):
        assert zaaksysteem.gebruiker not in collegas
        assert personas.lpa_x in collegas


def test_school_ziet_de_overdracht_aan_de_boa_niet_in_de_historie(personas, gemeente_x, melding):
    services.melding_overdragen_aan_boa(door=personas.lpa_x, melding=melding)
    assert Actie.OVERGEDRAGEN not in selectors.historie_van(melding, voor_school=True).values_list("actie", flat=True)
    assert Actie.OVERGEDRAGEN in selectors.historie_van(melding).values_list("actie", flat=True)
