"""The access log: append-only in the database, a hash chain the verifier checks, purge as the only delete."""

import datetime as dt
import itertools
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from protocollering.models import Resultaat, ToegangslogRegel
from protocollering.services import (
    protocolleer,
    toegangslog_opschonen,
    toegangslog_verifieren,
    toegangslog_verzegelen,
)
from tests.factories import MeldingFactory
from tests.mfa import login_met_mfa

pytestmark = pytest.mark.django_db

TABEL = ToegangslogRegel._meta.db_table


def _regels(n=3, **kwargs):
    return [protocolleer(actor="test", actie="melding_inzien", object=f"VMT-{i:07d}", **kwargs) for i in range(n)]


def test_database_weigert_update_en_delete():
    regel = _regels(1)[0]
    toegangslog_verzegelen()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ToegangslogRegel.objects.filter(pk=regel.pk).update(actie="iets anders")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ToegangslogRegel.objects.filter(pk=regel.pk).delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as c,
    ):
        c.execute(f"UPDATE {TABEL} SET hash = NULL WHERE id = %s", [regel.pk])


def test_onverzegelde_regel_mag_alleen_hash_krijgen():
    regel = _regels(1)[0]
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as c,
    ):
        c.execute(f"UPDATE {TABEL} SET hash = 'x', object = 'ander' WHERE id = %s", [regel.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ToegangslogRegel.objects.filter(pk=regel.pk).delete()


def test_verzegelen_ketent_in_volgorde_en_verifieren_slaagt(capsys):
    _regels(5)
    assert toegangslog_verzegelen() == 5
    _regels(2)
    assert toegangslog_verzegelen() == 2
    regels = list(ToegangslogRegel.objects.order_by("keten_volgnummer"))
    assert [r.keten_volgnummer for r in regels] == list(range(1, 8))
    assert all(b.vorige_hash == a.hash for a, b in itertools.pairwise(regels))
    call_command("verifieer_toegangslog")
    assert "7 verzegelde regels" in capsys.readouterr().out


def test_verifieer_vindt_regel_die_een_superuser_wijzigde():
    regels = _regels(4)
    toegangslog_verzegelen()
    with connection.cursor() as c:
        # What a superuser can do: switch the triggers off, edit, switch them back on.
        c.execute(f"ALTER TABLE {TABEL} DISABLE TRIGGER USER")
        c.execute(f"UPDATE {TABEL} SET actor = 'iemand anders' WHERE id = %s", [regels[2].pk])
        c.execute(f"ALTER TABLE {TABEL} ENABLE TRIGGER USER")
    uitkomst = toegangslog_verifieren()
    assert uitkomst.eerste_fout.pk == regels[2].pk
    with pytest.raises(CommandError, match=f"id={regels[2].pk}"):
        call_command("verifieer_toegangslog")


def test_verifieer_vindt_verwijderde_regel():
    regels = _regels(4)
    toegangslog_verzegelen()
    with connection.cursor() as c:
        c.execute(f"ALTER TABLE {TABEL} DISABLE TRIGGER USER")
        c.execute(f"DELETE FROM {TABEL} WHERE id = %s", [regels[1].pk])
        c.execute(f"ALTER TABLE {TABEL} ENABLE TRIGGER USER")
    assert toegangslog_verifieren().eerste_fout.pk == regels[2].pk


def test_opschonen_is_de_enige_verwijderroute_en_de_keten_blijft_geldig(settings):
    settings.TOEGANGSLOG_BEWAARTERMIJN_DAGEN = 30
    oud = _regels(3)
    nieuw = _regels(2)
    toegangslog_verzegelen()
    # tijdstip is content; move the old rows back the way a real clock would have (triggers off, then reseal).
    with connection.cursor() as c:
        c.execute(f"ALTER TABLE {TABEL} DISABLE TRIGGER USER")
        c.execute(
            f"UPDATE {TABEL} SET tijdstip = tijdstip - interval '40 days', hash = NULL, vorige_hash = NULL, "
            "keten_volgnummer = NULL"
        )
        c.execute(
            f"UPDATE {TABEL} SET tijdstip = tijdstip + interval '40 days' WHERE id = ANY(%s)",
            [[r.pk for r in nieuw]],
        )
        c.execute(f"ALTER TABLE {TABEL} ENABLE TRIGGER USER")
    toegangslog_verzegelen()
    assert toegangslog_opschonen() == 3
    assert not ToegangslogRegel.objects.filter(pk__in=[r.pk for r in oud]).exists()
    toegangslog_verzegelen()
    assert toegangslog_verifieren().in_orde
    # Without the purge's record, a missing start of the chain is an error.
    with connection.cursor() as c:
        c.execute(f"ALTER TABLE {TABEL} DISABLE TRIGGER USER")
        c.execute(f"DELETE FROM {TABEL} WHERE actie = 'toegangslog_opgeschoond'")
        c.execute(f"ALTER TABLE {TABEL} ENABLE TRIGGER USER")
    assert not toegangslog_verifieren().in_orde


def test_geen_bsn_en_alle_velden(personas, leerling_a, rf):
    request = rf.get("/", HTTP_USER_AGENT="Firefox", REMOTE_ADDR="10.1.2.3")
    regel = protocolleer(
        actor=personas.lpa_x,
        actie="bsn_zoeken",
        object="pseudo",
        request=request,
        doel="onderzoek",
    )
    regel.refresh_from_db()
    assert (regel.actor, regel.rol, regel.organisatie) == (
        "lpa.x",
        "leerplichtambtenaar",
        "1641",
    )
    assert (regel.herkomst, regel.user_agent, regel.doel) == (
        "10.1.2.3",
        "Firefox",
        "onderzoek",
    )
    assert regel.tijdstip is not None and regel.resultaat == Resultaat.TOEGESTAAN


def test_geweigerde_poging_op_melding_wordt_gelogd(client, personas):
    melding = MeldingFactory(vestiging=personas.school_a, gemeente=personas.gemeente_x)
    login_met_mfa(client, personas.melder_b)
    assert client.get(reverse("school:detail", args=[melding.meldingsnummer])).status_code == 404
    regel = ToegangslogRegel.objects.get(resultaat=Resultaat.GEWEIGERD)
    assert (regel.actor, regel.actie, regel.object) == (
        "melder.b",
        "school:detail",
        melding.meldingsnummer,
    )
    login_met_mfa(client, personas.melder_a)
    assert client.get(reverse("school:detail", args=[melding.meldingsnummer])).status_code == 200
    assert ToegangslogRegel.objects.filter(resultaat=Resultaat.TOEGESTAAN, object=melding.meldingsnummer).count() == 1
    assert ToegangslogRegel.objects.filter(resultaat=Resultaat.GEWEIGERD).count() == 1


def test_verzegelen_neemt_geen_tweede_keer_het_slot():
    """Two sealers never chain the same rows: the second one sees the advisory lock and returns 0.

    Advisory locks are database-wide, so the other process need not see our uncommitted rows.
    """
    _regels(2)
    code = (
        "import django,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE','verzuimloket.settings');django.setup();"
        "from django.db import connection;c=connection.cursor();c.execute('SELECT pg_advisory_lock(7001001)');"
        "import sys;print('ok',flush=True);sys.stdin.read()"
    )
    import os

    env = {**os.environ, "DATABASE_URL": _test_db_url()}
    proces = subprocess.Popen(
        [".venv/bin/python", "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert proces.stdout.readline().strip() == "ok"
        assert toegangslog_verzegelen() == 0
    finally:
        proces.stdin.close()
        proces.wait(timeout=30)
    assert toegangslog_verzegelen() == 2


def _test_db_url():
    d = connection.settings_dict
    return f"postgres://{d['USER']}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


def test_beat_schema_bevat_verzegelen(settings):
    taken = {v["task"] for v in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "protocollering.tasks.toegangslog_verzegelen_taak",
        "protocollering.tasks.toegangslog_opschonen_taak",
    } <= taken
    assert timezone.now() - dt.timedelta(days=settings.TOEGANGSLOG_BEWAARTERMIJN_DAGEN) < timezone.now()
