"""The gemeente-beheerder's pages: the gemeente's own settings (attenderingsmails, thresholds, Wpg regime)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from meldingen.forms import zet_fouten
from protocollering.services import protocolleer

from .forms import InstellingenForm
from .selectors import door_mij_beheerde_gemeenten
from .services import INSTELLINGVELDEN, gemeente_instellingen_wijzigen, instellingen_van


@login_required
def instellingen_overzicht(request):
    gemeenten = list(door_mij_beheerde_gemeenten(request.user))
    if not gemeenten:
        raise Http404
    if len(gemeenten) == 1:
        return redirect("gemeenten:instellingen", gemeentecode=gemeenten[0].code)
    return render(request, "gemeenten/instellingen_overzicht.html", {"gemeenten": gemeenten})


@login_required
@require_http_methods(["GET", "POST"])
def instellingen(request, gemeentecode):
    gemeente = get_object_or_404(door_mij_beheerde_gemeenten(request.user), code=gemeentecode)
    huidig = instellingen_van(gemeente)
    form = InstellingenForm(request.POST or None, instance=huidig)
    if request.method == "POST" and form.is_valid():
        try:
            gemeente_instellingen_wijzigen(
                door=request.user, gemeente=gemeente, gegevens={v: form.cleaned_data[v] for v in INSTELLINGVELDEN}
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            protocolleer(
                actor=request.user, actie="gemeente_instellingen_wijzigen", object=gemeente.code, request=request
            )
            messages.success(request, "De instellingen zijn opgeslagen.")
            return redirect("gemeenten:instellingen", gemeentecode=gemeente.code)
    return render(request, "gemeenten/instellingen.html", {"gemeente": gemeente, "form": form})
