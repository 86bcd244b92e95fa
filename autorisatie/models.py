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
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

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
