"""API shapes: validate JSON and turn it into the services' arguments, and shape meldingen as JSON. No writes here."""

import functools
import re

from django.core.validators import RegexValidator
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bron.validators import valideer_persoonsgebonden_nummer
from gemeenten.models import Gemeente
from meldingen.models import (
    Afsluitreden,
    DoorzetReden,
    Melding,
    MeldingHistorie,
    ToelichtingAfsluiting,
    Verzuimsoort,
)
from meldingen.selectors import meldbare_vestigingen
from meldingen.workflow import Status
from scholen.models import Leslocatie

POSTCODE = RegexValidator(r"^[1-9][0-9]{3}[A-Z]{2}$", "Een postcode bestaat uit 4 cijfers en 2 letters, bijv. 1234AB.")
CODE = re.compile(r"^[\w-]{1,40}$")
TELEFOON = RegexValidator(
    r"^\+?[0-9 ()-]{6,20}$", "Geef een telefoonnummer van cijfers (eventueel met +, spaties of -)."
)


class StriktSerializer(serializers.Serializer):
    """Rejects fields it does not know, so a typo never silently drops data."""

    def to_internal_value(self, data):
        onbekend = []
        if isinstance(data, dict):
            onbekend = sorted(set(data) - {n for n, f in self.fields.items() if not f.read_only})
        try:
            waarde = super().to_internal_value(data)
        except serializers.ValidationError as fout:
            if not onbekend:
                raise
            fouten = fout.detail if isinstance(fout.detail, dict) else {"non_field_errors": fout.detail}
        else:
            if not onbekend:
                return waarde
            fouten = {}
        # Report unknown fields together with every other error, so one round trip shows them all.
        raise serializers.ValidationError({**fouten, **{veld: ["Onbekend veld."] for veld in onbekend}})


def tekst(max_length, **kwargs):
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, default="", **kwargs)


