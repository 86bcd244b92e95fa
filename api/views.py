"""The /api/v1/ endpoints. Reads go through meldingen/selectors.py, every change through meldingen/services.py."""

import hashlib
import json
import re
from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from meldingen import selectors, services
from meldingen.models import Afsluitreden, ToelichtingAfsluiting, Verzuimsoort
from meldingen.workflow import Status
from protocollering.services import protocolleer

from . import serializers as s
from .authenticatie import CertificaatAuthenticatie
from .models import IdempotentieSleutel
from .problemen import exception_handler

MELDINGSNUMMER = re.compile(r"^[A-Za-z0-9-]{1,16}$")
IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


class KoppelingApi:
    """Shared by every endpoint: certificate authentication, JSON only, problem documents."""

    authentication_classes = [CertificaatAuthenticatie]
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]

    def get_exception_handler(self):
        return exception_handler

    @property
    def koppeling(self):
        return self.request.auth.koppeling

    def meldingen(self):
        """The koppeling's meldingen: the same selector as the school's or the gemeente's portal."""
        user = self.request.user
        if self.koppeling.is_school:
            queryset = selectors.meldingen_van_school(user)
        else:
            queryset = selectors.meldingen_van_gemeente(user)
        return queryset.select_related("leslocatie")

    def protocolleer(self, actie, object=""):
        protocolleer(
            actor=self.request.user,
            actie=actie,
            object=object,
            request=self.request,
            organisatie=self.koppeling.organisaties[:32],
            rol=self.koppeling.rol,
        )


class MeldingCursor(CursorPagination):
    ordering = "-created_at"
    page_size = 50
    page_size_query_param = "aantal"
    max_page_size = 200

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ApiValidationError({"cursor": ["Ongeldige cursor."]}) from None


class LijstFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    gewijzigd_sinds = serializers.DateTimeField(required=False)


def _body_hash(data):
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":"), default=str).encode()).hexdigest()


def _uitvoeren(functie, **kwargs):
    """Call a service; a PermissionDenied there means the koppeling has no business with this melding."""
    try:
        return functie(**kwargs)
    except PermissionDenied:
        raise NotFound from None


MELDING_200 = OpenApiResponse(s.MeldingSerializer, description="De melding na de wijziging")


