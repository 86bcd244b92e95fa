"""A user's own contact details ("Mijn gegevens"), used to prefill melder and gemeentelijke contactpersoon."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from meldingen.forms import zet_fouten

from .services import profiel_van, profiel_wijzigen


class ProfielForm(forms.Form):
    naam = forms.CharField(label="Naam", max_length=300)
    functie = forms.CharField(label="Functie", max_length=200, required=False)
    telefoonnummer = forms.CharField(
        label="Telefoonnummer", max_length=20, required=False, widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
    )
    email = forms.EmailField(label="E-mailadres")


@login_required
@require_http_methods(["GET", "POST"])
def profiel(request):
    huidig = profiel_van(request.user)
    initial = {
        "naam": request.user.get_full_name(),
        "functie": huidig.functie,
        "telefoonnummer": huidig.telefoonnummer,
        "email": request.user.email,
    }
    form = ProfielForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            profiel_wijzigen(door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            messages.success(request, "Uw gegevens zijn opgeslagen.")
            return redirect("profiel")
    return render(request, "autorisatie/profiel.html", {"form": form})
