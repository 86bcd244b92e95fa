"""The access log. Rows are only ever inserted (see the security issue for the hash chain and triggers)."""

from django.db import models


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

    class Meta:
        verbose_name = "toegangslogregel"
        verbose_name_plural = "toegangslog"
        indexes = [models.Index(fields=["actor_id", "tijdstip"], name="toegangslog_actor")]
