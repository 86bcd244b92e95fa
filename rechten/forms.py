"""Forms for registering inzage and correctie requests and recording their answers."""

from django import forms

from .models import CORRIGEERBARE_GEGEVENS, SchoolAntwoord, Uitkomst, Verzoeker

DATUM = {"input_formats": ["%d-%m-%Y", "%Y-%m-%d"]}


class InzageverzoekForm(forms.Form):
    persoonsgebonden_nummer = forms.CharField(label="BSN of onderwijsnummer van de leerling", max_length=9)
    verzoeker = forms.ChoiceField(label="Verzoek gedaan door", choices=Verzoeker.choices)
    ontvangen_op = forms.DateField(label="Ontvangen op (dd-mm-jjjj)", **DATUM)


class CorrectieverzoekForm(forms.Form):
    persoonsgebonden_nummer = forms.CharField(label="BSN of onderwijsnummer van de leerling", max_length=9)
    meldingsnummer = forms.CharField(label="Meldingsnummer", max_length=16)
    gegeven = forms.ChoiceField(
        label="Welk gegeven",
        choices=CORRIGEERBARE_GEGEVENS,
        help_text="De vermoedelijke reden en soort verzuim zijn een inschatting van de school, geen feit: die worden niet gecorrigeerd.",
    )
    gevraagde_correctie = forms.CharField(
        label="Gevraagde correctie", max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    ontvangen_op = forms.DateField(label="Ontvangen op (dd-mm-jjjj)", **DATUM)


class SchoolAntwoordForm(forms.Form):
    antwoord = forms.ChoiceField(label="Uw antwoord", choices=SchoolAntwoord.choices, widget=forms.RadioSelect)
    toelichting = forms.CharField(
        label="Toelichting", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AfhandelenForm(forms.Form):
    uitkomst = forms.ChoiceField(label="Uitkomst", choices=Uitkomst.choices, widget=forms.RadioSelect)
    toelichting = forms.CharField(
        label="Toelichting", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
