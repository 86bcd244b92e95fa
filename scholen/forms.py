"""Forms of the beheerder onderwijs. They validate and shape input; scholen/services.py writes."""

from django import forms

from autorisatie.models import Rol

ROL_KEUZES = [(Rol.MELDER, "Melder (mag verzuim melden)"), (Rol.BEHEERDER_ONDERWIJS, "Beheerder onderwijs")]


class LeslocatieForm(forms.Form):
    locatiecode = forms.CharField(label="Locatiecode", max_length=20, help_text="Bijvoorbeeld HOOFD of DEP2.")
    naam = forms.CharField(label="Naam leslocatie", max_length=200)


class LeslocatieNaamForm(forms.Form):
    naam = forms.CharField(label="Naam leslocatie", max_length=200)


class AutoriserenVerzoekForm(forms.Form):
    naam = forms.CharField(label="Naam collega", max_length=200)
    email = forms.EmailField(label="E-mailadres collega")
    functie = forms.CharField(label="Functie", max_length=200, required=False)
    rol = forms.ChoiceField(label="Rol", choices=ROL_KEUZES, widget=forms.RadioSelect, initial=Rol.MELDER)
    toelichting = forms.CharField(
        label="Toelichting voor beheer", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class IntrekkenVerzoekForm(forms.Form):
    toelichting = forms.CharField(
        label="Waarom moet deze autorisatie worden ingetrokken?", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