class CodeVeld(serializers.SlugRelatedField):
    """A reference-list code; a Dutch message naming the unknown code."""

    default_error_messages = {
        "does_not_exist": "Onbekende code '{value}'.",
        "invalid": "Geef een code als tekst.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if not CODE.match(data):
            # Never hand the database something no code can be (NUL bytes, megabytes): it is simply unknown.
            self.fail("does_not_exist", slug_name=self.slug_field, value=data[:40])
        return super().to_internal_value(data)


# ---- input -----------------------------------------------------------------------------------------------


class MelderSerializer(StriktSerializer):
    naam = serializers.CharField(max_length=200)
    functie = tekst(200)
    telefoonnummer = serializers.CharField(max_length=20, validators=[TELEFOON])
    email = serializers.EmailField(max_length=254)


class MelderWijzigSerializer(MelderSerializer):
    pass


class AfwijkendAdresSerializer(StriktSerializer):
    straat = serializers.CharField(max_length=200)
    huisnummer = serializers.IntegerField(min_value=1, max_value=99999)
    huisletter = tekst(1)
    huisnummertoevoeging = tekst(4)
    postcode = serializers.CharField(max_length=7, validators=[POSTCODE])
    locatieaanduiding = tekst(20)
    plaatsnaam = serializers.CharField(max_length=100)
    gemeentecode = CodeVeld(
        queryset=Gemeente.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Optioneel: CBS-code van de gemeente van het verblijfadres, als de plaatsnaam niet eenduidig is.",
    )

    def to_internal_value(self, data):
        if isinstance(data, dict) and isinstance(data.get("postcode"), str):
            data = {**data, "postcode": re.sub(r"\s", "", data["postcode"]).upper()}
        return super().to_internal_value(data)


class SchoolveldenSerializer(StriktSerializer):
    """The school's part of the legal data set, as the web form has it (melder and address nested)."""

    begindatum = serializers.DateField()
    einddatum = serializers.DateField(required=False, allow_null=True, default=None)
    verzuimsoort = CodeVeld(queryset=Verzuimsoort.objects.all())
    vermoedelijke_reden = tekst(5000)
    alle_lessen_gemist = serializers.BooleanField()
    ondernomen_actie = tekst(5000)
    actie_gemeente_gewenst = serializers.BooleanField()
    toelichting_geen_actie = tekst(5000)
    leslocatie = serializers.CharField(
        max_length=20, required=False, allow_null=True, default=None, help_text="Locatiecode uit de eigen leslocaties"
    )
    melder = MelderSerializer()
    telefoonnummer_ouder_leerling = tekst(20, validators=[TELEFOON])
    afwijkend_adres = AfwijkendAdresSerializer(required=False, allow_null=True, default=None)
    verzuimdagen = serializers.IntegerField(min_value=0, max_value=366, required=False, allow_null=True, default=None)
    verzuimuren = serializers.IntegerField(min_value=0, max_value=9999, required=False, allow_null=True, default=None)

    def _vestiging(self, attrs):
        return self.context["vestiging"]

    def validate(self, attrs):
        begin, eind = attrs.get("begindatum"), attrs.get("einddatum")
        if begin and eind and eind < begin:
            raise serializers.ValidationError({"einddatum": "De einddatum ligt vóór de begindatum."})
        vestiging = self._vestiging(attrs)
        if "leslocatie" in attrs:
            code = attrs["leslocatie"]
            if code in (None, ""):
                attrs["leslocatie"] = None
            else:
                leslocatie = Leslocatie.objects.filter(vestiging=vestiging, locatiecode=code).first()
                if leslocatie is None:
                    raise serializers.ValidationError(
                        {"leslocatie": f"Onbekende leslocatie '{code}' voor deze vestiging."}
                    )
                attrs["leslocatie"] = leslocatie
        return attrs

    def gegevens(self):
        """The validated data with the service's flat field names."""
        data = dict(self.validated_data)
        gegevens = {
            k: v
            for k, v in data.items()
            if k not in ("melder", "afwijkend_adres", "persoonsgebonden_nummer", "vestiging")
        }
        if "melder" in data:
            for veld, waarde in data["melder"].items():
                gegevens[f"melder_{veld}"] = waarde
        if "afwijkend_adres" in data:
            adres = data["afwijkend_adres"] or {}
            for veld in (
                "straat",
                "huisnummer",
                "huisletter",
                "huisnummertoevoeging",
                "postcode",
                "locatieaanduiding",
                "plaatsnaam",
            ):
                gegevens[f"afwijkend_{veld}"] = adres.get(veld)
            gegevens["afwijkend_gemeente"] = adres.get("gemeentecode")
        return gegevens


class MeldingIndienenSerializer(SchoolveldenSerializer):
    persoonsgebonden_nummer = serializers.CharField(
        min_length=9, max_length=9, validators=[valideer_persoonsgebonden_nummer], help_text="BSN of onderwijsnummer"
    )
    vestiging = serializers.CharField(
        max_length=6, required=False, help_text="Vestigingscode; verplicht als de koppeling voor meer vestigingen meldt"
    )

    def _vestiging(self, attrs):
        vestigingen = meldbare_vestigingen(self.context["request"].user)
        code = attrs.get("vestiging")
        if code:
            vestiging = vestigingen.filter(code=code.upper()).first()
            if vestiging is None:
                raise serializers.ValidationError({"vestiging": "Voor deze vestiging mag deze koppeling niet melden."})
        else:
            eigen = list(vestigingen[:2])
            if len(eigen) != 1:
                raise serializers.ValidationError(
                    {"vestiging": "Geef de vestigingscode: deze koppeling meldt voor meer vestigingen."}
                )
            vestiging = eigen[0]
        self.context["vestiging"] = vestiging
        attrs["vestiging"] = vestiging
        return vestiging


class MeldingWijzigenSerializer(SchoolveldenSerializer):
    """PATCH: every field optional; `melder` may be partial; `afwijkend_adres` replaces the whole address (null clears it)."""

    melder = MelderSerializer(partial=True, required=False)

    def __init__(self, *args, **kwargs):
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)


class IntrekkenSerializer(StriktSerializer):
    reden = serializers.CharField(max_length=2000)


class LeegSerializer(StriktSerializer):
    """A verb without arguments: an empty object (or no body)."""


class ContactpersoonSerializer(StriktSerializer):
    naam = serializers.CharField(max_length=200)
    functie = tekst(200)
    telefoonnummer = serializers.CharField(max_length=20, validators=[TELEFOON])
    email = serializers.EmailField(max_length=254)


