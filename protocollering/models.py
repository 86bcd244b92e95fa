"""The access log: append-only in the database and chained by hashes (see docs/adr/0001-toegangslog.md)."""

import pgtrigger
from django.db import models

# The purge in protocollering/services.py sets this session variable (SET LOCAL) for its own
# transaction only; the trigger refuses every other DELETE.
OPSCHONEN_VARIABELE = "verzuimloket.toegangslog_opschonen"

# The content columns: never changed after insert. Sealing may only fill the three chain columns.
INHOUD_KOLOMMEN = (
    "id",
    "tijdstip",
    "actor",
    "actor_id",
    "organisatie",
    "rol",
    "actie",
    "object",
    "resultaat",
    "herkomst",
    "user_agent",
    "doel",
)

_ONGEWIJZIGD = " AND ".join(f"NEW.{k} IS NOT DISTINCT FROM OLD.{k}" for k in INHOUD_KOLOMMEN)


class Resultaat(models.TextChoices):
    TOEGESTAAN = "toegestaan", "toegestaan"
    GEWEIGERD = "geweigerd", "geweigerd"


class ToegangslogRegel(models.Model):
    tijdstip = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.CharField("gebruiker of koppeling", max_length=150)
    actor_id = models.BigIntegerField(null=True, blank=True)
    organisatie = models.CharField(max_length=32, blank=True)
    rol = models.CharField(max_length=32, blank=True)
    actie = models.CharField(max_length=64)
    object = models.CharField("object", max_length=128, blank=True, help_text="meldingsnummer of pseudoniem")
    resultaat = models.CharField(max_length=10, choices=Resultaat.choices, default=Resultaat.TOEGESTAAN)
    herkomst = models.CharField("herkomst (IP)", max_length=64, blank=True)
    user_agent = models.CharField(max_length=256, blank=True)
    doel = models.CharField("doel", max_length=200, blank=True)
    # The chain, filled by the sealing step (toegangslog_verzegelen), not at insert.
    keten_volgnummer = models.BigIntegerField(null=True, blank=True, unique=True)
    # NULL, not "": "not sealed yet" is a state the triggers and the sealing step test for.
    vorige_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001

    class Meta:
        verbose_name = "toegangslogregel"
        verbose_name_plural = "toegangslog"
        indexes = [
            models.Index(fields=["actor_id", "tijdstip"], name="toegangslog_actor"),
            models.Index(fields=["object", "tijdstip"], name="toegangslog_object"),
            models.Index(
                fields=["id"],
                name="toegangslog_onverzegeld",
                condition=models.Q(hash__isnull=True),
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="toegangslog_alleen_verzegelen",
                operation=pgtrigger.Update,
                when=pgtrigger.Before,
                func=f"""
                    IF OLD.hash IS NULL AND NEW.hash IS NOT NULL AND {_ONGEWIJZIGD} THEN
                        RETURN NEW;
                    END IF;
                    RAISE EXCEPTION 'toegangslog is append-only: UPDATE geweigerd (id %)', OLD.id
                        USING ERRCODE = 'insufficient_privilege';
                """,
            ),
            pgtrigger.Trigger(
                name="toegangslog_alleen_opschonen",
                operation=pgtrigger.Delete,
                when=pgtrigger.Before,
                func=f"""
                    IF current_setting('{OPSCHONEN_VARIABELE}', true) = 'aan' AND OLD.hash IS NOT NULL THEN
                        RETURN OLD;
                    END IF;
                    RAISE EXCEPTION 'toegangslog is append-only: DELETE geweigerd (id %)', OLD.id
                        USING ERRCODE = 'insufficient_privilege';
                """,
            ),
        ]

    def __str__(self):
        return f"{self.tijdstip:%Y-%m-%d %H:%M:%S} {self.actor} {self.actie} {self.resultaat}"
