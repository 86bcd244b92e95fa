"""Every user-scoped read of meldingen. Querysets come back limited to what this user may see."""

import hashlib
import re

from django.db.models import Exists, IntegerField, OuterRef, Q, Value
from django.http import Http404

from autorisatie.predicates import gemeente_melding_filter, mag_melden, meldvestigingen, vestigingen_met
from scholen.models import Leslocatie, Vestiging

from .models import Actie, Melding, MeldingHistorie
from .workflow import Status

VESTIGINGSCODE = re.compile(r"[0-9A-Z]{4}[0-9]{2}")


def _basis():
    return Melding.objects.select_related("vestiging", "gemeente", "rbl", "verzuimsoort", "leerling")


# Up to this many vestigingen the school list filters on their codes as literals (see meldvestigingen); a board's
# hundreds of codes make PostgreSQL estimate a large share of the table and scan all of it, where the subquery
# keeps it on the vestiging index (tests/meldingen/test_indexes.py has both, and a board of this size).
LETTERLIJKE_VESTIGINGEN = 10


def meldingen_van_school(user):
    """Meldingen of the vestigingen the user may report for."""
    if not user.is_authenticated:
        return Melding.objects.none()
    codes = meldvestigingen(user)
    return _basis().filter(
        vestiging_id__in=codes if len(codes) <= LETTERLIJKE_VESTIGINGEN else vestigingen_met(user, "melden")
    )


def meldbare_vestigingen(user):
    """The vestigingen the user may report for, by name; each knows whether it has active leslocaties, and for whom
    this query checked the permission.

    melding_indienen needs both (to require a leslocatie, and mag_melden_voor); asked here, they cost no query of
    their own.
    """
    return (
        Vestiging.objects.filter(code__in=vestigingen_met(user, "melden"))
        .annotate(
            heeft_actieve_leslocaties=Exists(Leslocatie.objects.filter(vestiging=OuterRef("pk"), actief=True)),
            meldbaar_voor=Value(user.pk, output_field=IntegerField()),
        )
        .order_by("naam")
    )


def mag_melden_voor(user, vestiging):
    """mag_melden for a Vestiging: no query when it came from meldbare_vestigingen(user), which filtered on that
    same permission moments ago in this request; any other vestiging asks the database."""
    if user.is_authenticated and getattr(vestiging, "meldbaar_voor", None) == user.pk:
        return True
    return mag_melden(user, vestiging.code)


def meldingen_van_gemeente(user):
    """Meldingen routed to a gemeente or RBL the user handles for (boa-marked ones only for that gemeente's boa)."""
    if not user.is_authenticated:
        return Melding.objects.none()
    return _basis().filter(gemeente_melding_filter(user))


def zichtbare_meldingen(user):
    if not user.is_authenticated:
        return Melding.objects.none()
    return _basis().filter(Q(vestiging_id__in=vestigingen_met(user, "melden")) | gemeente_melding_filter(user))


def melding_ophalen(queryset, meldingsnummer):
    """One melding out of a scoped queryset; 404 when it does not exist or is not the user's to see."""
    melding = queryset.filter(meldingsnummer=meldingsnummer).first()
    if melding is None:
        raise Http404("Melding niet gevonden")
    return melding


# A name as the portal writes it, "d'Ancona" (bron.models.volledige_naam): voorvoegsel "d'", achternaam "Ancona".
_VOORVOEGSEL_AANEEN = re.compile(r"(.+?['\u2019])(.+)")


def naam_bevat(zoek):
    """Q: every word of `zoek` occurs in the pupil's names (shared by the school list and the inbox)."""
    naam = Q()
    for woord in zoek.split()[:5]:
        deze = (
            Q(leerling__voornamen__icontains=woord)
            | Q(leerling__voorvoegsel__iexact=woord)
            | Q(leerling__achternaam__icontains=woord)
        )
        if aaneen := _VOORVOEGSEL_AANEEN.fullmatch(woord):
            deze |= Q(leerling__voorvoegsel__iexact=aaneen[1], leerling__achternaam__icontains=aaneen[2])
        naam &= deze
    return naam


