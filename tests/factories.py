"""Factories with named states, on the real reference data (gemeenten and vestigingen come from migrations)."""

import datetime as dt
import itertools

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from bron.models import Inschrijving, Leerling
from gemeenten.models import Gemeente, Rbl
from meldingen.models import Afsluitreden, Melding, MeldingHistorie, ToelichtingAfsluiting, Verzuimsoort
from meldingen.workflow import Status
from scholen.models import Leslocatie, Vestiging


def bsn_reeks(start=100000000):
    """Valid BSNs (11-test), deterministic."""
    for n in itertools.count(start):
        s = f"{n:09d}"
        if sum(int(c) * w for c, w in zip(s, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True)) % 11 == 0:
            yield s


_bsns = bsn_reeks(200000000)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct-paard-batterij-nietje")


class RblFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rbl
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"rbl-{n}")
    naam = factory.Sequence(lambda n: f"RBL regio {n}")


class LeslocatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leslocatie
        django_get_or_create = ("vestiging", "locatiecode")

    locatiecode = "HOOFD"
    naam = "Hoofdgebouw"


class LeerlingFactory(factory.django.DjangoModelFactory):
    """A pupil living in `woongemeente`, enrolled at `vestiging` since 1 August 2020."""

    class Meta:
        model = Leerling

    persoonsgebonden_nummer = factory.LazyFunction(lambda: next(_bsns))
    soort_nummer = "bsn"
    voornamen = "Sanne"
    achternaam = factory.Sequence(lambda n: f"de Vries{n}")
    geslacht = "V"
    geboortedatum = dt.date(2012, 5, 17)
    straat = "Dorpsstraat"
    huisnummer = 12
    postcode = "1234AB"
    plaats = "Ergens"
    woongemeente = factory.LazyFunction(lambda: Gemeente.objects.get(code="0363"))

    # Not model fields: _create turns them into an Inschrijving.
    vestiging = None
    inschrijfdatum = dt.date(2020, 8, 1)
    uitschrijfdatum = None

    @classmethod
    def _create(cls, model_class, *args, vestiging=None, inschrijfdatum=None, uitschrijfdatum=None, **kwargs):
        leerling = super()._create(model_class, *args, **kwargs)
        if vestiging is not None:
            Inschrijving.objects.create(
                leerling=leerling,
                vestiging=vestiging,
                inschrijfdatum=inschrijfdatum or dt.date(2020, 8, 1),
                uitschrijfdatum=uitschrijfdatum,
            )
        return leerling


def schoolgegevens(vestiging, **overrides):
    """A complete, valid set of the school's fields for melding_indienen."""
    vandaag = timezone.localdate()
    gegevens = dict(
        verzuimsoort=Verzuimsoort.objects.get(code="16_uur"),
        begindatum=vandaag - dt.timedelta(days=20),
        einddatum=vandaag - dt.timedelta(days=2),
        vermoedelijke_reden="Onbekend; ouders niet bereikbaar.",
        alle_lessen_gemist=False,
        ondernomen_actie="Gebeld met ouders, geen gehoor.",
        actie_gemeente_gewenst=True,
        toelichting_geen_actie="",
        leslocatie=vestiging.leslocaties.filter(actief=True).first(),
        melder_naam="Mevrouw de Melder",
        melder_functie="Verzuimcoördinator",
        melder_telefoonnummer="0201234567",
        melder_email="melder@school.example",
        telefoonnummer_ouder_leerling="0612345678",
        verzuimdagen=4,
        verzuimuren=17,
    )
    gegevens.update(overrides)
    return gegevens


class MeldingFactory(factory.django.DjangoModelFactory):
    """A melding written straight to the table (for lists and selectors); use the service for behaviour."""

    class Meta:
        model = Melding
        skip_postgeneration_save = True

    class Params:
        in_behandeling = factory.Trait(status=Status.IN_BEHANDELING)
        afgesloten = factory.Trait(
            status=Status.AFGESLOTEN,
            afsluitreden=factory.LazyFunction(lambda: Afsluitreden.objects.get(code="terug_naar_school")),
            toelichting_afsluiting=factory.LazyFunction(
                lambda: ToelichtingAfsluiting.objects.get(code="gezien_door_gemeente")
            ),
            contactpersoon_naam="L. Plicht",
            contactpersoon_telefoonnummer="0201111111",
            contactpersoon_email="lpa@gemeente.example",
        )
        ter_kennisgeving = factory.Trait(status=Status.TER_KENNISGEVING)
        ingetrokken = factory.Trait(status=Status.INGETROKKEN, intrekkingsreden="Verkeerde leerling")

    meldingsnummer = factory.Sequence(lambda n: f"VMT-{n:07d}")
    schooljaar = factory.LazyFunction(lambda: (lambda d: d.year if d.month >= 8 else d.year - 1)(timezone.localdate()))
    status = Status.GEREGISTREERD
    status_gewijzigd_op = factory.LazyFunction(timezone.now)
    vestiging = factory.LazyFunction(lambda: Vestiging.objects.get(code="00AR00"))
    leerling = factory.SubFactory(LeerlingFactory)
    verzuimsoort = factory.LazyFunction(lambda: Verzuimsoort.objects.get(code="16_uur"))
    begindatum = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=20))
    einddatum = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=2))
    alle_lessen_gemist = False
    actie_gemeente_gewenst = True
    melder_naam = "Mevrouw de Melder"
    melder_telefoonnummer = "0201234567"
    melder_email = "melder@school.example"
    gemeente = factory.LazyAttribute(lambda o: o.leerling.woongemeente)
    routering = factory.LazyFunction(lambda: {"regel": "woongemeente", "uitleg": "testdata"})

    @factory.post_generation
    def historie(obj, create, extracted, **kwargs):
        if create:
            MeldingHistorie.objects.create(
                melding=obj, actie="ingediend", naar_status=Status.GEREGISTREERD, door_naam="test"
            )
