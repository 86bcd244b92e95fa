"""URLs of the login steps (names kept: login, logout) and, when switched on, OpenID Connect."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("inloggen/", views.InloggenView.as_view(), name="login"),
    path("inloggen/verificatie/", views.mfa_verificatie, name="mfa_verificatie"),
    path("inloggen/mfa-instellen/", views.mfa_instellen, name="mfa_instellen"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
]

if settings.OIDC_AAN:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
