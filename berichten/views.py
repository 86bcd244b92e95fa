"""Beheer's page 'Mail: aandacht nodig': failed mails, mailbox problems per gemeente, gemeenten without mailbox."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from autorisatie.predicates import is_loket_beheer
from protocollering.services import protocolleer

from . import selectors, services
from .models import Toestand


@login_required
@require_http_methods(["GET", "POST"])
def beheer_berichten(request):
    if not is_loket_beheer(request.user):
        raise Http404
    if request.method == "POST":
        rij = selectors.mislukte_berichten().filter(pk=request.POST.get("uitgaand")).first()
        if rij is None:
            messages.error(request, "Dit bericht staat niet (meer) in de lijst met mislukte berichten.")
        else:
            services.uitgaand_opnieuw_proberen(door=request.user, uitgaand=rij)
            protocolleer(actor=request.user, actie="bericht_opnieuw_proberen", object=rij.sleutel, request=request)
            messages.success(request, f"Bericht {rij.sleutel} staat weer in de wachtrij.")
        return redirect("berichten:beheer")
    protocolleer(actor=request.user, actie="berichten_beheer_inzien", request=request)
    return render(
        request,
        "berichten/beheer.html",
        {
            "mislukt": selectors.mislukte_berichten()[:200],
            "problemen": selectors.mailproblemen_per_mailbox()[:200],
            "zonder_mailbox": services.gemeenten_zonder_mailbox()[:200],
            "telling": {Toestand(k).label: v for k, v in selectors.wachtrij_telling().items()},
        },
    )
