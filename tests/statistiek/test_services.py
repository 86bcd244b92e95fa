"""Retention purge across the 31 July / 1 August boundary, the statistics it keeps, and the OCW export."""

import csv
import datetime as dt
import io
import os
import threading
import time
from zoneinfo import ZoneInfo

import psycopg
import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from api.models import IdempotentieSleutel, Koppeling
from berichten import services as berichten_services
from berichten.models import Afwijzing, Herinnering, Uitgaand, VerzondenMail
from gemeenten.models import GemeenteInstellingen
from meldingen import services as meldingen_services
from meldingen.models import Melding, MeldingHistorie
from protocollering.services import leerling_pseudoniem
from rechten.models import Correctieverzoek
from statistiek import services
from statistiek.models import MeldingStatistiek, Opschoonronde
from tests.factories import LeerlingFactory, UserFactory, schoolgegevens

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")


def melden_op(personas, moment, **kwargs):
    """A melding submitted through the service at `moment` (so history, outbox and reminder rows exist too)."""
    with time_machine.travel(moment, tick=False):
        leerling = LeerlingFactory(vestiging=personas.school_a, woongemeente=personas.gemeente_x)
        vandaag = moment.date()
        return meldingen_services.melding_indienen(
            door=personas.melder_a,
            vestiging=personas.school_a,
            persoonsgebonden_nummer=leerling.persoonsgebonden_nummer,
            gegevens=schoolgegevens(
                personas.school_a, begindatum=vandaag - dt.timedelta(days=20), einddatum=vandaag - dt.timedelta(days=2)
            ),
        )


@pytest.fixture
def meldingen_2024_2025(personas):
    """Two meldingen of schooljaar 2024/25 (one handled after 3 days) and one of 2025/26."""
    GemeenteInstellingen.objects.create(gemeente=personas.gemeente_x, attenderingsmailbox="lpa@maasgouw.example")
    eerste = melden_op(personas, dt.datetime(2024, 9, 16, 10, tzinfo=AMS))
    with time_machine.travel(dt.datetime(2024, 9, 19, 11, tzinfo=AMS), tick=False):
        meldingen_services.melding_in_behandeling_nemen(door=personas.lpa_x, melding=eerste)
    laatste = melden_op(personas, dt.datetime(2025, 7, 31, 23, 30, tzinfo=AMS))
    jonger = melden_op(personas, dt.datetime(2025, 8, 1, 0, 30, tzinfo=AMS))
    assert (eerste.schooljaar, laatste.schooljaar, jonger.schooljaar) == (2024, 2024, 2025)
    return eerste, laatste, jonger


def test_31_juli_2026_blijft_alles_staan(meldingen_2024_2025):
    with time_machine.travel(dt.datetime(2026, 7, 31, 23, 59, tzinfo=AMS), tick=False):
        ronde = services.purge_verlopen()
    assert ronde.aantal_meldingen == 0
    assert Melding.objects.count() == 3
    assert not MeldingStatistiek.objects.exists()