def historie_van(melding, *, voor_school=False):
    """The melding's history, oldest first. The school does not see the hand-over to a boa (Wpg data)."""
    historie = melding.historie.select_related("door").order_by("created_at", "id")
    if voor_school:
        historie = historie.exclude(actie=Actie.OVERGEDRAGEN)
    return historie


def meldingen_filteren(
    meldingen,
    *,
    user=None,
    zoek="",
    status="",
    verzuimsoort="",
    school="",
    schooljaar=None,
    actie_gewenst="",
    ouderdom="",
    behandelaar="",
    termijn="",
    **_,
):
    """The inbox filters and search on an already user-scoped queryset (see InboxFilterForm)."""
    from datetime import timedelta

    from django.utils import timezone

    from .forms_gemeente import BSN_PATROON, MELDINGSNUMMER_PATROON

    if status:
        meldingen = meldingen.filter(status=status)
    if verzuimsoort:
        meldingen = meldingen.filter(verzuimsoort_id=verzuimsoort)
    school = (school or "").strip()
    if VESTIGINGSCODE.fullmatch(school.upper()):
        meldingen = meldingen.filter(vestiging_id=school.upper())
    elif school:
        meldingen = meldingen.filter(vestiging__naam__icontains=school)
    if schooljaar:
        meldingen = meldingen.filter(schooljaar=schooljaar)
    if actie_gewenst:
        meldingen = meldingen.filter(actie_gemeente_gewenst=actie_gewenst == "ja")
    nu = timezone.now()
    if ouderdom == "week":
        meldingen = meldingen.filter(created_at__gte=nu - timedelta(days=7))
    elif ouderdom == "maand":
        meldingen = meldingen.filter(created_at__lt=nu - timedelta(days=7), created_at__gte=nu - timedelta(weeks=4))
    elif ouderdom == "ouder":
        meldingen = meldingen.filter(created_at__lt=nu - timedelta(weeks=4))
    if behandelaar == "mij" and user is not None:
        meldingen = meldingen.filter(behandelaar=user)
    elif behandelaar == "niemand":
        meldingen = meldingen.filter(behandelaar__isnull=True)
    if termijn in ("te_laat", "lang_open"):
        from . import statistieken

        # One extra query: the thresholds in use (they differ per gemeente).
        meldingen = statistieken.met_termijnen(meldingen)
        filter_ = statistieken.te_laat_filter if termijn == "te_laat" else statistieken.lang_open_filter
        meldingen = meldingen.filter(filter_(meldingen))
    zoek = (zoek or "").strip()
    if BSN_PATROON.match(zoek):
        meldingen = meldingen.filter(leerling_id=zoek)
    elif MELDINGSNUMMER_PATROON.match(zoek):
        meldingen = meldingen.filter(meldingsnummer__iexact=zoek)
    elif zoek:
        meldingen = meldingen.filter(naam_bevat(zoek))
    return meldingen


def collegas(user, melding=None):
    """People who handle meldingen for the same gemeente/RBL: of this melding, or of any the user handles.

    A koppeling's service account has the same permission but is not a person a melding can be assigned to.
    """
    from django.contrib.auth import get_user_model

    from autorisatie.models import GemeenteUserObjectPermission, RblUserObjectPermission
    from autorisatie.predicates import gemeenterechten

    User = get_user_model()
    if not user.is_authenticated:
        return User.objects.none()
    if melding is not None:
        gemeenten, rbls = [melding.gemeente_id], [melding.rbl_id] if melding.rbl_id else []
    else:
        # The lists the inbox has already read (cached on the user): literal values plan in a fraction of the
        # time of nested sub-selects, and without an RBL the query has no OR.
        rechten = gemeenterechten(user)
        gemeenten, rbls = sorted(rechten["behandelen"]), sorted(rechten["rbl"])
    collega = Q(
        pk__in=GemeenteUserObjectPermission.objects.filter(
            permission__codename="behandelen", content_object_id__in=gemeenten
        ).values("user_id")
    )
    if rbls:
        collega |= Q(
            pk__in=RblUserObjectPermission.objects.filter(
                permission__codename="behandelen", content_object_id__in=rbls
            ).values("user_id")
        )
    return User.objects.filter(collega, is_active=True, koppeling__isnull=True).order_by(
        "last_name", "first_name", "username"
    )