@extend_schema_view(
    list=extend_schema(
        summary="Eigen meldingen (school) of meldingen van de gemeente/RBL, nieuwste eerst",
        parameters=[LijstFilter],
    ),
    retrieve=extend_schema(summary="Eén melding"),
    create=extend_schema(
        summary="Nieuwe melding (school)",
        request=s.MeldingIndienenSerializer,
        responses={201: s.MeldingSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Zelfde sleutel en zelfde body: de oorspronkelijke melding, niets nieuws. "
                "Zelfde sleutel, andere body: 409. 1-255 zichtbare ASCII-tekens.",
            )
        ],
    ),
    partial_update=extend_schema(
        summary="Schoolvelden wijzigen (school), zolang de melding open is",
        request=s.MeldingWijzigenSerializer,
        responses={200: s.MeldingSerializer},
    ),
)
class MeldingViewSet(KoppelingApi, viewsets.GenericViewSet):
    """Meldingen: a school koppeling sees its own vestigingen's, a gemeente koppeling those routed to it."""

    serializer_class = s.MeldingSerializer
    pagination_class = MeldingCursor
    lookup_field = "meldingsnummer"
    lookup_value_regex = "[^/]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return self.meldingen()

    def get_object(self):
        nummer = self.kwargs["meldingsnummer"]
        if not MELDINGSNUMMER.match(nummer):
            raise NotFound
        return selectors.melding_ophalen(self.get_queryset(), nummer)

    def _antwoord(self, melding, status_code=status.HTTP_200_OK, headers=None):
        # Read back through the selector: the same view of the melding as GET, and it must still be visible.
        melding = selectors.melding_ophalen(self.get_queryset(), melding.meldingsnummer)
        return Response(s.melding_json(melding), status=status_code, headers=headers)

    def list(self, request):
        filter_ = LijstFilter(data=request.query_params)
        filter_.is_valid(raise_exception=True)
        queryset = self.get_queryset()
        if "status" in filter_.validated_data:
            queryset = queryset.filter(status=filter_.validated_data["status"])
        if "gewijzigd_sinds" in filter_.validated_data:
            queryset = queryset.filter(updated_at__gte=filter_.validated_data["gewijzigd_sinds"])
        pagina = self.paginate_queryset(queryset.values(*s.LIJST_KOLOMMEN))
        self.protocolleer("api_meldingen_lijst")
        return self.get_paginated_response(s.meldingen_lijst_json(pagina))

    def retrieve(self, request, meldingsnummer):
        melding = self.get_object()
        self.protocolleer("melding_inzien", melding.meldingsnummer)
        return Response(s.melding_json(melding))

    def create(self, request):
        if not self.koppeling.is_school:
            raise NotFound
        sleutel = request.headers.get("Idempotency-Key")
        if sleutel is not None and not IDEMPOTENCY_KEY.match(sleutel):
            raise ApiValidationError({"Idempotency-Key": ["Gebruik 1 tot 255 zichtbare ASCII-tekens."]})
        # With a key, its row is written in the service's transaction; without, the service's own suffices
        # (an outer one would only add a savepoint round trip).
        with transaction.atomic() if sleutel is not None else nullcontext():
            if sleutel is not None:
                # Two requests with one key wait for each other, so only one of them creates.
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"api:{self.koppeling.pk}:{sleutel}"])
                eerder = IdempotentieSleutel.objects.filter(koppeling=self.koppeling, sleutel=sleutel).first()
                if eerder is not None:
                    if eerder.body_hash != _body_hash(request.data):
                        return _conflict("Deze Idempotency-Key is al gebruikt voor een ander verzoek.")
                    melding = selectors.melding_ophalen(self.get_queryset(), eerder.melding.meldingsnummer)
                    return self._antwoord(
                        melding, status.HTTP_201_CREATED, self._locatie(melding) | {"Idempotent-Replayed": "true"}
                    )
            invoer = s.MeldingIndienenSerializer(data=request.data, context={"request": request})
            invoer.is_valid(raise_exception=True)
            melding = _uitvoeren(
                services.melding_indienen,
                door=request.user,
                vestiging=invoer.validated_data["vestiging"],
                persoonsgebonden_nummer=invoer.validated_data["persoonsgebonden_nummer"],
                gegevens=invoer.gegevens(),
            )
            if sleutel is not None:
                IdempotentieSleutel.objects.create(
                    koppeling=self.koppeling, sleutel=sleutel, body_hash=_body_hash(request.data), melding=melding
                )
        # The service hands back the melding with every related object it used: no need to read it again.
        return Response(s.melding_json(melding), status=status.HTTP_201_CREATED, headers=self._locatie(melding))

    def _locatie(self, melding):
        return {"Location": reverse("api:melding-detail", args=[melding.meldingsnummer])}

    def partial_update(self, request, meldingsnummer):
        melding = self.get_object()
        invoer = s.MeldingWijzigenSerializer(
            data=request.data, context={"request": request, "vestiging": melding.vestiging}
        )
        invoer.is_valid(raise_exception=True)
        melding = _uitvoeren(services.melding_wijzigen, door=request.user, melding=melding, gegevens=invoer.gegevens())
        return self._antwoord(melding)

    @extend_schema(summary="Intrekken (school), met reden", request=s.IntrekkenSerializer, responses={200: MELDING_200})
    @action(detail=True, methods=["post"])
    def intrekken(self, request, meldingsnummer):
        melding = self.get_object()
        invoer = s.IntrekkenSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        melding = _uitvoeren(
            services.melding_intrekken, door=request.user, melding=melding, reden=invoer.validated_data["reden"]
        )
        return self._antwoord(melding)

    @extend_schema(summary="In behandeling nemen (gemeente)", request=s.LeegSerializer, responses={200: MELDING_200})
    @action(detail=True, methods=["post"], url_path="in-behandeling")
    def in_behandeling(self, request, meldingsnummer):
        melding = self.get_object()
        s.LeegSerializer(data=request.data or {}).is_valid(raise_exception=True)
        melding = _uitvoeren(services.melding_in_behandeling_nemen, door=request.user, melding=melding)
        return self._antwoord(melding)

    @extend_schema(
        summary="Afsluiten (gemeente), met vaste reden en toelichting",
        request=s.AfsluitenSerializer,
        responses={200: MELDING_200},
    )
    @action(detail=True, methods=["post"])
    def afsluiten(self, request, meldingsnummer):
        melding = self.get_object()
        invoer = s.AfsluitenSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        melding = _uitvoeren(
            services.melding_afsluiten,
            door=request.user,
            melding=melding,
            afsluitreden=invoer.validated_data["reden"],
            toelichting_afsluiting=invoer.validated_data["toelichting"],
            contactpersoon=invoer.validated_data["contactpersoon"],
        )
        return self._antwoord(melding)

    @extend_schema(
        summary="Ter kennisgeving aannemen (gemeente)", request=s.LeegSerializer, responses={200: MELDING_200}
    )
    @action(detail=True, methods=["post"], url_path="ter-kennisgeving")
    def ter_kennisgeving(self, request, meldingsnummer):
        melding = self.get_object()
        s.LeegSerializer(data=request.data or {}).is_valid(raise_exception=True)
        melding = _uitvoeren(services.melding_ter_kennisgeving_aannemen, door=request.user, melding=melding)
        return self._antwoord(melding)

    @extend_schema(
        summary="Doorzetten naar een andere gemeente (gemeente)",
        request=s.DoorzettenSerializer,
        responses={
            200: OpenApiResponse(
                s.DoorgezetSerializer,
                description="Doorgezet; de melding is voor deze koppeling meestal niet meer zichtbaar",
            )
        },
    )
    @action(detail=True, methods=["post"])
    def doorzetten(self, request, meldingsnummer):
        melding = self.get_object()
        invoer = s.DoorzettenSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        melding = _uitvoeren(
            services.melding_doorzetten,
            door=request.user,
            melding=melding,
            gemeente=invoer.validated_data["gemeentecode"],
            reden=invoer.validated_data["reden"],
        )
        # After the hand-over the melding usually is no longer ours to see: answer with where it went.
        return Response(s.DoorgezetSerializer(melding).data)


