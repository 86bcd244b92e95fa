"""seed_scale: a consistent register in every status, clear of the meldingsnummer sequence, refusing to run twice."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F
from django.utils import timezone

from berichten.models import Herinnering, Soort, Toestand, Uitgaand, VerzondenMail
from bron.models import Inschrijving, Leerling
from meldingen import services
from meldingen.models import Melding, MeldingHistorie
from meldingen.workflow import Status
from tests.factories import LeerlingFactory, schoolgegevens

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_seed_scale_vult_een_samenhangend_register(debug):
    call_command("seed_scale", leerlingen=3000, meldingen=1500, stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert Leerling.objects.count() == 3000
    assert Inschrijving.objects.count() >= 3000
    assert Melding.objects.count() == 1500
    assert set(Melding.objects.values_list("status", flat=True)) == set(Status.values)
    assert len(set(Melding.objects.values_list("schooljaar", flat=True))) == 2
    assert Melding.objects.filter(rbl__isnull=False).exists()
    # Every melding has its 'ingediend' row; handled ones their status rows.
    assert MeldingHistorie.objects.filter(actie="ingediend").count() == 1500
    afgesloten = (
        Melding.objects.filter(status=Status.AFGESLOTEN).annotate(n=Count("historie")).values_list("n", flat=True)
    )
    assert min(afgesloten) >= 3
    # What the outbox leaves: one sent attenderingsmail per melding, a reminder row while not yet in behandeling.
    assert Uitgaand.objects.filter(soort=Soort.ATTENDERING, toestand=Toestand.VERZONDEN).count() == 1500
    assert VerzondenMail.objects.filter(uitgaand__melding_id=F("melding_id")).count() == 1500
    assert set(Herinnering.objects.values_list("melding__status", flat=True)) == {Status.GEREGISTREERD}
    assert Herinnering.objects.count() == Melding.objects.filter(status=Status.GEREGISTREERD).count()
    assert not Herinnering.objects.filter(volgende_op__lte=timezone.now()).exists()  # no backlog of overdue ones
    rij = Uitgaand.objects.select_related("melding__verzuimsoort").first()
    assert rij.sleutel == f"attendering:{rij.melding_id}"
    assert rij.inhoud == {"meldingsnummer": rij.melding.meldingsnummer, "verzuimsoort": rij.melding.verzuimsoort.naam}
    # The pupil is enrolled at the reporting school; the melding went to the woongemeente unless an address deviates.
    for melding in Melding.objects.select_related("leerling")[:200]:
        assert Inschrijving.objects.filter(leerling=melding.leerling, vestiging=melding.vestiging).exists()
        if melding.afwijkend_gemeente_id is None:
            assert melding.gemeente_id == melding.leerling.woongemeente_id


def test_na_seed_scale_botst_een_nieuw_meldingsnummer_niet(debug, personas, leerling_a):
    call_command("seed_scale", leerlingen=500, meldingen=200, stdout=open("/dev/null", "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value FROM meldingen_meldingsnummer_seq")
        (laatste,) = cursor.fetchone()
    hoogste = max(int(n.split("-")[1]) for n in Melding.objects.values_list("meldingsnummer", flat=True))
    assert laatste >= hoogste

    melding = services.melding_indienen(
        door=personas.melder_a,
        vestiging=personas.school_a,
        persoonsgebonden_nummer=leerling_a.persoonsgebonden_nummer,
        gegevens=schoolgegevens(personas.school_a),
    )
    assert int(melding.meldingsnummer.split("-")[1]) > hoogste
    assert melding.uitgaande_berichten.get().pk > max(
        Uitgaand.objects.exclude(melding=melding).values_list("pk", flat=True)
    )


def test_seed_scale_weigert_een_tweede_keer_zonder_toevoegen(debug):
    call_command("seed_scale", leerlingen=300, meldingen=100, stdout=open("/dev/null", "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="--toevoegen"):
        call_command("seed_scale", leerlingen=300, meldingen=100)
    assert Melding.objects.count() == 100

    call_command("seed_scale", leerlingen=300, meldingen=100, seed=7, toevoegen=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Melding.objects.count() == 200
    assert Leerling.objects.count() == 600


def test_seed_scale_weigert_zonder_debug(settings):
    settings.DEBUG = False
    LeerlingFactory()
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_scale", leerlingen=10, meldingen=10)
    assert Melding.objects.count() == 0
