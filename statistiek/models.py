"""Non-identifiable statistics that outlive the meldingen, and the tombstone of every retention purge run."""

from django.db import models


class MeldingStatistiek(models.Model):
    """One row per purged melding. No BSN, name, address, reason or meldingsnummer: only a keyed pseudonym."""

    schooljaar = models.PositiveSmallIntegerField(db_index=True, help_text="Beginjaar (2025 = 2025-2026)")
    maand = models.PositiveSmallIntegerField(help_text="Maand waarin de melding is gedaan (1-12)")
    verzuimsoort = models.CharField(max_length=40)
    gemeente = models.CharField("gemeentecode", max_length=4)
    vestiging = models.CharField("vestigingscode", max_length=6)
    onderwijssoort = models.CharField(max_length=3)
    status = models.CharField(max_length=20)
    dagen_tot_behandeling = models.PositiveIntegerField(null=True, blank=True)
    afsluitreden = models.CharField(max_length=40, blank=True)
    leerling_pseudoniem = models.CharField(max_length=64, db_index=True, help_text="HMAC-SHA256 met PSEUDONIEM_SLEUTEL")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "meldingstatistiek"
        verbose_name_plural = "meldingstatistiek"
        indexes = [models.Index(fields=["schooljaar", "gemeente", "vestiging"], name="statistiek_jaar_org")]

    def __str__(self):
        return f"{self.schooljaar}-{self.schooljaar + 1} {self.gemeente} {self.vestiging} {self.verzuimsoort}"


class Opschoonronde(models.Model):
    """Tombstone of one purge run: when, how many, which schooljaren. Never deleted."""

    gestart_op = models.DateTimeField()
    klaar_op = models.DateTimeField(null=True, blank=True)
    peildatum = models.DateField()
    schooljaren = models.JSONField(default=list, help_text="Beginjaren van de verwijderde schooljaren")
    aantal_meldingen = models.PositiveIntegerField(default=0)
    aantal_per_schooljaar = models.JSONField(default=dict)
    aantal_berichten = models.PositiveIntegerField(default=0, help_text="Verwijderde mailregels zonder melding")
    batches = models.PositiveIntegerField(default=0)
    langste_batch_ms = models.PositiveIntegerField(default=0)
    werkwijze = models.CharField(
        max_length=500, blank=True, help_text="Met of zonder de foreign-key-controles per rij, en waarom"
    )

    class Meta:
        verbose_name = "opschoonronde"
        verbose_name_plural = "opschoonrondes"
        ordering = ["-gestart_op"]

    def __str__(self):
        return f"{self.gestart_op:%Y-%m-%d %H:%M}: {self.aantal_meldingen} meldingen"
