"""Who may act for which organisation in which role.

An Autorisatie row is the fact beheer manages (since when, confirmed when); the django-guardian
object permissions on the organisation objects are what the predicates check. The service in
autorisatie/services.py keeps both in step.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class Rol(models.TextChoices):
    MELDER = "melder", "melder"
    BEHEERDER_ONDERWIJS = "beheerder_onderwijs", "beheerder onderwijs"
    LEERPLICHTAMBTENAAR = "leerplichtambtenaar", "leerplichtambtenaar"
    GEMEENTE_BEHEERDER = "gemeente_beheerder", "gemeente-beheerder"
    BOA = "boa", "boa"
    LOKET_BEHEER = "loket_beheer", "loket beheer"
    PRIVACY_OFFICER = "privacy_officer", "privacy officer"


class Autorisatie(models.Model):
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="autorisaties")
    rol = models.CharField(max_length=32, choices=Rol.choices)
    vestiging = models.ForeignKey("scholen.Vestiging", null=True, blank=True, on_delete=models.CASCADE)
    gemeente = models.ForeignKey("gemeenten.Gemeente", null=True, blank=True, on_delete=models.CASCADE)
    rbl = models.ForeignKey("gemeenten.Rbl", null=True, blank=True, on_delete=models.CASCADE)
    sinds = models.DateTimeField(auto_now_add=True)
    laatst_bevestigd_op = models.DateTimeField(null=True, blank=True)
    verleend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A suspended authorisation keeps its row (for the review) but grants nothing: the guardian
    # permission is removed while geschorst_op is set.
    geschorst_op = models.DateTimeField(null=True, blank=True)
    schorsingsreden = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "autorisatie"
        verbose_name_plural = "autorisaties"
        constraints = [
            models.UniqueConstraint(
                fields=["gebruiker", "rol", "vestiging", "gemeente", "rbl"],
                nulls_distinct=False,
                name="autorisatie_uniek",
            ),
            models.CheckConstraint(
                condition=(
                    Q(vestiging__isnull=True, gemeente__isnull=True, rbl__isnull=True)
                    | Q(vestiging__isnull=False, gemeente__isnull=True, rbl__isnull=True)
                    | Q(vestiging__isnull=True, gemeente__isnull=False, rbl__isnull=True)
                    | Q(vestiging__isnull=True, gemeente__isnull=True, rbl__isnull=False)
                ),
                name="autorisatie_hoogstens_een_organisatie",
            ),
        ]

    def __str__(self):
        return f"{self.gebruiker} – {self.get_rol_display()} – {self.organisatie or 'loket'}"

    @property
    def organisatie(self):
        return self.vestiging or self.gemeente or self.rbl


class Profiel(models.Model):
    """A user's own contact details, used to prefill the melder fields of a melding and the gemeentelijke contactpersoon."""

    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="profiel"
    )
    functie = models.CharField("functie", max_length=200, blank=True)
    telefoonnummer = models.CharField("telefoonnummer", max_length=20, blank=True)

    class Meta:
        verbose_name = "profiel"
        verbose_name_plural = "profielen"

    def __str__(self):
        return f"Profiel {self.gebruiker_id}"


class VestigingUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("scholen.Vestiging", on_delete=models.CASCADE)


class VestigingGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("scholen.Vestiging", on_delete=models.CASCADE)


class GemeenteUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("gemeenten.Gemeente", on_delete=models.CASCADE)


class GemeenteGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("gemeenten.Gemeente", on_delete=models.CASCADE)


class RblUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("gemeenten.Rbl", on_delete=models.CASCADE)


class RblGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("gemeenten.Rbl", on_delete=models.CASCADE)


class VerzoekStatus(models.TextChoices):
    INGEDIEND = "ingediend", "ingediend"
    GOEDGEKEURD = "goedgekeurd", "goedgekeurd"
    AFGEWEZEN = "afgewezen", "afgewezen"


class VerzoekSoort(models.TextChoices):
    TOEKENNEN = "toekennen", "toekennen"
    INTREKKEN = "intrekken", "intrekken"


class Autorisatieverzoek(models.Model):
    """An organisation asks beheer to authorise a person (with the signed declaration, PDF) or to revoke
    a role someone holds (with the reason). Beheer decides."""

    soort = models.CharField(max_length=10, choices=VerzoekSoort.choices, default=VerzoekSoort.TOEKENNEN)
    voornaam = models.CharField(max_length=100)
    achternaam = models.CharField(max_length=150)
    email = models.EmailField()
    rol = models.CharField(max_length=32, choices=Rol.choices)
    vestiging = models.ForeignKey(
        "scholen.Vestiging",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    gemeente = models.ForeignKey(
        "gemeenten.Gemeente",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    rbl = models.ForeignKey(
        "gemeenten.Rbl",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # In the database rather than on disk: small, backed up with the rest, never served by a web server.
    # Required for toekennen (the service checks it); a revocation needs no declaration.
    verklaring = models.BinaryField("ondertekende verklaring (PDF)", blank=True, default=b"")
    verklaring_bestandsnaam = models.CharField(max_length=200, blank=True)
    toelichting = models.TextField("toelichting", blank=True)
    status = models.CharField(max_length=12, choices=VerzoekStatus.choices, default=VerzoekStatus.INGEDIEND)
    ingediend_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    ingediend_op = models.DateTimeField(auto_now_add=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    beoordeeld_op = models.DateTimeField(null=True, blank=True)
    afwijzingsreden = models.CharField(max_length=500, blank=True)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="autorisatieverzoeken",
    )

    class Meta:
        verbose_name = "autorisatieverzoek"
        verbose_name_plural = "autorisatieverzoeken"
        ordering = ["-ingediend_op"]

    def __str__(self):
        return f"Verzoek {self.pk} ({self.get_soort_display()} {self.get_rol_display()}, {self.get_status_display()})"

    @property
    def organisatie(self):
        return self.vestiging or self.gemeente or self.rbl

    @property
    def naam(self):
        return f"{self.voornaam} {self.achternaam}"


class Activatielink(models.Model):
    """A one-time link to set a password and enrol MFA. Only the token's SHA-256 is stored."""

    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    verloopt_op = models.DateTimeField()
    gebruikt_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "activatielink"
        verbose_name_plural = "activatielinks"

    def __str__(self):
        return f"activatielink {self.pk}"
