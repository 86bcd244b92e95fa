"""Requests for inzage and correctie, with their one-month answer deadline."""

from django.conf import settings
from django.db import models

from bron.validators import valideer_persoonsgebonden_nummer


class Verzoeker(models.TextChoices):
    LEERLING = "leerling", "de leerling zelf"
    OUDER = "ouder", "ouder of voogd"
    GEMACHTIGDE = "gemachtigde", "gemachtigde"


class Inzageverzoek(models.Model):
    persoonsgebonden_nummer = models.CharField(max_length=9, validators=[valideer_persoonsgebonden_nummer])
    leerling_pseudoniem = models.CharField(max_length=64, db_index=True)
    verzoeker = models.CharField(max_length=12, choices=Verzoeker.choices)
    ontvangen_op = models.DateField()
    uiterlijk_op = models.DateField(help_text="Antwoordtermijn: één maand na ontvangst")
    beantwoord_op = models.DateField(null=True, blank=True)
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "inzageverzoek"
        verbose_name_plural = "inzageverzoeken"
        ordering = ["beantwoord_op", "uiterlijk_op"]

    def __str__(self):
        return f"Inzageverzoek {self.pk}"


# The school's factual data a pupil may have corrected. Not the vermoedelijke reden or soort
# verzuim: those are the school's assessment, not facts. Bron data is corrected at its source (BRP/DUO).
CORRIGEERBARE_GEGEVENS = [
    ("begindatum", "begindatum verzuim"),
    ("einddatum", "einddatum verzuim"),
    ("alle_lessen_gemist", "alle lessen gemist"),
    ("verzuimdagen", "verzuimdagen"),
    ("verzuimuren", "verzuimuren"),
    ("leslocatie", "leslocatie"),
    ("telefoonnummer_ouder_leerling", "telefoonnummer ouder of leerling"),
    ("afwijkend_adres", "afwijkend verblijfadres"),
]


class CorrectieStatus(models.TextChoices):
    BIJ_SCHOOL = "bij_school", "voorgelegd aan de school"
    SCHOOL_GEANTWOORD = "school_geantwoord", "school heeft geantwoord"
    AFGEHANDELD = "afgehandeld", "afgehandeld"


class SchoolAntwoord(models.TextChoices):
    JUIST = "juist", "gegeven is juist (bevestigd)"
    GECORRIGEERD = "gecorrigeerd", "gegeven is gecorrigeerd"


class Uitkomst(models.TextChoices):
    GECORRIGEERD = "gecorrigeerd", "gecorrigeerd"
    AFGEWEZEN = "afgewezen", "afgewezen: gegeven is juist"


class Correctieverzoek(models.Model):
    persoonsgebonden_nummer = models.CharField(max_length=9, validators=[valideer_persoonsgebonden_nummer])
    leerling_pseudoniem = models.CharField(max_length=64, db_index=True)
    melding = models.ForeignKey("meldingen.Melding", null=True, on_delete=models.SET_NULL, related_name="+")
    meldingsnummer = models.CharField(max_length=16)
    gegeven = models.CharField(max_length=40, choices=CORRIGEERBARE_GEGEVENS)
    gevraagde_correctie = models.TextField(max_length=1000)
    ontvangen_op = models.DateField()
    uiterlijk_op = models.DateField()
    status = models.CharField(max_length=20, choices=CorrectieStatus.choices, default=CorrectieStatus.BIJ_SCHOOL)
    school_antwoord = models.CharField(max_length=12, choices=SchoolAntwoord.choices, blank=True)
    school_toelichting = models.TextField(max_length=1000, blank=True)
    school_beantwoord_op = models.DateTimeField(null=True, blank=True)
    school_beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uitkomst = models.CharField(max_length=12, choices=Uitkomst.choices, blank=True)
    uitkomst_toelichting = models.TextField(max_length=1000, blank=True)
    afgehandeld_op = models.DateField(null=True, blank=True)
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "correctieverzoek"
        verbose_name_plural = "correctieverzoeken"
        ordering = ["afgehandeld_op", "uiterlijk_op"]

    def __str__(self):
        return f"Correctieverzoek {self.pk} ({self.meldingsnummer})"