def test_1_augustus_2026_gaat_schooljaar_2024_2025_weg_met_alles_erom_heen(meldingen_2024_2025, smtp_server):
    eerste, laatste, jonger = meldingen_2024_2025
    for rij in Uitgaand.objects.all():
        berichten_services.uitgaand_versturen(uitgaand_id=rij.pk)  # sent-log rows must go too
    assert VerzondenMail.objects.count() == 3
    with time_machine.travel(dt.datetime(2026, 8, 1, 0, 1, tzinfo=AMS), tick=False):
        ronde = services.purge_verlopen(batchgrootte=1)
    assert list(Melding.objects.values_list("pk", flat=True)) == [jonger.pk]
    for model in (MeldingHistorie, Uitgaand, VerzondenMail, Herinnering):
        assert set(model.objects.values_list("melding_id", flat=True)) == {jonger.pk}, model
    assert (ronde.aantal_meldingen, ronde.batches, ronde.schooljaren) == (2, 2, [2024])
    assert ronde.aantal_per_schooljaar == {"2024-2025": 2}
    assert ronde.langste_batch_ms < 1000
    assert Opschoonronde.objects.get() == ronde

    rij = MeldingStatistiek.objects.get(dagen_tot_behandeling__isnull=False)
    assert (rij.schooljaar, rij.maand, rij.verzuimsoort, rij.gemeente, rij.vestiging, rij.onderwijssoort) == (
        2024,
        9,
        "16_uur",
        eerste.gemeente_id,
        eerste.vestiging_id,
        eerste.vestiging.onderwijssoort,
    )
    assert rij.dagen_tot_behandeling == 3
    assert rij.leerling_pseudoniem == leerling_pseudoniem(eerste.leerling_id)
    assert MeldingStatistiek.objects.get(dagen_tot_behandeling__isnull=True).maand == 7
    # Nothing identifying survives in the statistics table.
    waarden = " ".join(str(v) for r in MeldingStatistiek.objects.values_list() for v in r)
    assert eerste.leerling_id not in waarden and eerste.meldingsnummer not in waarden

    with time_machine.travel(dt.datetime(2026, 8, 2, 2, 30, tzinfo=AMS), tick=False):
        assert services.purge_verlopen().aantal_meldingen == 0  # nightly run again: idempotent
    assert MeldingStatistiek.objects.count() == 2


def test_dry_run_toont_en_verwijdert_niets(meldingen_2024_2025):
    uit = io.StringIO()
    call_command("purge_verlopen", "--dry-run", "--peildatum", "2026-08-01", stdout=uit)
    assert "Schooljaar 2024-2025: 2 melding(en)" in uit.getvalue()
    assert Melding.objects.count() == 3
    assert not Opschoonronde.objects.exists()
    uit = io.StringIO()
    call_command("purge_verlopen", "--dry-run", "--peildatum", "2026-07-31", stdout=uit)
    assert "Niets te verwijderen" in uit.getvalue()


def test_purge_command_zonder_dry_run(meldingen_2024_2025):
    uit = io.StringIO()
    call_command("purge_verlopen", "--peildatum", "2026-08-01", stdout=uit)
    assert "Verwijderd: 2 melding(en) (2024-2025: 2)" in uit.getvalue()
    assert Melding.objects.count() == 1
    with pytest.raises(CommandError, match="peildatum"):
        call_command("purge_verlopen", "--peildatum", "1-8-2026")


def statistiek(n, **velden):
    basis = dict(
        schooljaar=2025,
        maand=10,
        verzuimsoort="16_uur",
        gemeente="1641",
        vestiging="00AR00",
        onderwijssoort="po",
        status="afgesloten",
        dagen_tot_behandeling=2,
        afsluitreden="terug_naar_school",
    )
    MeldingStatistiek.objects.bulk_create(
        [MeldingStatistiek(**{**basis, **velden, "leerling_pseudoniem": f"p{i % 4}"}) for i in range(n)]
    )


def test_export_schrijft_rijen_en_aggregaten_met_kleine_aantallen_onderdrukt(tmp_path):
    statistiek(6)  # 6 meldingen of 4 pupils in Maasgouw / 00AR00
    statistiek(2, gemeente="1930", vestiging="00AV00")
    statistiek(3, schooljaar=2024)
    call_command("export_statistiek", "--schooljaar", "2025-2026", "--map", str(tmp_path), stdout=io.StringIO())
    rijen = list(csv.DictReader((tmp_path / "statistiek_2025-2026_rijen.csv").open()))
    assert len(rijen) == 8
    assert set(rijen[0]) == set(services.RIJ_VELDEN)
    aggregaten = {
        (r["niveau"], r["code"]): r for r in csv.DictReader((tmp_path / "statistiek_2025-2026_aggregaten.csv").open())
    }
    assert aggregaten[("gemeente", "1641")]["meldingen"] == "6"
    assert aggregaten[("gemeente", "1641")]["leerlingen"] == "<5"
    assert aggregaten[("gemeente", "1641")]["gemiddeld_dagen_tot_behandeling"] == "2.0"
    assert aggregaten[("vestiging", "00AV00")]["meldingen"] == "<5"
    assert aggregaten[("vestiging", "00AV00")]["gemiddeld_dagen_tot_behandeling"] == ""


