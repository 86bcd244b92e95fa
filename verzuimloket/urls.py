"""URL wiring."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from meldingen.views.dashboard import dashboard

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("", include("beveiliging.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("meldingen.urls")),
    path("school/beheer/", include("scholen.urls")),
    path("", include("gemeenten.urls")),
    path("toegangslog/", include("protocollering.urls")),
    path("", include("autorisatie.urls")),
    path("", include("rechten.urls")),
    # The admin logs in through the same steps (password, then TOTP) as everyone else.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("", include("berichten.urls")),
    path("", include("statistiek.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
]
