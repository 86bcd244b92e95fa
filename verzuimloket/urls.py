"""URL wiring."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from meldingen.views.dashboard import dashboard

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("inloggen/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("meldingen.urls")),
    path("", include("berichten.urls")),
    path("", include("statistiek.urls")),
    path("admin/", admin.site.urls),
]