def test_export_weigert_onzin_schooljaar(tmp_path):
    with pytest.raises(CommandError, match="schooljaar"):
        call_command("export_statistiek", "--schooljaar", "2025", "--map", str(tmp_path))


def test_beheerscherm_toont_rondes_en_levert_csv(personas, client):
    statistiek(6)
    Opschoonronde.objects.create(
        gestart_op=dt.datetime(2026, 8, 1, 2, 30, tzinfo=AMS),
        peildatum=dt.date(2026, 8, 1),
        aantal_meldingen=6,
        aantal_per_schooljaar={"2024-2025": 6},
    )
    client.force_login(personas.beheer)
    pagina = client.get("/beheer/statistiek/").content.decode()
    assert "2025-2026" in pagina and "2024-2025: 6" in pagina
    response = client.get("/beheer/statistiek/", {"download": "aggregaten", "schooljaar": "2025-2026"})
    assert response["Content-Type"].startswith("text/csv")
    assert "gemeente,1641,6" in response.content.decode()
    assert client.get("/beheer/statistiek/", {"download": "rijen", "schooljaar": "kapot"}).status_code == 404


def test_beheerscherm_404_voor_anderen(personas, client):
    for persona in (personas.lpa_x, personas.melder_a, personas.buitenstaander):
        client.force_login(persona)
        assert client.get("/beheer/statistiek/").status_code == 404
        assert client.get("/beheer/statistiek/", {"download": "rijen", "schooljaar": "2025-2026"}).status_code == 404


def test_losse_mailregels_gaan_mee_met_hun_schooljaar(personas):
    for moment, sleutel in (
        (dt.datetime(2025, 7, 1, tzinfo=AMS), "oud"),
        (dt.datetime(2025, 9, 1, tzinfo=AMS), "nieuw"),
    ):
        with time_machine.travel(moment, tick=False):
            Uitgaand.objects.create(
                sleutel=f"herinnering:{sleutel}",
                soort="herinnering",
                gemeente=personas.gemeente_x,
                inhoud={"meldingen": [{"meldingsnummer": "VM24-0000001"}]},
                volgende_poging_op=moment,
            )
    assert services.wat_gaat_weg(peildatum=dt.date(2026, 8, 1))["berichten"] == 1
    ronde = services.purge_verlopen(peildatum=dt.date(2026, 8, 1))
    assert ronde.aantal_berichten == 1
    assert list(Uitgaand.objects.values_list("sleutel", flat=True)) == ["herinnering:nieuw"]


