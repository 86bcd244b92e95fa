"""Forms of the authorisation workflow: the request, beheer's decisions, and activation."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm

from .models import Rol


class VerzoekForm(forms.Form):
    voornaam = forms.CharField(max_length=100)
    achternaam = forms.CharField(max_length=150)
    email = forms.EmailField(label="E-mailadres")
    rol = forms.ChoiceField(choices=Rol.choices)
    organisatie = forms.CharField(
        label="Organisatie",
        required=False,
        max_length=16,
        help_text="Vestigingscode (bijv. 00AR00), gemeentecode (bijv. 0363) of RBL-code; leeg voor een loketrol.",
    )
    verklaring = forms.FileField(label="Ondertekende verklaring (PDF)")

    def clean_verklaring(self):
        bestand = self.cleaned_data["verklaring"]
        if bestand.size > settings.AUTORISATIE_VERKLARING_MAX_BYTES:
            mb = settings.AUTORISATIE_VERKLARING_MAX_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"De verklaring is te groot: hoogstens {mb} MB.")
        return bestand


class AfwijzenForm(forms.Form):
    reden = forms.CharField(
        label="Reden van afwijzing",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SchorsenForm(forms.Form):
    reden = forms.CharField(label="Reden van schorsing", max_length=200)


class ActiverenForm(SetPasswordForm):
    """Django's set-password form (validators from AUTH_PASSWORD_VALIDATORS); saving is the service's job."""

    def save(self, commit=True):  # pragma: no cover - the view calls activatie_voltooien instead
        raise NotImplementedError


class ProfielForm(forms.Form):
    naam = forms.CharField(label="Naam", max_length=300)
    functie = forms.CharField(label="Functie", max_length=200, required=False)
    telefoonnummer = forms.CharField(
        label="Telefoonnummer",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label="E-mailadres")
