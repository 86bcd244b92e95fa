"""Forms shape and validate input; the services in meldingen/services.py decide and write."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from localflavor.nl.forms import NLZipCodeField

from bron.validators import valideer_persoonsgebonden_nummer
from gemeenten.models import Gemeente

from .models import Afsluitreden, DoorzetReden, Melding, ToelichtingAfsluiting, Verzuimsoort

JA_NEE = [(True, "Ja"), (False, "Nee")]


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _ja_nee(label):
    return forms.TypedChoiceField(
        label=label, choices=JA_NEE, coerce=lambda v: v in (True, "True"), widget=forms.RadioSelect
    )


class MeldingForm(forms.ModelForm):
    """The school's part of the legal data set.

    A ModelForm for its fields and widgets only: it never saves, and the model's own validation
    is skipped because the service judges cross-field rules (with a Dutch message per field).
    """

    persoonsgebonden_nummer = forms.CharField(
        label="BSN of onderwijsnummer",
        max_length=9,
        min_length=9,
        validators=[valideer_persoonsgebonden_nummer],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{9}"}),
    )
    alle_lessen_gemist = _ja_nee("Alle lessen gemist?")
    actie_gemeente_gewenst = _ja_nee("Actie door gemeente gewenst?")
    afwijkend_postcode = NLZipCodeField(label="Postcode", required=False)
    afwijkend_gemeente = forms.ModelChoiceField(
        label="Gemeente van het verblijfadres", queryset=Gemeente.objects.all(), required=False
    )

    class Meta:
        model = Melding
        fields = [
            "persoonsgebonden_nummer",
            "verzuimsoort",
            "begindatum",
            "einddatum",
            "vermoedelijke_reden",
            "alle_lessen_gemist",
            "ondernomen_actie",
            "actie_gemeente_gewenst",
            "toelichting_geen_actie",
            "leslocatie",
            "verzuimdagen",
            "verzuimuren",
            "melder_naam",
            "melder_functie",
            "melder_telefoonnummer",
            "melder_email",
            "telefoonnummer_ouder_leerling",
            "afwijkend_straat",
            "afwijkend_huisnummer",
            "afwijkend_huisletter",
            "afwijkend_huisnummertoevoeging",
            "afwijkend_postcode",
            "afwijkend_locatieaanduiding",
            "afwijkend_plaatsnaam",
            "afwijkend_gemeente",
        ]
        labels = {
            "verzuimsoort": "Soort verzuim",
            "begindatum": "Begindatum verzuim",
            "einddatum": "Einddatum verzuim",
            "vermoedelijke_reden": "Vermoedelijke reden verzuim",
            "ondernomen_actie": "Door school ondernomen actie",
            "toelichting_geen_actie": "Waarom is geen actie van de gemeente nodig?",
            "leslocatie": "Leslocatie",
            "verzuimdagen": "Verzuimdagen",
            "verzuimuren": "Verzuimuren",
            "melder_naam": "Naam melder",
            "melder_functie": "Functie melder",
            "melder_telefoonnummer": "Telefoonnummer melder",
            "melder_email": "E-mailadres melder",
            "telefoonnummer_ouder_leerling": "Telefoonnummer ouder of leerling",
            "afwijkend_straat": "Straat",
            "afwijkend_huisnummer": "Huisnummer",
            "afwijkend_huisletter": "Huisletter",
            "afwijkend_huisnummertoevoeging": "Toevoeging",
            "afwijkend_locatieaanduiding": "Locatieaanduiding",
            "afwijkend_plaatsnaam": "Plaatsnaam",
        }
        widgets = {
            "begindatum": DatumInput(),
            "einddatum": DatumInput(),
            "vermoedelijke_reden": forms.Textarea(attrs={"rows": 3}),
            "ondernomen_actie": forms.Textarea(attrs={"rows": 3}),
            "toelichting_geen_actie": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, vestiging, wijzigen=False, **kwargs):
        super().__init__(*args, **kwargs)
        peildatum = self.instance.begindatum if self.instance.pk else timezone.localdate()
        soorten = Verzuimsoort.objects.geldig_op(peildatum)
        if self.instance.pk:
            soorten = soorten | Verzuimsoort.objects.filter(pk=self.instance.verzuimsoort_id)
        self.fields["verzuimsoort"].queryset = soorten.distinct()
        self.fields["verzuimsoort"].label_from_instance = lambda s: f"{s.naam} – {s.toelichting}" if s.toelichting else s.naam
        self.fields["leslocatie"].queryset = vestiging.leslocaties.filter(actief=True)
        self.fields["leslocatie"].required = False
        if wijzigen:
            del self.fields["persoonsgebonden_nummer"]
        self.initial.setdefault("leslocatie", self.fields["leslocatie"].queryset.first())

    def _post_clean(self):
        pass

    def gegevens(self):
        """The cleaned school fields, as the services take them."""
        return {k: v for k, v in self.cleaned_data.items() if k != "persoonsgebonden_nummer"}


def zet_fouten(form, fout: ValidationError):
    """Put a service's ValidationError on the form: next to the field when the form has it."""
    if hasattr(fout, "error_dict"):
        for veld, fouten in fout.error_dict.items():
            form.add_error(veld if veld in form.fields else None, fouten)
    else:
        form.add_error(None, fout)


class IntrekkenForm(forms.Form):
    reden = forms.CharField(label="Reden van intrekken", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AfsluitenForm(forms.Form):
    afsluitreden = forms.ModelChoiceField(
        label="Reden afgesloten", queryset=Afsluitreden.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    toelichting_afsluiting = forms.ModelChoiceField(
        label="Toelichting", queryset=ToelichtingAfsluiting.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    contactpersoon_naam = forms.CharField(label="Naam contactpersoon", max_length=200)
    contactpersoon_functie = forms.CharField(label="Functie", max_length=200, required=False)
    contactpersoon_telefoonnummer = forms.CharField(label="Telefoonnummer", max_length=20)
    contactpersoon_email = forms.EmailField(label="E-mailadres")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vandaag = timezone.localdate()
        self.fields["afsluitreden"].queryset = Afsluitreden.objects.geldig_op(vandaag)
        self.fields["toelichting_afsluiting"].queryset = ToelichtingAfsluiting.objects.geldig_op(vandaag)

    def contactpersoon(self):
        return {k: self.cleaned_data.get(f"contactpersoon_{k}", "") for k in ("naam", "functie", "telefoonnummer", "email")}


class DoorzettenForm(forms.Form):
    gemeente = forms.ModelChoiceField(label="Naar gemeente", queryset=Gemeente.objects.all())
    reden = forms.ChoiceField(label="Reden", choices=DoorzetReden.choices, widget=forms.RadioSelect)
