"""The melding (legal data set, Besluit verzuimmelding), its reference lists and its appended history."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .workflow import Status


class ReferentieQuerySet(models.QuerySet):
    def geldig_op(self, datum):
        return self.filter(Q(geldig_van__lte=datum), Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=datum))


class Referentie(models.Model):
    """A fixed list that changes with the law: codes with validity dates, never an enum."""

    code = models.SlugField(max_length=40, primary_key=True)
    naam = models.CharField(max_length=200)
    toelichting = models.CharField(max_length=300, blank=True)
    geldig_van = models.DateField()
    geldig_tot = models.DateField(null=True, blank=True)
    volgorde = models.PositiveSmallIntegerField(default=0)

    objects = ReferentieQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["volgorde", "naam"]

    def __str__(self):
        return self.naam

    def is_geldig_op(self, datum):
        """The same rule as ReferentieQuerySet.geldig_op, for a row already loaded (no query)."""
        return self.geldig_van <= datum and (self.geldig_tot is None or self.geldig_tot >= datum)


class Verzuimsoort(Referentie):
    einddatum_verplicht = models.BooleanField(default=False)

    class Meta(Referentie.Meta):
        verbose_name = "soort verzuim"
        verbose_name_plural = "soorten verzuim"


class Afsluitreden(Referentie):
    class Meta(Referentie.Meta):
        verbose_name = "reden afgesloten"
        verbose_name_plural = "redenen afgesloten"


class ToelichtingAfsluiting(Referentie):
    class Meta(Referentie.Meta):
        verbose_name = "toelichting afsluiting"
        verbose_name_plural = "toelichtingen afsluiting"


class Melding(models.Model):
    meldingsnummer = models.CharField(max_length=16, unique=True, editable=False)
    schooljaar = models.PositiveSmallIntegerField(
        db_index=True, help_text="Beginjaar van het schooljaar waarin de melding is gedaan (2026 = 2026-2027)"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.GEREGISTREERD)
    status_gewijzigd_op = models.DateTimeField()

    # Foreign keys carry db_index=False where a composite index in Meta already leads with the column
    # (vestiging, gemeente, rbl, leerling) or where the target is a small reference table that is end-dated
    # rather than deleted: every index costs each insert, and at a million meldingen there were 29.

    # Who reports, about whom
    vestiging = models.ForeignKey(
        "scholen.Vestiging", on_delete=models.PROTECT, related_name="meldingen", db_index=False
    )
    leerling = models.ForeignKey(
        "bron.Leerling",
        on_delete=models.PROTECT,
        related_name="meldingen",
        db_column="persoonsgebonden_nummer",
        db_index=False,
    )
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    # The school's part of the legal data set
    verzuimsoort = models.ForeignKey(Verzuimsoort, on_delete=models.PROTECT, related_name="+", db_index=False)
    begindatum = models.DateField()
    einddatum = models.DateField(null=True, blank=True)
    vermoedelijke_reden = models.TextField(blank=True)
    alle_lessen_gemist = models.BooleanField()
    ondernomen_actie = models.TextField(blank=True)
    actie_gemeente_gewenst = models.BooleanField()
    toelichting_geen_actie = models.TextField(blank=True)
    leslocatie = models.ForeignKey(
        "scholen.Leslocatie", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    melder_naam = models.CharField(max_length=200)
    melder_functie = models.CharField(max_length=200, blank=True)
    melder_telefoonnummer = models.CharField(max_length=20)
    melder_email = models.EmailField()
    telefoonnummer_ouder_leerling = models.CharField(max_length=20, blank=True)
    afwijkend_straat = models.CharField(max_length=200, blank=True)
    afwijkend_huisnummer = models.PositiveIntegerField(null=True, blank=True)
    afwijkend_huisletter = models.CharField(max_length=1, blank=True)
    afwijkend_huisnummertoevoeging = models.CharField(max_length=4, blank=True)
    afwijkend_postcode = models.CharField(max_length=6, blank=True)
    afwijkend_locatieaanduiding = models.CharField(max_length=20, blank=True)
    afwijkend_plaatsnaam = models.CharField(max_length=100, blank=True)
    afwijkend_gemeente = models.ForeignKey(
        "gemeenten.Gemeente", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    verzuimdagen = models.PositiveSmallIntegerField(null=True, blank=True)
    verzuimuren = models.PositiveSmallIntegerField(null=True, blank=True)

    # Routing: where it went and why
    gemeente = models.ForeignKey(
        "gemeenten.Gemeente", on_delete=models.PROTECT, related_name="meldingen", db_index=False
    )
    rbl = models.ForeignKey(
        "gemeenten.Rbl", null=True, blank=True, on_delete=models.PROTECT, related_name="meldingen", db_index=False
    )
    routering = models.JSONField(default=dict, help_text="Welke regel, welke Bron-gegevens, wanneer")

    # The gemeente's part
    behandelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    afsluitreden = models.ForeignKey(
        Afsluitreden, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    toelichting_afsluiting = models.ForeignKey(
        ToelichtingAfsluiting, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    contactpersoon_naam = models.CharField(max_length=200, blank=True)
    contactpersoon_functie = models.CharField(max_length=200, blank=True)
    contactpersoon_telefoonnummer = models.CharField(max_length=20, blank=True)
    contactpersoon_email = models.EmailField(blank=True)
    intrekkingsreden = models.TextField(blank=True)
    # A marker, not a status (DOMAIN.md): from this moment only the gemeente's boa may open the melding.
    overgedragen_aan_boa_op = models.DateTimeField("overgedragen aan boa / eigen dossier op", null=True, blank=True)
    overgedragen_aan_boa_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        indexes = [
            models.Index(fields=["vestiging", "-created_at"], name="melding_vestiging_nieuw"),
            # The inbox: a gemeente's meldingen not handed over to a boa, newest first. Partial, so the
            # planner can answer the inbox's COUNT from the index (160 ms -> 18 ms for Amsterdam's 38k).
            models.Index(
                fields=["gemeente", "-created_at"],
                name="melding_gemeente_open",
                condition=Q(overgedragen_aan_boa_op__isnull=True),
            ),
            models.Index(fields=["rbl", "-created_at"], name="melding_rbl_nieuw", condition=Q(rbl__isnull=False)),
            models.Index(fields=["leerling", "begindatum"], name="melding_leerling_begin"),
            # The werkvoorraad counts open meldingen per gemeente and behandelaar.
            models.Index(fields=["gemeente", "status", "behandelaar"], name="melding_gemeente_werkvoorraad"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=models.F("begindatum")),
                name="melding_einddatum_na_begindatum",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.AFGESLOTEN)
                | Q(afsluitreden__isnull=False, toelichting_afsluiting__isnull=False),
                name="melding_afgesloten_met_reden",
            ),
        ]

    def __str__(self):
        return self.meldingsnummer

    @property
    def schooljaar_label(self):
        return f"{self.schooljaar}-{self.schooljaar + 1}"

    @property
    def is_overgedragen_aan_boa(self):
        return self.overgedragen_aan_boa_op is not None

    @property
    def heeft_afwijkend_adres(self):
        return bool(self.afwijkend_postcode or self.afwijkend_straat)


class Actie(models.TextChoices):
    INGEDIEND = "ingediend", "ingediend"
    GEWIJZIGD = "gewijzigd", "gewijzigd"
    STATUS = "status", "status gewijzigd"
    DOORGEZET = "doorgezet", "doorgezet"
    TOEGEWEZEN = "toegewezen", "toegewezen"
    OVERGEDRAGEN = "overgedragen", "overgedragen aan boa / eigen dossier"


class MeldingHistorie(models.Model):
    """One appended row per event on a melding. Never updated."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="historie")
    actie = models.CharField(max_length=20, choices=Actie.choices)
    van_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    naar_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    gewijzigde_velden = models.JSONField(default=list, blank=True)
    toelichting = models.TextField(blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    door_naam = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "historieregel"
        verbose_name_plural = "historie"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_actie_display()} {self.created_at:%Y-%m-%d %H:%M}"


class DoorzetReden(models.TextChoices):
    VERHUISD = "verhuisd", "leerling is verhuisd"
    VERBLIJFT_ELDERS = "verblijft_elders", "leerling verblijft in een andere gemeente"
    ONJUISTE_GEMEENTE = "onjuiste_gemeente", "melding is bij de verkeerde gemeente terechtgekomen"
    REGIONALE_AFSPRAAK = "regionale_afspraak", "regionale afspraak over behandeling"
