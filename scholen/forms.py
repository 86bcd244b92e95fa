"""Forms of the beheerder onderwijs. They validate and shape input; scholen/services.py and
autorisatie/services.py write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from autorisatie.forms import VerzoekForm
from autorisatie.models import Rol

ROL_KEUZES = [(Rol.MELDER, _("Melder (mag verzuim melden)")), (Rol.BEHEERDER_ONDERWIJS, _("Beheerder onderwijs"))]


class LeslocatieForm(forms.Form):
    locatiecode = forms.CharField(label=_("Locatiecode"), max_length=20, help_text=_("Bijvoorbeeld HOOFD of DEP2."))
    naam = forms.CharField(label=_("Naam leslocatie"), max_length=200)


class LeslocatieNaamForm(forms.Form):
    naam = forms.CharField(label=_("Naam leslocatie"), max_length=200)


class AutoriserenVerzoekForm(VerzoekForm):
    """The beheer request form for the school's own vestiging: only the school roles, no organisation field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["organisatie"]
        self.fields["voornaam"].label = _("Voornaam collega")
        self.fields["achternaam"].label = _("Achternaam collega")
        self.fields["email"].label = _("E-mailadres collega")
        self.fields["rol"] = forms.ChoiceField(
            label=_("Rol"), choices=ROL_KEUZES, widget=forms.RadioSelect, initial=Rol.MELDER
        )
        self.fields["verklaring"].help_text = _(
            "De verklaring die de collega en de school hebben ondertekend, als PDF."
        )


class IntrekkenVerzoekForm(forms.Form):
    toelichting = forms.CharField(
        label=_("Waarom moet deze autorisatie worden ingetrokken?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
