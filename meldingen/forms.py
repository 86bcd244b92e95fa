"""Forms shape and validate input; the services in meldingen/services.py decide and write."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from bron.validators import valideer_persoonsgebonden_nummer
from gemeenten.models import Gemeente

from .form_renderer import RENDERER
from .models import Afsluitreden, DoorzetReden, Melding, ToelichtingAfsluiting, Verzuimsoort
from .selectors import verzuimsoorten_einddatum_verplicht
from .services import SCHOOLVELDEN
from .workflow import Status

JA_NEE = [(True, _("Ja")), (False, _("Nee"))]

telefoonnummer = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{8,18}[0-9]$", _("Vul een telefoonnummer in van 10 cijfers, bijvoorbeeld 0612345678.")
)


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PostcodeField(forms.CharField):
    """A Dutch postcode, stored as the model stores it: 1234AB (no space, capitals)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "postal-code")

    def to_python(self, value):
        return super().to_python(value).upper().replace(" ", "")

    def validate(self, value):
        super().validate(value)
        # Letter pairs SA, SD and SS are not issued (PostNL).
        if value and (not re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", value) or value[4:] in ("SA", "SD", "SS")):
            raise ValidationError(_("Vul een Nederlandse postcode in, bijvoorbeeld 1234 AB."), code="postcode")


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
        label=_("BSN of onderwijsnummer"),
        max_length=9,
        min_length=9,
        validators=[valideer_persoonsgebonden_nummer],
        # Chosen in step 1 (LeerlingZoekenForm) and carried along; the page shows the pupil instead.
        widget=forms.HiddenInput,
    )
    alle_lessen_gemist = _ja_nee(_("Alle lessen gemist?"))
    actie_gemeente_gewenst = _ja_nee(_("Actie door gemeente gewenst?"))
    afwijkend_postcode = PostcodeField(label=_("Postcode"), required=False)
    afwijkend_gemeente = forms.ModelChoiceField(
        label=_("Gemeente van het verblijfadres"),
        queryset=Gemeente.objects.all(),
        required=False,
        help_text=_("Alleen nodig als de plaatsnaam niet eenduidig bij één gemeente hoort."),
    )
    afwijkend_huisnummer = forms.IntegerField(
        label=_("Huisnummer"),
        required=False,
        min_value=1,
        max_value=99999,
        error_messages={"invalid": _("Een huisnummer bestaat alleen uit cijfers.")},
    )
    afwijkend_huisletter = forms.CharField(
        label=_("Huisletter"),
        required=False,
        max_length=1,
        validators=[RegexValidator(r"^[A-Za-z]$", _("Een huisletter is één letter."))],
    )
    afwijkend_huisnummertoevoeging = forms.CharField(
        label=_("Toevoeging"),
        required=False,
        max_length=4,
        validators=[RegexValidator(r"^[A-Za-z0-9]{1,4}$", _("Een toevoeging is hoogstens 4 letters of cijfers."))],
    )
    melder_telefoonnummer = forms.CharField(
        label=_("Telefoonnummer melder"), max_length=20, validators=[telefoonnummer]
    )
    telefoonnummer_ouder_leerling = forms.CharField(
        label=_("Telefoonnummer ouder of leerling"), max_length=20, required=False, validators=[telefoonnummer]
    )
    verzuimdagen = forms.IntegerField(label=_("Verzuimdagen"), required=False, min_value=0, max_value=366)
    verzuimuren = forms.IntegerField(label=_("Verzuimuren"), required=False, min_value=0, max_value=2000)

    class Meta:
        model = Melding
        fields = ["persoonsgebonden_nummer", *SCHOOLVELDEN]
        labels = {
            "verzuimsoort": _("Soort verzuim"),
            "begindatum": _("Begindatum verzuim"),
            "einddatum": _("Einddatum verzuim"),
            "vermoedelijke_reden": _("Vermoedelijke reden verzuim"),
            "ondernomen_actie": _("Door school ondernomen actie"),
            "toelichting_geen_actie": _("Waarom is geen actie van de gemeente nodig?"),
            "leslocatie": _("Leslocatie"),
            "verzuimdagen": _("Verzuimdagen"),
            "verzuimuren": _("Verzuimuren"),
            "melder_naam": _("Naam melder"),
            "melder_functie": _("Functie melder"),
            "melder_telefoonnummer": _("Telefoonnummer melder"),
            "melder_email": _("E-mailadres melder"),
            "telefoonnummer_ouder_leerling": _("Telefoonnummer ouder of leerling"),
            "afwijkend_straat": _("Straat"),
            "afwijkend_huisnummer": _("Huisnummer"),
            "afwijkend_huisletter": _("Huisletter"),
            "afwijkend_huisnummertoevoeging": _("Toevoeging"),
            "afwijkend_locatieaanduiding": _("Locatieaanduiding"),
            "afwijkend_plaatsnaam": _("Plaatsnaam"),
        }
        help_texts = {
            "toelichting_geen_actie": _("Alleen invullen als u bij de vorige vraag Nee kiest."),
            "vermoedelijke_reden": _(
                "Uw inschatting. Noem alleen gezondheid, geloof of strafbare feiten als dat nodig is."
            ),
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
            soorten = (soorten | Verzuimsoort.objects.filter(pk=self.instance.verzuimsoort_id)).distinct()
        soort_veld = self.fields["verzuimsoort"]
        soort_veld.queryset = soorten
        soort_veld.label_from_instance = lambda s: (
            format_html("<strong>{}</strong> – {}", s.naam, s.toelichting) if s.toelichting else s.naam
        )
        soort_veld.widget = forms.RadioSelect(choices=soort_veld.choices)
        soort_veld.empty_label = None
        verplicht = verzuimsoorten_einddatum_verplicht(peildatum)
        if verplicht:
            self.fields["einddatum"].help_text = _("Verplicht bij: %(soorten)s.") % {"soorten": ", ".join(verplicht)}
        self.fields["leslocatie"].queryset = vestiging.leslocaties.filter(actief=True)
        self.fields["leslocatie"].required = False
        if wijzigen:
            del self.fields["persoonsgebonden_nummer"]
        if not self.is_bound:  # a posted form shows what was posted: no query for the default
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


class LeerlingZoekenForm(forms.Form):
    """Step 1 of melden: which pupil and from when, so the portal can show them from Bron before the rest."""

    persoonsgebonden_nummer = forms.CharField(
        label=_("BSN of onderwijsnummer"),
        help_text=_("9 cijfers. De naam, geboortedatum en woongemeente komen uit Bron."),
        max_length=9,
        min_length=9,
        validators=[valideer_persoonsgebonden_nummer],
        error_messages={"min_length": _("Een persoonsgebonden nummer bestaat uit precies 9 cijfers.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    begindatum = forms.DateField(label=_("Begindatum verzuim"), widget=DatumInput())

    def __init__(self, *args, vestigingen=(), **kwargs):
        super().__init__(*args, **kwargs)
        if len(vestigingen) > 1:
            self.fields = {
                "vestiging": forms.ChoiceField(label=_("Vestiging"), choices=[(v.code, str(v)) for v in vestigingen]),
                **self.fields,
            }

    def clean_begindatum(self):
        begindatum = self.cleaned_data["begindatum"]
        if begindatum > timezone.localdate():
            raise ValidationError(_("De begindatum ligt in de toekomst; meld verzuim dat al begonnen is."))
        return begindatum


class MeldingenFilterForm(forms.Form):
    """The filters of Mijn meldingen. Posted, not in the URL: a pupil's name must not end up in access logs."""

    default_renderer = RENDERER  # rendered on every list page

    zoek = forms.CharField(label=_("Zoek op meldingsnummer of naam leerling"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    verzuimsoort = forms.ChoiceField(label=_("Soort verzuim"), required=False)
    schooljaar = forms.TypedChoiceField(label=_("Schooljaar"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, schooljaren=(), verzuimsoorten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alle statussen")), *Status.choices]
        # (code, naam) from selectors.verzuimsoort_keuzes (cached): no query on every list page.
        self.fields["verzuimsoort"].choices = [("", _("Alle soorten")), *verzuimsoorten]
        self.fields["schooljaar"].choices = [("", _("Alle schooljaren"))] + [(j, f"{j}-{j + 1}") for j in schooljaren]


class IntrekkenForm(forms.Form):
    reden = forms.CharField(label=_("Reden van intrekken"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


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
        return {
            k: self.cleaned_data.get(f"contactpersoon_{k}", "") for k in ("naam", "functie", "telefoonnummer", "email")
        }


class DoorzettenForm(forms.Form):
    gemeente = forms.ModelChoiceField(label="Naar gemeente", queryset=Gemeente.objects.all())
    reden = forms.ChoiceField(label="Reden", choices=DoorzetReden.choices, widget=forms.RadioSelect)