def test_purge_van_duizend_meldingen_houdt_elke_batch_onder_een_seconde(personas):
    leerling = LeerlingFactory(vestiging=personas.school_a, woongemeente=personas.gemeente_x)
    voorbeeld = melden_op(personas, dt.datetime(2023, 10, 2, 10, tzinfo=AMS))
    velden = {
        f.attname: getattr(voorbeeld, f.attname)
        for f in Melding._meta.concrete_fields
        if f.attname not in ("id", "meldingsnummer", "leerling_id")
    }
    Melding.objects.bulk_create(
        [Melding(**velden, meldingsnummer=f"VMX-{i:07d}", leerling_id=leerling.pk) for i in range(1000)]
    )
    with time_machine.travel(dt.datetime(2025, 8, 1, 3, tzinfo=AMS), tick=True):
        ronde = services.purge_verlopen()
    assert ronde.aantal_meldingen == 1001
    assert ronde.batches == -(-1001 // settings.PURGE_BATCHGROOTTE)  # rounded up
    assert ronde.langste_batch_ms < 1000
    assert MeldingStatistiek.objects.filter(leerling_pseudoniem=leerling_pseudoniem(leerling.pk)).count() == 1000


def met_alle_kinderen(melding, jonger):
    """Give `melding` a row in every table that references it; `jonger` (kept) links to its outbox row."""
    uitgaand = Uitgaand.objects.filter(melding=melding).first()
    VerzondenMail.objects.create(sleutel=f"los:{melding.pk}", melding=melding, message_id="<a@b>")
    VerzondenMail.objects.create(sleutel=f"uitgaand:{melding.pk}", uitgaand=uitgaand, message_id="<c@d>")
    Afwijzing.objects.create(uitgaand=uitgaand, soort="bounce", ontvanger="lpa@maasgouw.example")
    Uitgaand.objects.filter(melding=jonger).update(dagoverzicht=uitgaand)
    koppeling = Koppeling.objects.create(naam="lvs", gebruiker=UserFactory(), rol="melder", organisaties="00AR00")
    IdempotentieSleutel.objects.create(koppeling=koppeling, sleutel=f"k{melding.pk}", body_hash="0", melding=melding)
    return Correctieverzoek.objects.create(
        persoonsgebonden_nummer=melding.leerling_id,
        leerling_pseudoniem=leerling_pseudoniem(melding.leerling_id),
        melding=melding,
        meldingsnummer=melding.meldingsnummer,
        gegeven="begindatum",
        gevraagde_correctie="1 september",
        ontvangen_op=dt.date(2024, 10, 1),
        uiterlijk_op=dt.date(2024, 11, 1),
    )


def test_purge_laat_geen_rij_achter_die_naar_een_verwijderde_melding_wijst(meldingen_2024_2025):
    eerste, laatste, jonger = meldingen_2024_2025
    correctieverzoek = met_alle_kinderen(eerste, jonger)
    assert Herinnering.objects.filter(melding=laatste).exists() and MeldingHistorie.objects.filter(melding=eerste)

    ronde = services.purge_verlopen(peildatum=dt.date(2026, 8, 1))

    assert ronde.aantal_meldingen == 2
    weg = {eerste.pk, laatste.pk}
    for model in (MeldingHistorie, Uitgaand, VerzondenMail, Herinnering, IdempotentieSleutel):
        assert not model.objects.filter(melding_id__in=weg).exists(), model
    assert not VerzondenMail.objects.exists() and not Afwijzing.objects.exists()
    assert Uitgaand.objects.get(melding=jonger).dagoverzicht_id is None
    correctieverzoek.refresh_from_db()
    assert correctieverzoek.melding_id is None  # SET_NULL: the request itself is kept (its own retention)
    rij = MeldingStatistiek.objects.get(dagen_tot_behandeling=3)
    assert (rij.schooljaar, rij.maand, rij.verzuimsoort, rij.gemeente, rij.vestiging, rij.status) == (
        2024,
        9,
        eerste.verzuimsoort_id,
        eerste.gemeente_id,
        eerste.vestiging_id,
        "in_behandeling",
    )
    assert (rij.onderwijssoort, rij.afsluitreden) == (eerste.vestiging.onderwijssoort, "")
    assert rij.leerling_pseudoniem == leerling_pseudoniem(eerste.leerling_id)


def test_purge_kent_elke_foreign_key_naar_meldingen_en_hun_mailregels():
    """A new table referencing meldingen (or their outbox rows) must be added to services.VERWIJDEREN."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
            "AND confrelid IN ('meldingen_melding'::regclass, 'berichten_uitgaand'::regclass)"
        )
        assert cursor.fetchone()[0] >= 9
        assert services.onbehandelde_verwijzingen(cursor) == []


def test_purge_doet_per_batch_een_vast_aantal_statements_zonder_instances_te_laden(personas):
    """Django's delete() would SELECT each related table to cascade in Python: the statements must stay fixed."""

    def statements(aantal):
        for _ in range(aantal):
            melden_op(personas, dt.datetime(2024, 9, 16, 10, tzinfo=AMS))
        with CaptureQueriesContext(connection) as queries:
            ronde = services.purge_verlopen(peildatum=dt.date(2026, 8, 1), batchgrootte=3)
        assert (ronde.aantal_meldingen, ronde.batches) == (aantal, 1)
        return [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]

    GemeenteInstellingen.objects.create(gemeente=personas.gemeente_x, attenderingsmailbox="lpa@maasgouw.example")
    een, drie = statements(1), statements(3)
    # Once per run: the foreign keys, the triggers and the try of replica mode (rijcontroles_overslaan), the
    # tombstone insert and the id range; per batch: lock-and-read, the outbox lock, replica mode on, the deletes,
    # replica mode off; then the loose mail rows and the tombstone update.
    assert len(een) == len(drie) == 3 + 1 + 1 + 1 + 1 + 1 + len(services.VERWIJDEREN) + 1 + 1 + 1


@pytest.fixture
def trigger_op_meldingen():
    """Install a trigger on meldingen_melding for one test (a transactional test keeps DDL: dropped afterwards)."""
    namen = []

    def installeren(naam, functie, per, *, altijd=True):
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE FUNCTION {naam}() RETURNS trigger LANGUAGE plpgsql AS $$ {functie} $$")
            cursor.execute(
                f"CREATE TRIGGER {naam} AFTER DELETE ON meldingen_melding FOR EACH {per} EXECUTE FUNCTION {naam}()"
            )
            if altijd:  # fires in replica mode too, so the purge keeps skipping the per-row checks
                # ALTER TABLE refuses while the test's transaction has deferred checks pending: run them first.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                cursor.execute(f"ALTER TABLE meldingen_melding ENABLE ALWAYS TRIGGER {naam}")
        namen.append(naam)

    yield installeren
    with connection.cursor() as cursor:
        for naam in namen:
            cursor.execute(f"DROP TRIGGER IF EXISTS {naam} ON meldingen_melding")
            cursor.execute(f"DROP FUNCTION IF EXISTS {naam}()")
        cursor.execute("DROP TABLE IF EXISTS test_purge_backends")


def verbindingen():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'"
        )
        return cursor.fetchone()[0]