class AfsluitenSerializer(StriktSerializer):
    reden = CodeVeld(queryset=Afsluitreden.objects.all(), help_text="Code uit /api/v1/referentie/afsluitredenen/")
    toelichting = CodeVeld(
        queryset=ToelichtingAfsluiting.objects.all(), help_text="Code uit /api/v1/referentie/toelichtingen-afsluiting/"
    )
    contactpersoon = ContactpersoonSerializer()


class DoorzettenSerializer(StriktSerializer):
    gemeentecode = CodeVeld(
        queryset=Gemeente.objects.all(), help_text="CBS-code van de gemeente die de melding overneemt"
    )
    reden = serializers.ChoiceField(choices=DoorzetReden.choices)


# ---- output ----------------------------------------------------------------------------------------------


class CodeNaamSerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()


class LeerlingSerializer(serializers.Serializer):
    persoonsgebonden_nummer = serializers.CharField()
    voornamen = serializers.CharField()
    voorvoegsel = serializers.CharField()
    achternaam = serializers.CharField()
    geslacht = serializers.CharField()
    geboortedatum = serializers.DateField()
    woongemeente = serializers.CharField(source="woongemeente_id", help_text="CBS-code volgens Bron")


class MelderUitvoerSerializer(serializers.Serializer):
    naam = serializers.CharField(source="melder_naam")
    functie = serializers.CharField(source="melder_functie")
    telefoonnummer = serializers.CharField(source="melder_telefoonnummer")
    email = serializers.CharField(source="melder_email")


class AdresUitvoerSerializer(serializers.Serializer):
    straat = serializers.CharField(source="afwijkend_straat")
    huisnummer = serializers.IntegerField(source="afwijkend_huisnummer", allow_null=True)
    huisletter = serializers.CharField(source="afwijkend_huisletter")
    huisnummertoevoeging = serializers.CharField(source="afwijkend_huisnummertoevoeging")
    postcode = serializers.CharField(source="afwijkend_postcode")
    locatieaanduiding = serializers.CharField(source="afwijkend_locatieaanduiding")
    plaatsnaam = serializers.CharField(source="afwijkend_plaatsnaam")
    gemeentecode = serializers.CharField(source="afwijkend_gemeente_id", allow_null=True)


class AfsluitingUitvoerSerializer(serializers.Serializer):
    reden = serializers.CharField(source="afsluitreden_id")
    toelichting = serializers.CharField(source="toelichting_afsluiting_id")
    contactpersoon = serializers.SerializerMethodField()

    @extend_schema_field(ContactpersoonSerializer)
    def get_contactpersoon(self, melding):
        return {v: getattr(melding, f"contactpersoon_{v}") for v in ("naam", "functie", "telefoonnummer", "email")}


class MeldingSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=Status.choices)
    schooljaar = serializers.CharField(source="schooljaar_label", help_text="bijv. 2026-2027")
    vestiging = serializers.CharField(source="vestiging_id")
    leerling = LeerlingSerializer()
    verzuimsoort = serializers.CharField(source="verzuimsoort_id")
    leslocatie = serializers.SerializerMethodField()
    melder = MelderUitvoerSerializer(source="*")
    afwijkend_adres = serializers.SerializerMethodField()
    gemeente = CodeNaamSerializer()
    rbl = CodeNaamSerializer(allow_null=True)
    routering = serializers.JSONField(help_text="Welke regel, welke Bron-gegevens en wanneer (zoals in het portaal)")
    afsluiting = serializers.SerializerMethodField()
    aangemaakt_op = serializers.DateTimeField(source="created_at")
    gewijzigd_op = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Melding
        fields = [
            "meldingsnummer",
            "status",
            "status_gewijzigd_op",
            "schooljaar",
            "vestiging",
            "leerling",
            "begindatum",
            "einddatum",
            "verzuimsoort",
            "vermoedelijke_reden",
            "alle_lessen_gemist",
            "ondernomen_actie",
            "actie_gemeente_gewenst",
            "toelichting_geen_actie",
            "leslocatie",
            "melder",
            "telefoonnummer_ouder_leerling",
            "afwijkend_adres",
            "verzuimdagen",
            "verzuimuren",
            "gemeente",
            "rbl",
            "routering",
            "afsluiting",
            "intrekkingsreden",
            "aangemaakt_op",
            "gewijzigd_op",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Locatiecode"))
    def get_leslocatie(self, melding):
        return melding.leslocatie.locatiecode if melding.leslocatie_id else None

    @extend_schema_field(AdresUitvoerSerializer(allow_null=True))
    def get_afwijkend_adres(self, melding):
        return _eenmalig(AdresUitvoerSerializer).to_representation(melding) if melding.heeft_afwijkend_adres else None

    @extend_schema_field(AfsluitingUitvoerSerializer(allow_null=True))
    def get_afsluiting(self, melding):
        if melding.status != Status.AFGESLOTEN:
            return None
        return _eenmalig(AfsluitingUitvoerSerializer).to_representation(melding)


@functools.cache
def _eenmalig(serializer_class):
    """One instance of an output serializer per process. A new instance binds all its fields again (MeldingSerializer:
    27, with the nested ones), which cost more than writing the melding; to_representation keeps no state on it."""
    return serializer_class()


def melding_json(melding):
    """One melding as the API writes it (MeldingSerializer's output): create, detail and every verb's answer."""
    return _eenmalig(MeldingSerializer).to_representation(melding)


# The list endpoint shapes 50 to 200 meldingen per request: from values() rows, without model instances or
# DRF's field machinery, which took most of its CPU (docs/performance.md). The output is MeldingSerializer's,
# key for key (tests/api/test_api.py compares both); MeldingSerializer stays the contract and the schema.
LEERLING_VELDEN = ("voornamen", "voorvoegsel", "achternaam", "geslacht")
MELDER_VELDEN = ("naam", "functie", "telefoonnummer", "email")
ADRES_TEKSTVELDEN = ("straat", "huisletter", "huisnummertoevoeging", "postcode", "locatieaanduiding", "plaatsnaam")
LIJST_KOLOMMEN = (
    "meldingsnummer",
    "status",
    "status_gewijzigd_op",
    "schooljaar",
    "vestiging_id",
    "leerling_id",
    *(f"leerling__{v}" for v in LEERLING_VELDEN),
    "leerling__geboortedatum",
    "leerling__woongemeente_id",
    "begindatum",
    "einddatum",
    "verzuimsoort_id",
    "vermoedelijke_reden",
    "alle_lessen_gemist",
    "ondernomen_actie",
    "actie_gemeente_gewenst",
    "toelichting_geen_actie",
    "leslocatie__locatiecode",
    *(f"melder_{v}" for v in MELDER_VELDEN),
    "telefoonnummer_ouder_leerling",
    *(f"afwijkend_{v}" for v in ADRES_TEKSTVELDEN),
    "afwijkend_huisnummer",
    "afwijkend_gemeente_id",
    "verzuimdagen",
    "verzuimuren",
    "gemeente_id",
    "gemeente__naam",
    "rbl__code",
    "rbl__naam",
    "routering",
    "afsluitreden_id",
    "toelichting_afsluiting_id",
    *(f"contactpersoon_{v}" for v in MELDER_VELDEN),
    "intrekkingsreden",
    "created_at",
    "updated_at",
)


def _datum(waarde):
    """A date as DRF's DateField writes it (ISO 8601)."""
    return None if waarde is None else waarde.isoformat()


def _datumtijd(waarde, tijdzone):
    """An aware datetime as DRF's DateTimeField writes it: ISO 8601 in the current time zone, UTC as Z.

    Without the field, which looks the current time zone up again for each value (3 per row, ~1 ms a page).
    """
    if waarde is None:
        return None
    tekst = waarde.astimezone(tijdzone).isoformat()
    return tekst[:-6] + "Z" if tekst.endswith("+00:00") else tekst


def meldingen_lijst_json(rijen):
    """Rows of `queryset.values(*LIJST_KOLOMMEN)` as MeldingSerializer would write those meldingen."""
    tijdzone = timezone.get_current_timezone()
    return [_melding_lijst_json(rij, tijdzone) for rij in rijen]


def _melding_lijst_json(rij, tijdzone):
    afwijkend = rij["afwijkend_postcode"] or rij["afwijkend_straat"]
    return {
        "meldingsnummer": rij["meldingsnummer"],
        "status": rij["status"],
        "status_gewijzigd_op": _datumtijd(rij["status_gewijzigd_op"], tijdzone),
        "schooljaar": f"{rij['schooljaar']}-{rij['schooljaar'] + 1}",
        "vestiging": rij["vestiging_id"],
        "leerling": {
            "persoonsgebonden_nummer": rij["leerling_id"],
            **{v: rij[f"leerling__{v}"] for v in LEERLING_VELDEN},
            "geboortedatum": _datum(rij["leerling__geboortedatum"]),
            "woongemeente": rij["leerling__woongemeente_id"],
        },
        "begindatum": _datum(rij["begindatum"]),
        "einddatum": _datum(rij["einddatum"]),
        "verzuimsoort": rij["verzuimsoort_id"],
        "vermoedelijke_reden": rij["vermoedelijke_reden"],
        "alle_lessen_gemist": rij["alle_lessen_gemist"],
        "ondernomen_actie": rij["ondernomen_actie"],
        "actie_gemeente_gewenst": rij["actie_gemeente_gewenst"],
        "toelichting_geen_actie": rij["toelichting_geen_actie"],
        "leslocatie": rij["leslocatie__locatiecode"],
        "melder": {v: rij[f"melder_{v}"] for v in MELDER_VELDEN},
        "telefoonnummer_ouder_leerling": rij["telefoonnummer_ouder_leerling"],
        "afwijkend_adres": {
            "straat": rij["afwijkend_straat"],
            "huisnummer": rij["afwijkend_huisnummer"],
            **{v: rij[f"afwijkend_{v}"] for v in ADRES_TEKSTVELDEN[1:]},
            "gemeentecode": rij["afwijkend_gemeente_id"],
        }
        if afwijkend
        else None,
        "verzuimdagen": rij["verzuimdagen"],
        "verzuimuren": rij["verzuimuren"],
        "gemeente": {"code": rij["gemeente_id"], "naam": rij["gemeente__naam"]},
        "rbl": {"code": rij["rbl__code"], "naam": rij["rbl__naam"]} if rij["rbl__code"] is not None else None,
        "routering": rij["routering"],
        "afsluiting": {
            "reden": rij["afsluitreden_id"],
            "toelichting": rij["toelichting_afsluiting_id"],
            "contactpersoon": {v: rij[f"contactpersoon_{v}"] for v in MELDER_VELDEN},
        }
        if rij["status"] == Status.AFGESLOTEN
        else None,
        "intrekkingsreden": rij["intrekkingsreden"],
        "aangemaakt_op": _datumtijd(rij["created_at"], tijdzone),
        "gewijzigd_op": _datumtijd(rij["updated_at"], tijdzone),
    }


class DoorgezetSerializer(serializers.Serializer):
    meldingsnummer = serializers.CharField()
    gemeente = CodeNaamSerializer(help_text="De gemeente die de melding nu heeft")


class GebeurtenisSerializer(serializers.ModelSerializer):
    cursor = serializers.CharField(
        source="id", help_text="Geef deze waarde als ?na= om ná deze gebeurtenis verder te lezen"
    )
    soort = serializers.ChoiceField(source="actie", choices=MeldingHistorie._meta.get_field("actie").choices)
    meldingsnummer = serializers.CharField(source="melding.meldingsnummer")
    van_status = serializers.CharField(help_text="leeg als de status niet veranderde")
    naar_status = serializers.CharField(help_text="leeg als de status niet veranderde")
    tijdstip = serializers.DateTimeField(source="created_at")

    class Meta:
        model = MeldingHistorie
        fields = ["cursor", "soort", "meldingsnummer", "van_status", "naar_status", "gewijzigde_velden", "tijdstip"]
        read_only_fields = fields


class GebeurtenissenSerializer(serializers.Serializer):
    gebeurtenissen = GebeurtenisSerializer(many=True)
    volgende = serializers.CharField(help_text="Cursor voor de volgende vraag (?na=...)")


class ReferentieSerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()
    toelichting = serializers.CharField()
    geldig_van = serializers.DateField()
    geldig_tot = serializers.DateField(allow_null=True)


class VerzuimsoortSerializer(ReferentieSerializer):
    einddatum_verplicht = serializers.BooleanField()


class LeslocatieSerializer(serializers.ModelSerializer):
    vestiging = serializers.CharField(source="vestiging_id")

    class Meta:
        model = Leslocatie
        fields = ["vestiging", "locatiecode", "naam", "actief"]
        read_only_fields = fields
