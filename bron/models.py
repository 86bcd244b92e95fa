"""Pupils as Bron (Basisregister onderwijs) knows them, with their enrolments."""

from django.db import models

from .validators import BSN, ONDERWIJSNUMMER, valideer_persoonsgebonden_nummer


class Geslacht(models.TextChoices):
    MAN = "M", "man"
    VROUW = "V", "vrouw"
    ONBEKEND = "O", "onbekend"


def volledige_naam(voornamen, voorvoegsel, achternaam):
    """A pupil's name as the portal shows it (Leerling.naam), also for rows read with values().

    A voorvoegsel that ends in an apostrophe is written against the surname: "d'" + "Ancona" is "d'Ancona".
    """
    if voorvoegsel.endswith(("'", "\u2019")) and achternaam:
        voorvoegsel, achternaam = "", voorvoegsel + achternaam
    return " ".join(part for part in (voornamen, voorvoegsel, achternaam) if part)


class Leerling(models.Model):
    persoonsgebonden_nummer = models.CharField(
        "persoonsgebonden nummer", max_length=9, primary_key=True, validators=[valideer_persoonsgebonden_nummer]
    )
    soort_nummer = models.CharField(
        "soort nummer", max_length=16, choices=[(BSN, "BSN"), (ONDERWIJSNUMMER, "onderwijsnummer")]
    )
    voornamen = models.CharField(max_length=200)
    voorvoegsel = models.CharField(max_length=20, blank=True)
    achternaam = models.CharField(max_length=200)
    geslacht = models.CharField(max_length=1, choices=Geslacht.choices)
    geboortedatum = models.DateField()
    straat = models.CharField(max_length=200, blank=True)
    huisnummer = models.PositiveIntegerField(null=True, blank=True)
    huisletter = models.CharField(max_length=1, blank=True)
    huisnummertoevoeging = models.CharField(max_length=4, blank=True)
    postcode = models.CharField(max_length=6, blank=True)
    plaats = models.CharField(max_length=100, blank=True)
    # No index: nothing looks pupils up by gemeente, and the Bron import pays for every index. No database
    # constraint either (docs/adr/0002): the import checks the codes itself, set-wise, with the gemeenten locked.
    woongemeente = models.ForeignKey(
        "gemeenten.Gemeente",
        on_delete=models.PROTECT,
        related_name="+",
        db_column="gemeentecode",
        db_index=False,
        db_constraint=False,
    )
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "leerling"
        verbose_name_plural = "leerlingen"

    def __str__(self):
        # No BSN here: __str__ ends up in logs and admin breadcrumbs.
        return self.naam

    @property
    def naam(self):
        return volledige_naam(self.voornamen, self.voorvoegsel, self.achternaam)

    @property
    def adres(self):
        nummer = f"{self.huisnummer or ''}{self.huisletter}"
        if self.huisnummertoevoeging:
            nummer += f"-{self.huisnummertoevoeging}"
        return f"{self.straat} {nummer}, {self.postcode} {self.plaats}".strip(" ,")


class Inschrijving(models.Model):
    # Covered by the (leerling, vestiging) index below; a separate one only slows the Bron import.
    leerling = models.ForeignKey(Leerling, on_delete=models.CASCADE, related_name="inschrijvingen", db_index=False)
    # Indexed below without Django's second "_like" index for a text key: nothing searches codes with LIKE. No
    # database constraint (docs/adr/0002): the import checks the codes itself, with the vestigingen locked.
    vestiging = models.ForeignKey(
        "scholen.Vestiging", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    inschrijfdatum = models.DateField()
    uitschrijfdatum = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "inschrijving"
        verbose_name_plural = "inschrijvingen"
        indexes = [
            models.Index(fields=["leerling", "vestiging"], name="inschrijving_leerling_vest"),
            # For PROTECT when a vestiging is deleted from the reference data.
            models.Index(fields=["vestiging"], name="inschrijving_vestiging"),
        ]

    def __str__(self):
        return f"inschrijving {self.vestiging_id} vanaf {self.inschrijfdatum}"