def test_twee_draden_purgen_elk_met_een_eigen_verbinding_en_sluiten_die(
    transactional_db, personas, trigger_op_meldingen
):
    verlopen = [melden_op(personas, dt.datetime(2024, 9, 16, 10, tzinfo=AMS)) for _ in range(8)]
    jonger = melden_op(personas, dt.datetime(2025, 9, 16, 10, tzinfo=AMS))
    # Every purge batch notes its backend and takes 100 ms, so both threads get batches.
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE test_purge_backends (pid integer)")
    trigger_op_meldingen(
        "test_purge_backend",
        "BEGIN INSERT INTO test_purge_backends VALUES (pg_backend_pid()); PERFORM pg_sleep(0.1); RETURN NULL; END",
        "STATEMENT",
    )
    voor = verbindingen()

    ronde = services.purge_verlopen(peildatum=dt.date(2026, 8, 1), batchgrootte=2, parallel=2)

    assert (ronde.aantal_meldingen, ronde.batches, ronde.aantal_per_schooljaar) == (8, 4, {"2024-2025": 8})
    assert not Melding.objects.filter(pk__in=[m.pk for m in verlopen]).exists()
    assert list(Melding.objects.values_list("pk", flat=True)) == [jonger.pk]
    assert MeldingStatistiek.objects.count() == 8
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT pid), bool_or(pid = pg_backend_pid()) FROM test_purge_backends")
        assert cursor.fetchone() == (4, 2, False)  # four batches over two other connections
    # The threads closed theirs (a closed backend can linger in pg_stat_activity for a moment).
    for _ in range(50):
        if verbindingen() == voor:
            break
        time.sleep(0.1)
    assert verbindingen() == voor