def _conflict(detail):
    from .problemen import probleem

    return probleem(409, detail)


class GebeurtenissenFilter(serializers.Serializer):
    na = serializers.IntegerField(
        min_value=0, max_value=2**63 - 1, required=False, default=0, help_text="Cursor: de laatst verwerkte gebeurtenis"
    )
    aantal = serializers.IntegerField(min_value=1, max_value=500, required=False, default=100)


class GebeurtenissenView(KoppelingApi, APIView):
    """Change feed over the melding history, limited to the meldingen this koppeling may see now."""

    @extend_schema(
        summary="Wijzigingsfeed: nieuwe meldingen, wijzigingen en statuswijzigingen, op volgorde, elk één keer",
        parameters=[GebeurtenissenFilter],
        responses={200: s.GebeurtenissenSerializer},
    )
    def get(self, request):
        filter_ = GebeurtenissenFilter(data=request.query_params)
        filter_.is_valid(raise_exception=True)
        na, aantal = filter_.validated_data["na"], filter_.validated_data["aantal"]
        rijen = selectors.gebeurtenissen_na(self.meldingen(), na)
        wachttijd = settings.API_GEBEURTENISSEN_WACHTTIJD
        if wachttijd:
            # A transaction that took a lower id may commit after a higher one: leave the last moments for next time.
            rijen = rijen.filter(created_at__lt=timezone.now() - timedelta(seconds=wachttijd))
        rijen = list(rijen[:aantal])
        self.protocolleer("api_gebeurtenissen")
        return Response(
            {
                "gebeurtenissen": s.GebeurtenisSerializer(rijen, many=True).data,
                "volgende": str(rijen[-1].id if rijen else na),
            }
        )


class ReferentieView(KoppelingApi, generics.ListAPIView):
    """A reference list with codes and validity dates; the codes are what the API accepts."""

    pagination_class = None
    model = None

    def get_queryset(self):
        return self.model.objects.order_by("volgorde", "code")


@extend_schema(summary="Soorten verzuim, met geldigheid")
class VerzuimsoortenView(ReferentieView):
    model = Verzuimsoort
    serializer_class = s.VerzuimsoortSerializer


@extend_schema(summary="Redenen afgesloten, met geldigheid")
class AfsluitredenenView(ReferentieView):
    model = Afsluitreden
    serializer_class = s.ReferentieSerializer


@extend_schema(summary="Toelichtingen afsluiting, met geldigheid")
class ToelichtingenAfsluitingView(ReferentieView):
    model = ToelichtingAfsluiting
    serializer_class = s.ReferentieSerializer


@extend_schema(summary="Eigen leslocaties (school; leeg voor een gemeente)")
class LeslocatiesView(KoppelingApi, generics.ListAPIView):
    """The leslocaties a school koppeling can give as `leslocatie` (locatiecode)."""

    pagination_class = None
    serializer_class = s.LeslocatieSerializer

    def get_queryset(self):
        return selectors.leslocaties_van_school(self.request.user)


class NietGevondenView(KoppelingApi, APIView):
    """Any other path under /api/v1/: a problem document rather than the portal's HTML 404 page."""

    authentication_classes = []
    permission_classes = []
    schema = None

    def initial(self, request, *args, **kwargs):
        raise NotFound
