"""Koppelingen (machine-to-machine clients), their registered client certificates and idempotency keys."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from autorisatie.models import Rol


class Koppeling(models.Model):
    """One API client of one organisation, acting through its own service account.

    The service account holds the melder or leerplichtambtenaar role on the organisation(s), so
    every selector, predicate and service treats the koppeling exactly like a person in that role.
    """

    naam = models.CharField(max_length=200)
    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="koppeling", help_text="Serviceaccount"
    )
    rol = models.CharField(
        max_length=32,
        choices=[(Rol.MELDER, Rol.MELDER.label), (Rol.LEERPLICHTAMBTENAAR, Rol.LEERPLICHTAMBTENAAR.label)],
    )
    organisaties = models.CharField(max_length=500, help_text="Codes van vestigingen, gemeente of RBL (ter informatie)")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "koppeling"
        verbose_name_plural = "koppelingen"
        ordering = ["naam"]

    def __str__(self):
        return self.naam

    @property
    def is_school(self):
        return self.rol == Rol.MELDER


class Certificaat(models.Model):
    """A registered client certificate. Only the fingerprint is looked up per request."""

    koppeling = models.ForeignKey(Koppeling, on_delete=models.CASCADE, related_name="certificaten")
    vingerafdruk = models.CharField("SHA-256-vingerafdruk", max_length=64, unique=True, help_text="hex, kleine letters")
    subject = models.CharField(max_length=500)
    uitgever = models.CharField(max_length=500, blank=True)
    serienummer = models.CharField(max_length=64)
    geldig_van = models.DateTimeField()
    geldig_tot = models.DateTimeField(db_index=True)
    ingetrokken_op = models.DateTimeField(null=True, blank=True)
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "certificaat"
        verbose_name_plural = "certificaten"
        ordering = ["geldig_tot"]
        constraints = [
            models.CheckConstraint(condition=Q(geldig_tot__gt=models.F("geldig_van")), name="certificaat_geldigheid")
        ]

    def __str__(self):
        return f"{self.subject} ({self.vingerafdruk[:16]}…)"


class IdempotentieSleutel(models.Model):
    """An Idempotency-Key of a koppeling, the hash of the body it came with and the melding it created."""

    koppeling = models.ForeignKey(Koppeling, on_delete=models.CASCADE, related_name="+")
    sleutel = models.CharField(max_length=255)
    body_hash = models.CharField(max_length=64)
    melding = models.ForeignKey("meldingen.Melding", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "idempotentiesleutel"
        verbose_name_plural = "idempotentiesleutels"
        constraints = [models.UniqueConstraint(fields=["koppeling", "sleutel"], name="idempotentiesleutel_uniek")]

    def __str__(self):
        return f"idempotentiesleutel {self.pk}"