def test_faalt_een_batch_dan_stopt_de_purge_en_is_elke_melding_weg_met_statistiek_of_onaangeroerd(
    transactional_db, personas, trigger_op_meldingen
):
    verlopen = [melden_op(personas, dt.datetime(2024, 9, 16, 10, tzinfo=AMS)) for _ in range(10)]
    kapot = verlopen[0]  # the first batch fails at once; the other thread's batches take 500 ms each
    trigger_op_meldingen(
        "test_purge_kapot",
        f"BEGIN IF OLD.id = {kapot.pk} THEN RAISE EXCEPTION 'kapot'; END IF; RETURN NULL; END",
        "ROW",
    )
    trigger_op_meldingen("test_purge_traag", "BEGIN PERFORM pg_sleep(0.5); RETURN NULL; END", "STATEMENT")

    with pytest.raises(Exception, match="kapot"):
        services.purge_verlopen(peildatum=dt.date(2026, 8, 1), batchgrootte=2, parallel=2)

    over = set(Melding.objects.values_list("pk", flat=True))
    assert kapot.pk in over
    # The other thread stopped after the batch it was busy with: 4 batches were left, at most 1 ran.
    assert len(over) >= 8
    # Deleted with exactly one statistics row, or untouched with its history: never half.
    assert MeldingStatistiek.objects.count() == 10 - len(over)
    assert set(MeldingHistorie.objects.values_list("melding_id", flat=True)) == over
    ronde = Opschoonronde.objects.get()
    assert ronde.klaar_op is None and ronde.aantal_meldingen == 10 - len(over)  # the committed batches counted


# ---------------------------------------------------------------------------------------------------------------
# Without the per-row foreign key checks (session_replication_role = replica), and when the purge keeps them


def replicamodus():
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        return cursor.fetchone()[0]


def test_de_batches_slaan_de_rijcontroles_over_en_zetten_ze_daarna_terug(meldingen_2024_2025, trigger_op_meldingen):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE test_purge_modus (modus text)")
    trigger_op_meldingen(
        "test_purge_modus",
        "BEGIN INSERT INTO test_purge_modus VALUES (current_setting('session_replication_role')); RETURN NULL; END",
        "STATEMENT",
    )
    assert services.rijcontroles_overslaan()[0] is True
    assert replicamodus() == "origin"  # the try left nothing behind

    ronde = services.purge_verlopen(peildatum=dt.date(2026, 8, 1), batchgrootte=1)

    assert ronde.aantal_meldingen == 2 and "zonder rijcontroles" in ronde.werkwijze
    with connection.cursor() as cursor:
        cursor.execute("SELECT array_agg(modus) FROM test_purge_modus")
        assert cursor.fetchone()[0] == ["replica", "replica"]  # both batches deleted their meldingen in replica mode
    # Inside this test's transaction a batch is a savepoint: it set the mode back itself.
    assert replicamodus() == "origin"


def test_een_eigen_trigger_op_de_tabellen_houdt_de_rijcontroles_aan_en_gaat_af(
    meldingen_2024_2025, trigger_op_meldingen
):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE test_purge_audit (id integer)")
    trigger_op_meldingen(
        "test_purge_audit", "BEGIN INSERT INTO test_purge_audit VALUES (OLD.id); RETURN NULL; END", "ROW", altijd=False
    )
    eerste, laatste, _ = meldingen_2024_2025

    ronde = services.purge_verlopen(peildatum=dt.date(2026, 8, 1))

    assert ronde.werkwijze == "eigen triggers op de tabellen van de purge: meldingen_melding.test_purge_audit"
    with connection.cursor() as cursor:
        cursor.execute("SELECT array_agg(id ORDER BY id) FROM test_purge_audit")
        assert cursor.fetchone()[0] == sorted([eerste.pk, laatste.pk])  # replica mode would have skipped it


