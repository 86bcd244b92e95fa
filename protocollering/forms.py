"""The privacy officer's filter form for the access log."""

from django import forms

from bron.validators import soort_nummer

from .models import Resultaat


class ToegangslogFilterForm(forms.Form):
    gebruiker = forms.CharField(label="Gebruiker (gebruikersnaam)", required=False, max_length=150)
    organisatie = forms.CharField(label="Organisatie (vestigings- of gemeentecode)", required=False, max_length=32)
    persoonsgebonden_nummer = forms.CharField(
        label="Leerling (BSN of onderwijsnummer)",
        required=False,
        max_length=9,
        help_text="Wordt gepseudonimiseerd voordat er gezocht wordt; het nummer zelf komt niet in het log.",
    )
    van = forms.DateField(label="Van (dd-mm-jjjj)", required=False, input_formats=["%d-%m-%Y", "%Y-%m-%d"])
    tot = forms.DateField(
        label="Tot en met (dd-mm-jjjj)",
        required=False,
        input_formats=["%d-%m-%Y", "%Y-%m-%d"],
    )
    resultaat = forms.ChoiceField(label="Resultaat", required=False, choices=[("", "alle"), *Resultaat.choices])

    def clean_persoonsgebonden_nummer(self):
        nummer = self.cleaned_data["persoonsgebonden_nummer"].strip()
        if nummer and not soort_nummer(nummer):
            raise forms.ValidationError("Dit is geen geldig BSN of onderwijsnummer (11-proef).")
        return nummer

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["tot"] < data["van"]:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        return data


class MaandForm(forms.Form):
    maand = forms.DateField(label="Maand (jjjj-mm)", input_formats=["%Y-%m"], required=False)
