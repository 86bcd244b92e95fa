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
