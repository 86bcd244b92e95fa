"""School locations (vestigingen, BRIN + volgnummer) and each school's own list of leslocaties."""

from django.conf import settings
from django.db import models


class Onderwijssoort(models.TextChoices):
    PO = "po", "primair onderwijs"
    VO = "vo", "voortgezet onderwijs"
    SO = "so", "speciaal onderwijs"
    MBO = "mbo", "middelbaar beroepsonderwijs"


class Vestiging(models.Model):
    code = models.CharField(
        "vestigingscode", max_length=6, primary_key=True, help_text="BRIN + volgnummer, bijv. 00AR00"
    )
    brin = models.CharField("BRIN", max_length=4, db_index=True)
    naam = models.CharField("naam", max_length=200)
    plaats = models.CharField("plaats", max_length=100)
    postcode = models.CharField("postcode", max_length=6, blank=True)
    gemeente = models.ForeignKey("gemeenten.Gemeente", on_delete=models.PROTECT, related_name="vestigingen")
    onderwijssoort = models.CharField(max_length=3, choices=Onderwijssoort.choices)
    schooltype = models.CharField(max_length=30, blank=True)
    vakantieregio = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name = "vestiging"
        verbose_name_plural = "vestigingen"
        ordering = ["code"]
        permissions = [
            ("melden", "Verzuim melden (melder)"),
            ("beheren_onderwijs", "Leslocaties en contactpersonen beheren (beheerder onderwijs)"),
        ]

    def __str__(self):
        return f"{self.naam} ({self.code})"


class Leslocatie(models.Model):
    vestiging = models.ForeignKey(Vestiging, on_delete=models.CASCADE, related_name="leslocaties")
    locatiecode = models.CharField("locatiecode", max_length=20)
    naam = models.CharField("naam", max_length=200)
    actief = models.BooleanField("actief", default=True)

    class Meta:
        verbose_name = "leslocatie"
        verbose_name_plural = "leslocaties"
        ordering = ["vestiging", "locatiecode"]
        constraints = [
            models.UniqueConstraint(fields=["vestiging", "locatiecode"], name="leslocatie_uniek_per_vestiging")
        ]

    def __str__(self):
        return f"{self.naam} ({self.locatiecode})"


class Portaalbezoek(models.Model):
    """When a user last opened the start page: the dashboard shows what changed since then."""

    gebruiker = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portaalbezoek")
    laatst_bezocht_op = models.DateTimeField()

    class Meta:
        verbose_name = "portaalbezoek"
        verbose_name_plural = "portaalbezoeken"

    def __str__(self):
        return f"{self.gebruiker_id} {self.laatst_bezocht_op:%Y-%m-%d %H:%M}"
