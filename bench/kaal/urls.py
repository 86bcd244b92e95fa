"""POST /kaal/meldingen/: a ModelViewSet with a ModelSerializer, no authentication, no domain logic."""

from django.urls import include, path
from rest_framework import permissions, routers, serializers, viewsets

from .models import KaleMelding


class KaleMeldingSerializer(serializers.ModelSerializer):
    class Meta:
        model = KaleMelding
        fields = "__all__"


class KaleMeldingViewSet(viewsets.ModelViewSet):
    queryset = KaleMelding.objects.all()
    serializer_class = KaleMeldingSerializer
    authentication_classes = []
    permission_classes = [permissions.AllowAny]


router = routers.DefaultRouter()
router.register("meldingen", KaleMeldingViewSet, basename="kale-melding")
urlpatterns = [path("kaal/", include(router.urls))]
