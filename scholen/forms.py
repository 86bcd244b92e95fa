"""Forms of the beheerder onderwijs. They validate and shape input; scholen/services.py writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from autorisatie.models import Rol

ROL_KEUZES = [(Rol.MELDER, _("Melder (mag verzuim melden)")), (Rol.BEHEERDER_ONDERWIJS, _("Beheerder onderwijs"))]


class LeslocatieForm(forms.Form):
    locatiecode = forms.CharField(label=_("Locatiecode"), max_length=20, help_text=_("Bijvoorbeeld HOOFD of DEP2."))
    naam = forms.CharField(label=_("Naam leslocatie"), max_length=200)


class LeslocatieNaamForm(forms.Form):
    naam = forms.CharField(label=_("Naam leslocatie"), max_length=200)


class AutoriserenVerzoekForm(forms.Form):
    naam = forms.CharField(label=_("Naam collega"), max_length=200)
    email = forms.EmailField(label=_("E-mailadres collega"))
    functie = forms.CharField(label=_("Functie"), max_length=200, required=False)
    rol = forms.ChoiceField(label=_("Rol"), choices=ROL_KEUZES, widget=forms.RadioSelect, initial=Rol.MELDER)
    toelichting = forms.CharField(
        label=_("Toelichting voor beheer"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class IntrekkenVerzoekForm(forms.Form):
    toelichting = forms.CharField(
        label=_("Waarom moet deze autorisatie worden ingetrokken?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
