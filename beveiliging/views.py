"""The login steps: password (django-axes limits failures), then the TOTP code, or enrolment on first login."""

import base64

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from protocollering.models import Resultaat
from protocollering.services import protocolleer

from .mfa import code_controleren, heeft_apparaat, onbevestigd_apparaat, qr_svg


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label="Code uit uw authenticator-app (6 cijfers)",
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )


def _volgende(request):
    volgende = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return volgende
    return reverse(settings.LOGIN_REDIRECT_URL)


class InloggenView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_success_url(self):
        # The password is only the first step: the session is not verified until the TOTP code.
        return f"{reverse('mfa_verificatie')}?{urlencode({'next': self.get_redirect_url() or reverse(settings.LOGIN_REDIRECT_URL)})}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["verlopen"] = "verlopen" in self.request.GET
        context["oidc_aan"] = settings.OIDC_AAN
        return context


@login_required
@require_http_methods(["GET", "POST"])
def mfa_verificatie(request):
    if request.user.is_verified():
        return redirect(_volgende(request))
    if not heeft_apparaat(request.user):
        return redirect(f"{reverse('mfa_instellen')}?{urlencode({'next': _volgende(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = code_controleren(request.user, form.cleaned_data["otp_token"])
        if device is not None:
            otp_login(request, device)
            protocolleer(actor=request.user, actie="inloggen", request=request)
            return redirect(_volgende(request))
        protocolleer(
            actor=request.user,
            actie="inloggen_mfa_mislukt",
            resultaat=Resultaat.GEWEIGERD,
            request=request,
        )
        form.add_error(
            "otp_token",
            "Deze code klopt niet of is verlopen. Wacht een paar seconden en probeer de volgende code.",
        )
    return render(
        request,
        "registration/mfa_verificatie.html",
        {"form": form, "next": _volgende(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def mfa_instellen(request):
    """Enrolment, only while the user has no confirmed device: a password alone never adds a second factor."""
    if heeft_apparaat(request.user):
        return redirect(f"{reverse('mfa_verificatie')}?{urlencode({'next': _volgende(request)})}")
    device = onbevestigd_apparaat(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"].strip().replace(" ", "")):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            protocolleer(actor=request.user, actie="mfa_ingesteld", request=request)
            return redirect(_volgende(request))
        form.add_error(
            "otp_token",
            "Deze code klopt niet. Controleer of de tijd op uw telefoon klopt, wacht een paar seconden en probeer de volgende code.",
        )
    context = {
        "form": form,
        "next": _volgende(request),
        "uri": device.config_url,
        "sleutel": base64.b32encode(device.bin_key).decode(),
        # Generated from our own URI by the qrcode library; contains no user input as markup.
        "qr": mark_safe(qr_svg(device.config_url)),  # noqa: S308  # nosec B308 B703
    }
    return render(request, "registration/mfa_instellen.html", context)
