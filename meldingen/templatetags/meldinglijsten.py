"""The rows of the list pages (gemeente inbox, Mijn meldingen) and the status label, written in Python.

Rendering 25 to 100 rows through the template engine ({% url %}, an {% include %} and a dozen lookups per
row) was a third of a list page's CPU (docs/performance.md). The markup is what the templates had, byte for
byte; the detail URL is reversed once per page. The rows are dicts of the columns below (the views read them
with values()): a model instance per melding and per joined row cost more than writing the row.

Every value is escaped with html.escape, which is what Django's escape() runs (the same bytes), without its
lazy-string wrapper: the rows through format_html_join, most of it that wrapper (~670 calls per page), were a
fifth of the inbox page's CPU.
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from bron.models import volledige_naam

from ..selectors import naam_van_gebruiker
from ..workflow import Status

register = template.Library()

_LEERLING = ("leerling__voornamen", "leerling__voorvoegsel", "leerling__achternaam")
INBOX_KOLOMMEN = (
    "meldingsnummer",
    "status",
    "actie_gemeente_gewenst",
    "created_at",
    *_LEERLING,
    "vestiging__naam",
    "verzuimsoort_id",  # the name from selectors.met_verzuimsoortnaam
    "behandelaar__username",
    "behandelaar__first_name",
    "behandelaar__last_name",
)
SCHOOL_KOLOMMEN = (
    "meldingsnummer",
    "status",
    "begindatum",
    "status_gewijzigd_op",
    *_LEERLING,
    "verzuimsoort_id",  # the name from selectors.met_verzuimsoortnaam
    "gemeente__naam",
    "rbl__naam",
)

# Stands in for the meldingsnummer when the detail URL is reversed once; never a meldingsnummer itself.
PLEK = "VM00-0"


def _detail_url(naam):
    voor, na = reverse(naam, args=[PLEK]).split(PLEK)
    return lambda nummer: f"{voor}{nummer}{na}"


@register.simple_tag
def status_label(melding):
    """The status of a melding as a label: in the lists and on the detail and start pages."""
    return _veilig(_label(melding.status))


def _veilig(markup):
    # The one place the markup written here is marked safe: every value in it went through escape().
    return mark_safe(markup)  # noqa: S308  # nosec B308 B703


def _label(status):
    return f'<span class="status status--{escape(status)}">{escape(str(Status(status).label))}</span>'


def _leerling(rij):
    return escape(volledige_naam(*(rij[kolom] for kolom in _LEERLING)))


def _behandelaar(rij):
    # A dash when nobody is assigned.
    if rij["behandelaar__username"] is None:
        return "–"
    return escape(
        naam_van_gebruiker(rij["behandelaar__first_name"], rij["behandelaar__last_name"], rij["behandelaar__username"])
    )


def _inbox_rij(url, rij):
    nummer = escape(rij["meldingsnummer"])
    # The status cell keeps the newline the former {% include %} brought along (the markup stays byte for byte).
    return (
        "\n      <tr>"
        f'\n        <td><input type="checkbox" name="bulk-meldingen" value="{nummer}" id="kies-{nummer}"'
        f' aria-label="Selecteer melding {nummer}"></td>'
        f'\n        <td><a href="{escape(url(rij["meldingsnummer"]))}">{nummer}</a></td>'
        f"\n        <td>{_leerling(rij)}</td>"
        f"\n        <td>{escape(str(rij['vestiging__naam']))}</td>"
        f"\n        <td>{escape(str(rij['verzuimsoort__naam']))}</td>"
        f"\n        <td>{'ja' if rij['actie_gemeente_gewenst'] else 'nee'}</td>"
        f"\n        <td>{localtime(rij['created_at']):%d-%m-%Y}</td>"
        f"\n        <td>{_label(rij['status'])}\n</td>"
        f"\n        <td>{_behandelaar(rij)}</td>"
        "\n      </tr>\n    "
    )


def _school_rij(url, rij):
    nummer = escape(rij["meldingsnummer"])
    gemeente = escape(str(rij["gemeente__naam"]))
    if rij["rbl__naam"]:
        gemeente = f"{escape(rij['rbl__naam'])} ({gemeente})"
    return (
        "\n    <tr>"
        f'\n      <td><a href="{escape(url(rij["meldingsnummer"]))}">{nummer}</a></td>'
        f"\n      <td>{_leerling(rij)}</td>"
        f"\n      <td>{escape(str(rij['verzuimsoort__naam']))}</td>"
        f"\n      <td>{rij['begindatum']:%d-%m-%Y}</td>"
        f"\n      <td>{gemeente}</td>"
        f"\n      <td>{_label(rij['status'])}\n</td>"
        f"\n      <td>{localtime(rij['status_gewijzigd_op']):%d-%m-%Y %H:%M}</td>"
        "\n    </tr>\n  "
    )


@register.simple_tag
def inbox_rijen(pagina):
    url = _detail_url("gemeente:detail")
    return _veilig("".join(_inbox_rij(url, rij) for rij in pagina))


@register.simple_tag
def school_rijen(pagina):
    url = _detail_url("school:detail")
    return _veilig("".join(_school_rij(url, rij) for rij in pagina))
