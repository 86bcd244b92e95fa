"""Permission predicates: the written-out statement of gemeenterechten() gives what the ORM's tables say."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission

from autorisatie.models import GemeenteUserObjectPermission, RblUserObjectPermission, Rol
from autorisatie.predicates import gemeenterechten
from autorisatie.services import autorisatie_schorsen, autorisatie_verlenen
from tests.factories import RblFactory, UserFactory

pytestmark = pytest.mark.django_db


def _via_de_orm(user):
    rechten = {"behandelen": set(), "boa": set(), "rbl": set()}
    for code, codename in GemeenteUserObjectPermission.objects.filter(
        user=user, permission__codename__in=["behandelen", "boa"]
    ).values_list("content_object_id", "permission__codename"):
        rechten[codename].add(code)
    rechten["rbl"] = set(
        RblUserObjectPermission.objects.filter(user=user, permission__codename="behandelen").values_list(
            "content_object_id", flat=True
        )
    )
    return rechten


def test_gemeenterechten_zijn_wat_de_tabellen_zeggen(personas):
    rbl, ander_rbl, alleen_inzien = RblFactory(), RblFactory(), RblFactory()
    alles = UserFactory(username="alles")
    for rol, organisatie in (
        (Rol.LEERPLICHTAMBTENAAR, personas.gemeente_x),
        (Rol.LEERPLICHTAMBTENAAR, personas.gemeente_y),
        (Rol.BOA, personas.gemeente_x),
        (Rol.LEERPLICHTAMBTENAAR, rbl),
        (Rol.LEERPLICHTAMBTENAAR, ander_rbl),
        (Rol.GEMEENTE_BEHEERDER, personas.gemeente_y),  # another codename: not a right to handle
    ):
        autorisatie_verlenen(door=None, gebruiker=alles, rol=rol, organisatie=organisatie)
    # Other permissions on the same objects are no right to handle either.
    for model, organisatie, codename in (
        (RblUserObjectPermission, alleen_inzien, "view_rbl"),
        (GemeenteUserObjectPermission, personas.gemeente_y, "view_gemeente"),
    ):
        model.objects.create(
            user=alles, content_object=organisatie, permission=Permission.objects.get(codename=codename)
        )
    geschorst = UserFactory(username="geschorst")
    autorisatie_verlenen(door=None, gebruiker=geschorst, rol=Rol.LEERPLICHTAMBTENAAR, organisatie=personas.gemeente_x)
    autorisatie_schorsen(door=None, autorisatie=geschorst.autorisaties.get(), reden="test")

    User = get_user_model()
    verwacht = {
        "behandelen": {personas.gemeente_x.code, personas.gemeente_y.code},
        "boa": {personas.gemeente_x.code},
        "rbl": {rbl.pk, ander_rbl.pk},
    }
    assert _via_de_orm(alles) == verwacht
    for user in (alles, geschorst, personas.lpa_x, personas.lpa_y, personas.melder_a, personas.beheer):
        assert gemeenterechten(User.objects.get(pk=user.pk)) == _via_de_orm(user), user.username
    assert gemeenterechten(User.objects.get(pk=geschorst.pk)) == {"behandelen": set(), "boa": set(), "rbl": set()}
    assert gemeenterechten(AnonymousUser()) == {"behandelen": set(), "boa": set(), "rbl": set()}
