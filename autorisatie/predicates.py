"""Permission predicates. Each returns a queryset or a bool for one user; views never inspect permissions themselves."""

from django.db import connection
from django.db.models import Q

from .models import (
    Autorisatie,
    GemeenteUserObjectPermission,
    RblUserObjectPermission,
    Rol,
    VestigingUserObjectPermission,
)


def _codes(model, user, codename):
    return model.objects.filter(user=user, permission__codename=codename).values("content_object_id")


def vestigingen_met(user, codename="melden"):
    """Subquery of vestiging codes on which the user holds the permission."""
    return _codes(VestigingUserObjectPermission, user, codename)


def meldvestigingen(user):
    """The sorted codes of the vestigingen the user may report for: one query, cached on the user object.

    As with gemeenterechten, selectors filter on this literal list: with `vestiging_id IN (subquery)` PostgreSQL
    joins every melding of the school before it sorts, instead of reading the newest from the
    (vestiging, created_at) index (the school list on the benchmark register: 5.3 -> 2.2 ms).
    """
    bekend = getattr(user, "_vl_meldvestigingen", None)
    if bekend is None:
        bekend = (
            sorted(vestigingen_met(user).values_list("content_object_id", flat=True)) if user.is_authenticated else []
        )
        user._vl_meldvestigingen = bekend
    return bekend


def gemeenten_met(user, codename="behandelen"):
    return _codes(GemeenteUserObjectPermission, user, codename)


def rbls_met(user, codename="behandelen"):
    return _codes(RblUserObjectPermission, user, codename)


def mag_melden(user, vestiging_code):
    return user.is_authenticated and vestigingen_met(user, "melden").filter(content_object_id=vestiging_code).exists()


def heeft_loketrol(user, rol):
    return (
        user.is_authenticated
        and Autorisatie.objects.filter(
            gebruiker=user,
            rol=rol,
            vestiging=None,
            gemeente=None,
            rbl=None,
            geschorst_op__isnull=True,
        ).exists()
    )


def is_loket_beheer(user):
    return heeft_loketrol(user, Rol.LOKET_BEHEER)


def gemeente_filter(user, prefix=""):
    """Q for rows routed to a gemeente or RBL this user handles for (prefix for related lookups)."""
    return Q(**{f"{prefix}gemeente_id__in": gemeenten_met(user)}) | Q(**{f"{prefix}rbl_id__in": rbls_met(user)})


def gemeenterechten(user):
    """{codename: gemeentecodes} and the RBL ids the user handles for, in one query, cached on the user object.

    Selectors filter on these literal lists rather than on sub-selects: PostgreSQL cannot use the
    (gemeente, created_at) index for `gemeente_id IN (subquery) OR rbl_id IN (subquery)` and would scan
    every melding (1.6 s per inbox page at national size, see docs/performance.md).
    """
    bekend = getattr(user, "_vl_gemeenterechten", None)
    if bekend is not None:
        return bekend
    rechten = {"behandelen": set(), "boa": set(), "rbl": set()}
    if user.is_authenticated:
        with connection.cursor() as cursor:
            cursor.execute(GEMEENTERECHTEN_SQL, [user.pk, user.pk])
            for sleutel, soort in cursor.fetchall():
                rechten[soort].add(int(sleutel) if soort == "rbl" else sleutel)
    user._vl_gemeenterechten = rechten
    return rechten


# Written out, not built by the ORM: every gemeente page asks it, and the UNION of two annotated querysets cost
# 2.2 ms of Python per request against 0.2 ms for this same statement (docs/performance.md). The tables are those
# of GemeenteUserObjectPermission, RblUserObjectPermission and Permission; tests/autorisatie/test_predicates.py
# compares the answer with the same question asked through the ORM.
GEMEENTERECHTEN_SQL = """
    SELECT r.content_object_id::text, p.codename
      FROM autorisatie_gemeenteuserobjectpermission r JOIN auth_permission p ON p.id = r.permission_id
     WHERE r.user_id = %s AND p.codename IN ('behandelen', 'boa')
    UNION ALL
    SELECT r.content_object_id::text, 'rbl'
      FROM autorisatie_rbluserobjectpermission r JOIN auth_permission p ON p.id = r.permission_id
     WHERE r.user_id = %s AND p.codename = 'behandelen'
"""


def gemeente_melding_filter(user, prefix=""):
    """Q for meldingen this user may open for a gemeente.

    Routed to a gemeente or RBL the user handles for, unless the melding is marked "overgedragen aan
    boa / eigen dossier": then only the boa of that gemeente may open it.
    """
    rechten = gemeenterechten(user)
    overgedragen = Q(**{f"{prefix}overgedragen_aan_boa_op__isnull": False})
    behandelen = Q(**{f"{prefix}gemeente_id__in": sorted(rechten["behandelen"])})
    if rechten["rbl"]:
        behandelen |= Q(**{f"{prefix}rbl_id__in": sorted(rechten["rbl"])})
    filter_ = behandelen & ~overgedragen
    if rechten["boa"]:
        filter_ |= overgedragen & Q(**{f"{prefix}gemeente_id__in": sorted(rechten["boa"])})
    return filter_


def beheerde_gemeenten(user):
    """Subquery of gemeentecodes whose settings this user manages (role gemeente_beheerder)."""
    return gemeenten_met(user, "beheren_gemeente")


def mag_gemeente_beheren(user, gemeente_code):
    return user.is_authenticated and beheerde_gemeenten(user).filter(content_object_id=gemeente_code).exists()


def rollen_van(user):
    """The set of roles the user holds anywhere (for menus)."""
    if not user.is_authenticated:
        return set()
    return set(Autorisatie.objects.filter(gebruiker=user, geschorst_op__isnull=True).values_list("rol", flat=True))