def naam_van_gebruiker(voornaam, achternaam, gebruikersnaam):
    """A user's name from the columns of a values() row, as User.get_full_name() writes it, else the username."""
    return f"{voornaam} {achternaam}".strip() or gebruikersnaam


def naam_van(user):
    """A user's name as the portal shows it to colleagues and in the history: naam_van_gebruiker of a User.

    Templates write the same rule as `{{ user.get_full_name|default:user.username }}`.
    """
    return naam_van_gebruiker(user.first_name, user.last_name, user.username)


COLLEGAS_SECONDEN = 60


def collega_keuzes(user):
    """(id, name) of collegas(user) for the inbox's bulk form to show: cached a minute per set of gemeenten and RBLs.

    Every inbox page shows this list, and its query (built, compiled and read into users) was an eighth of the
    page's CPU (docs/performance.md). A colleague given or refused the right shows up or disappears within that
    minute; choosing goes through collegas() itself (the bulk view's form), so nobody refused can be assigned.
    """
    from django.core.cache import cache

    from autorisatie.predicates import gemeenterechten

    if not user.is_authenticated:
        return []
    rechten = gemeenterechten(user)
    sets = f"{sorted(rechten['behandelen'])}{sorted(rechten['rbl'])}"
    sleutel = "collega-keuzes-" + hashlib.sha256(sets.encode()).hexdigest()  # a beheerder's 342 codes: too long a key
    keuzes = cache.get(sleutel)
    if keuzes is None:
        keuzes = [
            (pk, naam_van_gebruiker(*namen))
            for pk, *namen in collegas(user).values_list("pk", "first_name", "last_name", "username")
        ]
        cache.set(sleutel, keuzes, COLLEGAS_SECONDEN)
    return keuzes


def meldingen_van_school_gefilterd(user, *, status="", verzuimsoort=None, schooljaar=None, zoek=""):
    """Mijn meldingen: the school's meldingen, newest first, narrowed by the list's filters.

    `zoek` matches a meldingsnummer exactly (case-insensitive) or every word against the pupil's names.
    """
    meldingen = meldingen_van_school(user)
    if status:
        meldingen = meldingen.filter(status=status)
    if verzuimsoort:
        meldingen = meldingen.filter(verzuimsoort=verzuimsoort)
    if schooljaar:
        meldingen = meldingen.filter(schooljaar=schooljaar)
    zoek = (zoek or "").strip()
    if zoek:
        meldingen = meldingen.filter(Q(meldingsnummer__iexact=zoek) | naam_bevat(zoek))
    return meldingen.order_by("-created_at", "-id")


def bewaarde_schooljaren():
    """The school years meldingen can belong to, newest first: retention keeps the current and the previous one.

    No query: the list page would otherwise scan the school's meldingen for a DISTINCT.
    """
    from django.utils import timezone

    from .services import schooljaar_van

    dit = schooljaar_van(timezone.localdate())
    return [dit, dit - 1]


def statuswijzigingen_sinds(user, sinds, *, max_aantal=20):
    """The school's meldingen whose status changed after `sinds` by someone else (the feedback schools missed)."""
    if sinds is None:
        return Melding.objects.none()
    return (
        meldingen_van_school(user)
        .select_related("afsluitreden")
        .filter(status_gewijzigd_op__gt=sinds)
        .exclude(status__in=[Status.GEREGISTREERD, Status.INGETROKKEN])
        .order_by("-status_gewijzigd_op")[:max_aantal]
    )