def test_een_verwijzing_die_de_purge_niet_kent_houdt_de_rijcontroles_aan_en_die_weigeren(meldingen_2024_2025):
    eerste, _, _ = meldingen_2024_2025
    with connection.cursor() as cursor:
        # Not deferrable: inside this test's transaction a deferred check would only run at a commit that never comes.
        cursor.execute("CREATE TABLE test_purge_nieuw (melding_id bigint REFERENCES meldingen_melding (id))")
        cursor.execute("INSERT INTO test_purge_nieuw VALUES (%s)", [eerste.pk])
        assert services.onbehandelde_verwijzingen(cursor) == [("test_purge_nieuw", "melding_id", "meldingen_melding")]
    assert services.rijcontroles_overslaan() == (
        False,
        "niet elke verwijzing wordt door de purge zelf verwijderd: test_purge_nieuw.melding_id",
    )

    with pytest.raises(IntegrityError, match="test_purge_nieuw"):
        services.purge_verlopen(peildatum=dt.date(2026, 8, 1), batchgrootte=1)

    assert Melding.objects.filter(pk=eerste.pk).exists()  # its batch rolled back whole
    assert not MeldingStatistiek.objects.filter(leerling_pseudoniem=leerling_pseudoniem(eerste.leerling_id)).exists()


def test_een_rol_die_replicamodus_niet_mag_zetten_purget_met_rijcontroles(meldingen_2024_2025):
    rol = f"vl_test_purge_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {rol} NOSUPERUSER")
        cursor.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {rol}")
        cursor.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {rol}")
        cursor.execute(f"SET ROLE {rol}")
    try:
        assert services.rijcontroles_overslaan() == (False, "de databaserol mag session_replication_role niet zetten")
        ronde = services.purge_verlopen(peildatum=dt.date(2026, 8, 1))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert ronde.aantal_meldingen == 2 and ronde.werkwijze.startswith("de databaserol mag")
    assert Melding.objects.count() == 1 and MeldingStatistiek.objects.count() == 2


def test_een_verwijzing_naar_een_mailregel_die_tijdens_de_batch_wordt_vastgelegd_blijft_niet_achter(
    transactional_db, personas
):
    """Without the per-row checks the batch must itself see every reference: it locks the outbox rows first."""
    GemeenteInstellingen.objects.create(gemeente=personas.gemeente_x, attenderingsmailbox="lpa@maasgouw.example")
    melding = melden_op(personas, dt.datetime(2024, 9, 16, 10, tzinfo=AMS))
    uitgaand = Uitgaand.objects.get(melding=melding)
    assert services.rijcontroles_overslaan()[0] is True
    with psycopg.connect(**connection.get_connection_params()) as ander:
        # Another transaction records a refusal of that mail and commits only after the purge has started its batch.
        # Checked at once (not at its commit), its foreign key holds a key-share lock on the outbox row until then:
        # the moment a deferred check takes that lock at commit, which may fall between two of the batch's statements.
        ander.execute("SET CONSTRAINTS ALL IMMEDIATE")
        ander.execute(
            "INSERT INTO berichten_afwijzing (ontvanger, uitgaand_id, soort, omschrijving, created_at) "
            "VALUES ('lpa@maasgouw.example', %s, 'bounce', '', now())",
            [uitgaand.pk],
        )
        later = threading.Timer(0.5, ander.commit)
        later.start()
        begin = time.monotonic()
        ronde = services.purge_verlopen(peildatum=dt.date(2026, 8, 1), parallel=1)
        later.join()
    assert time.monotonic() - begin >= 0.4  # the batch waited for the other transaction
    assert ronde.aantal_meldingen == 1 and "zonder rijcontroles" in ronde.werkwijze
    assert not Uitgaand.objects.exists()
    assert not Afwijzing.objects.exists()  # the refusal committed meanwhile went with its outbox row
