"""URLs under /api/v1/: the endpoints, the OpenAPI schema and its documentation page."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("meldingen", views.MeldingViewSet, basename="melding")

urlpatterns = [
    *router.urls,
    path("gebeurtenissen/", views.GebeurtenissenView.as_view(), name="gebeurtenissen"),
    path("referentie/verzuimsoorten/", views.VerzuimsoortenView.as_view(), name="verzuimsoorten"),
    path("referentie/afsluitredenen/", views.AfsluitredenenView.as_view(), name="afsluitredenen"),
    path(
        "referentie/toelichtingen-afsluiting/",
        views.ToelichtingenAfsluitingView.as_view(),
        name="toelichtingen-afsluiting",
    ),
    path("referentie/leslocaties/", views.LeslocatiesView.as_view(), name="leslocaties"),
    path("schema/", SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[]), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api:schema", authentication_classes=[], permission_classes=[]),
        name="docs",
    ),
    re_path(r"^.*$", views.NietGevondenView.as_view()),
]
