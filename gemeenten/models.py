"""Municipalities (CBS indeling) and the regional bureaus (RBL) that handle meldingen for several of them."""

from django.db import models


class Rbl(models.Model):
    """Regionaal Bureau Leerplicht: handles meldingen for the municipalities in its region."""

    code = models.SlugField("code", max_length=32, unique=True)
    naam = models.CharField("naam", max_length=200)

    class Meta:
        verbose_name = "regionaal bureau leerplicht"
        verbose_name_plural = "regionale bureaus leerplicht"
        ordering = ["naam"]
        permissions = [("behandelen", "Meldingen behandelen (leerplichtambtenaar)")]

    def __str__(self):
        return self.naam


class Gemeente(models.Model):
    code = models.CharField("gemeentecode", max_length=4, primary_key=True, help_text="CBS-code, 4 cijfers")
    naam = models.CharField("naam", max_length=200)
    provincie = models.CharField("provincie", max_length=100)
    rbl = models.ForeignKey(
        Rbl, verbose_name="RBL", null=True, blank=True, on_delete=models.SET_NULL, related_name="gemeenten"
    )

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["naam"]
        permissions = [
            ("behandelen", "Meldingen behandelen (leerplichtambtenaar)"),
            ("beheren_gemeente", "Gemeente-instellingen beheren"),
            ("boa", "Overgedragen dossiers inzien (boa)"),
        ]

    def __str__(self):
        return self.naam


class GemeenteInstellingen(models.Model):
    """TEMP (issue 5): minimal stand-in for issue 4's model with the same field names; issue 4's version wins."""

    class Mailfrequentie(models.TextChoices):
        PER_MELDING = "per_melding", "per melding"
        DAGELIJKS = "dagelijks", "dagelijks overzicht"

    gemeente = models.OneToOneField(Gemeente, on_delete=models.CASCADE, related_name="instellingen")
    attenderingsmailbox = models.EmailField("functionele mailbox voor attenderingsmails", blank=True)
    mailfrequentie = models.CharField(max_length=20, choices=Mailfrequentie.choices, default=Mailfrequentie.PER_MELDING)
    termijn_in_behandeling_schooldagen = models.PositiveSmallIntegerField(default=5)
    termijn_open_weken = models.PositiveSmallIntegerField(default=6)
    wpg_regime = models.CharField(max_length=20, default="vanaf_melding")

    class Meta:
        verbose_name = "gemeente-instellingen"
        verbose_name_plural = "gemeente-instellingen"

    def __str__(self):
        return f"Instellingen {self.gemeente_id}"
