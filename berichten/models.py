"""Outgoing mail as data: the transactional outbox, the sent-mail log, mailbox problems and reminder rows."""

from django.db import models
from django.db.models import Q


class Soort(models.TextChoices):
    ATTENDERING = "attendering", "attenderingsmail nieuwe melding"
    DOORGEZET = "doorgezet", "attenderingsmail doorgezette melding"
    DAGOVERZICHT = "dagoverzicht", "dagelijks overzicht nieuwe meldingen"
    HERINNERING = "herinnering", "herinnering: niet in behandeling genomen"
    OVERZICHT_GEMEENTE = "overzicht_gemeente", "maandoverzicht gemeente"
    OVERZICHT_SCHOOL = "overzicht_school", "maandoverzicht school"


class Toestand(models.TextChoices):
    WACHTEND = "wachtend", "wacht op verzending"
    WACHT_OP_DAGOVERZICHT = "wacht_op_dagoverzicht", "wacht op het dagelijks overzicht"
    GEBUNDELD = "gebundeld", "opgenomen in een dagelijks overzicht"
    VERZONDEN = "verzonden", "verzonden"
    MISLUKT = "mislukt", "mislukt, aandacht nodig"


class Uitgaand(models.Model):
    """One mail the loket has decided to send, written in the same transaction as the decision.

    The relay hands due rows (toestand wachtend, volgende_poging_op in the past) to Celery; the row,
    not the broker, is the source of truth, so a lost Redis message only delays a mail.
    """

    sleutel = models.CharField(max_length=120, unique=True, help_text="Uniek per melding en soort mail")
    soort = models.CharField(max_length=30, choices=Soort.choices)
    toestand = models.CharField(max_length=30, choices=Toestand.choices, default=Toestand.WACHTEND)
    melding = models.ForeignKey(
        "meldingen.Melding", null=True, blank=True, on_delete=models.CASCADE, related_name="uitgaande_berichten"
    )
    gemeente = models.ForeignKey(
        "gemeenten.Gemeente", null=True, blank=True, on_delete=models.SET_NULL, related_name="uitgaande_berichten"
    )
    vestiging = models.ForeignKey(
        "scholen.Vestiging", null=True, blank=True, on_delete=models.SET_NULL, related_name="uitgaande_berichten"
    )
    dagoverzicht = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="gebundeld")
    inhoud = models.JSONField(default=dict, blank=True, help_text="Alleen meldingsnummers, soorten en aantallen")
    ontvangers = models.JSONField(default=list, blank=True)
    pogingen = models.PositiveIntegerField(default=0)
    eerste_poging_op = models.DateTimeField(null=True, blank=True)
    volgende_poging_op = models.DateTimeField()
    laatste_fout = models.CharField(max_length=500, blank=True)
    smtp_code = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    verzonden_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "uitgaand bericht"
        verbose_name_plural = "uitgaande berichten"
        indexes = [
            models.Index(fields=["volgende_poging_op"], name="uitgaand_te_versturen", condition=Q(toestand="wachtend")),
            models.Index(
                fields=["gemeente"], name="uitgaand_dagoverzicht", condition=Q(toestand="wacht_op_dagoverzicht")
            ),
            models.Index(fields=["created_at"], name="uitgaand_created"),
        ]

    def __str__(self):
        return self.sleutel


class VerzondenMail(models.Model):
    """The sent-mail log. The unique sleutel makes sending idempotent: a redelivered task finds it and stops."""

    sleutel = models.CharField(max_length=120, unique=True)
    uitgaand = models.OneToOneField(Uitgaand, null=True, blank=True, on_delete=models.CASCADE, related_name="verzonden")
    melding = models.ForeignKey(
        "meldingen.Melding", null=True, blank=True, on_delete=models.CASCADE, related_name="verzonden_mails"
    )
    ontvangers = models.JSONField(default=list)
    message_id = models.CharField(max_length=200)
    verzonden_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "verzonden mail"
        verbose_name_plural = "verzonden mails"

    def __str__(self):
        return self.sleutel


class AfwijzingSoort(models.TextChoices):
    PERMANENT = "permanent", "permanente SMTP-fout (5xx)"
    BOUNCE = "bounce", "bounce (onbestelbaar gemeld)"
    GEEN_ADRES = "geen_adres", "geen mailadres ingesteld"


class Afwijzing(models.Model):
    """A mailbox that refused mail (5xx, bounce) or is missing: shown to beheer per gemeente mailbox."""

    ontvanger = models.CharField(max_length=254, blank=True)
    gemeente = models.ForeignKey(
        "gemeenten.Gemeente", null=True, blank=True, on_delete=models.SET_NULL, related_name="mailafwijzingen"
    )
    vestiging = models.ForeignKey(
        "scholen.Vestiging", null=True, blank=True, on_delete=models.SET_NULL, related_name="mailafwijzingen"
    )
    uitgaand = models.ForeignKey(Uitgaand, null=True, blank=True, on_delete=models.CASCADE, related_name="afwijzingen")
    soort = models.CharField(max_length=20, choices=AfwijzingSoort.choices)
    smtp_code = models.PositiveSmallIntegerField(null=True, blank=True)
    omschrijving = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "afgewezen mail"
        verbose_name_plural = "afgewezen mails (per mailbox)"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.ontvanger or '-'}: {self.get_soort_display()}"


class Herinnering(models.Model):
    """When to remind the gemeente next about a melding not yet taken in behandeling. Read by a periodic task."""

    melding = models.OneToOneField("meldingen.Melding", on_delete=models.CASCADE, related_name="herinnering")
    volgende_op = models.DateTimeField(db_index=True)
    aantal = models.PositiveSmallIntegerField(default=0)
    laatst_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "herinnering"
        verbose_name_plural = "herinneringen"

    def __str__(self):
        return f"herinnering {self.melding_id} op {self.volgende_op:%Y-%m-%d}"
