"""Municipalities (CBS indeling) and the regional bureaus (RBL) that handle meldingen for several of them."""

from django.conf import settings
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


class Mailfrequentie(models.TextChoices):
    PER_MELDING = "per_melding", "een attenderingsmail per melding"
    DAGELIJKS = "dagelijks", "één dagelijkse samenvatting"


class WpgRegime(models.TextChoices):
    VANAF_MELDING = "vanaf_melding", "politiegegevens (Wpg) vanaf de melding"
    VANAF_PROCES_VERBAAL = "vanaf_proces_verbaal", "politiegegevens (Wpg) pas vanaf het besluit tot proces-verbaal"


class GemeenteInstellingen(models.Model):
    """What a gemeente's own beheerder decides: where attenderingsmails go, how often, the overdue thresholds, the Wpg regime.

    A gemeente without a row uses the defaults (see `instellingen_van` in gemeenten/services.py).
    """

    gemeente = models.OneToOneField(Gemeente, primary_key=True, on_delete=models.CASCADE, related_name="instellingen")
    attenderingsmailbox = models.EmailField(
        "functionele mailbox voor attenderingsmails",
        blank=True,
        help_text="Ontvangt een bericht zonder persoonsgegevens als er een melding binnenkomt.",
    )
    mailfrequentie = models.CharField(
        "attenderingsmails", max_length=20, choices=Mailfrequentie.choices, default=Mailfrequentie.PER_MELDING
    )
    termijn_in_behandeling_schooldagen = models.PositiveSmallIntegerField(
        "in behandeling nemen binnen (schooldagen)",
        default=5,
        help_text="Een nieuwe melding die na zoveel schooldagen nog niet in behandeling is, telt als te laat.",
    )
    termijn_open_weken = models.PositiveSmallIntegerField(
        "open hooguit (weken)",
        default=6,
        help_text="Een melding die langer open staat, telt als lang open in de werkvoorraad.",
    )
    wpg_regime = models.CharField(
        "Wpg-regime", max_length=24, choices=WpgRegime.choices, default=WpgRegime.VANAF_PROCES_VERBAAL
    )
    gewijzigd_op = models.DateTimeField(auto_now=True)
    gewijzigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "gemeente-instellingen"
        verbose_name_plural = "gemeente-instellingen"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    termijn_in_behandeling_schooldagen__gte=1, termijn_in_behandeling_schooldagen__lte=60
                ),
                name="instellingen_termijn_schooldagen_redelijk",
            ),
            models.CheckConstraint(
                condition=models.Q(termijn_open_weken__gte=1, termijn_open_weken__lte=52),
                name="instellingen_termijn_weken_redelijk",
            ),
        ]

    def __str__(self):
        return f"Instellingen {self.gemeente_id}"