def leerling_voorbeeld(user, *, vestiging, persoonsgebonden_nummer, peildatum, afwijkend_gemeente=None):
    """What the melder sees before submitting: the pupil from Bron and where the melding would go, and why.

    Raises ValidationError (on persoonsgebonden_nummer) like melding_indienen would; PermissionDenied when
    the user may not report for this vestiging.
    """
    from django.core.exceptions import PermissionDenied

    from .routering import leerling_opzoeken, routeren

    if not mag_melden_voor(user, vestiging):
        raise PermissionDenied
    bron = leerling_opzoeken(vestiging=vestiging, persoonsgebonden_nummer=persoonsgebonden_nummer, peildatum=peildatum)
    return routeren(bron_gegevens=bron, afwijkend_gemeente=afwijkend_gemeente)


def eerdere_meldingen_voor_leerling(user, *, vestiging, leerling, max_aantal=5):
    """The school's earlier, not withdrawn meldingen about this pupil: shown in the preview so the melder
    changes an existing melding instead of reporting twice."""
    return (
        meldingen_van_school(user)
        .filter(vestiging=vestiging, leerling=leerling)
        .exclude(status=Status.INGETROKKEN)
        .order_by("-created_at")[:max_aantal]
    )


def gebeurtenissen_na(meldingen, na):
    """History rows after cursor `na` (a history id) of the meldingen in a scoped queryset, oldest first.

    The API's change feed: history ids only grow, so the id is the cursor. The hand-over to a boa is a
    Wpg marker, not an event for the school, so it is left out.
    """
    return (
        MeldingHistorie.objects.filter(id__gt=na, melding__in=meldingen.values("pk"))
        .exclude(actie=Actie.OVERGEDRAGEN)
        .select_related("melding")
        .only("id", "actie", "van_status", "naar_status", "gewijzigde_velden", "created_at", "melding__meldingsnummer")
        .order_by("id")
    )


def leslocaties_van_school(user):
    """The leslocaties of the vestigingen the user may report for (the choice in a melding)."""
    if not user.is_authenticated:
        return Leslocatie.objects.none()
    return Leslocatie.objects.filter(vestiging_id__in=vestigingen_met(user, "melden")).order_by(
        "vestiging_id", "locatiecode"
    )


VERZUIMSOORTEN_SECONDEN = 600


def verzuimsoort_keuzes(*, vernieuwen=False):
    """(code, naam) of every verzuimsoort for filters; reference data, cached for ten minutes (`vernieuwen`: now)."""
    from django.core.cache import cache

    from .models import Verzuimsoort

    keuzes = None if vernieuwen else cache.get("verzuimsoort-keuzes")
    if keuzes is None:
        keuzes = list(Verzuimsoort.objects.values_list("code", "naam"))
        cache.set("verzuimsoort-keuzes", keuzes, VERZUIMSOORTEN_SECONDEN)
    return keuzes


def met_verzuimsoortnaam(rijen):
    """The list rows (dicts with `verzuimsoort_id`) with `verzuimsoort__naam` from the cached list, not a join.

    One join fewer took half of the planning of the inbox's page query, which PostgreSQL plans for every request
    (docs/performance.md). A soort added since the list was cached reloads it; the name follows a rename within
    the same ten minutes as the filters' list.
    """
    rijen = list(rijen)
    namen = dict(verzuimsoort_keuzes())
    if not namen.keys() >= {rij["verzuimsoort_id"] for rij in rijen}:
        namen = dict(verzuimsoort_keuzes(vernieuwen=True))
    for rij in rijen:
        rij["verzuimsoort__naam"] = namen[rij["verzuimsoort_id"]]
    return rijen


def verzuimsoorten_einddatum_verplicht(peildatum):
    """Names of the verzuimsoorten valid on peildatum that need an einddatum (a help text); cached like the above."""
    from django.core.cache import cache

    from .models import Verzuimsoort

    sleutel = f"verzuimsoorten-einddatum-verplicht-{peildatum.isoformat()}"
    namen = cache.get(sleutel)
    if namen is None:
        namen = list(
            Verzuimsoort.objects.geldig_op(peildatum).filter(einddatum_verplicht=True).values_list("naam", flat=True)
        )
        cache.set(sleutel, namen, VERZUIMSOORTEN_SECONDEN)
    return namen
