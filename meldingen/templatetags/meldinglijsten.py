"""The rows of the list pages (gemeente inbox, Mijn meldingen) and the status label, written in Python.

Rendering 25 to 100 rows through the template engine ({% url %}, an {% include %} and a dozen lookups per
row) was a third of a list page's CPU (docs/performance.md). The markup is what the templates had, byte for
byte; the detail URL is reversed once per page. The rows are dicts of the columns below (the views read them
with values()): a model instance per melding and per joined row cost more than writing the row.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from bron.models import volledige_naam

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
    "verzuimsoort__naam",
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
    "verzuimsoort__naam",
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
    return _label(melding.status)


def _label(status):
    return format_html('<span class="status status--{}">{}</span>', status, Status(status).label)


def _status(rij):
    # The rows keep the newline the former {% include %} brought along (the markup stays byte for byte).
    return format_html("{}\n", _label(rij["status"]))


def _leerling(rij):
    return volledige_naam(*(rij[kolom] for kolom in _LEERLING))


def _behandelaar(rij):
    # User.get_full_name(), or the username; a dash when nobody is assigned.
    if rij["behandelaar__username"] is None:
        return "–"
    return f"{rij['behandelaar__first_name']} {rij['behandelaar__last_name']}".strip() or rij["behandelaar__username"]


@register.simple_tag
def inbox_rijen(pagina):
    url = _detail_url("gemeente:detail")
    return format_html_join(
        "",
        "\n      <tr>"
        '\n        <td><input type="checkbox" name="bulk-meldingen" value="{0}" id="kies-{0}"'
        ' aria-label="Selecteer melding {0}"></td>'
        '\n        <td><a href="{1}">{0}</a></td>'
        "\n        <td>{2}</td>\n        <td>{3}</td>\n        <td>{4}</td>\n        <td>{5}</td>"
        "\n        <td>{6}</td>\n        <td>{7}</td>\n        <td>{8}</td>"
        "\n      </tr>\n    ",
        (
            (
                rij["meldingsnummer"],
                url(rij["meldingsnummer"]),
                _leerling(rij),
                rij["vestiging__naam"],
                rij["verzuimsoort__naam"],
                "ja" if rij["actie_gemeente_gewenst"] else "nee",
                localtime(rij["created_at"]).strftime("%d-%m-%Y"),
                _status(rij),
                _behandelaar(rij),
            )
            for rij in pagina
        ),
    )


@register.simple_tag
def school_rijen(pagina):
    url = _detail_url("school:detail")
    return format_html_join(
        "",
        "\n    <tr>"
        '\n      <td><a href="{1}">{0}</a></td>'
        "\n      <td>{2}</td>\n      <td>{3}</td>\n      <td>{4}</td>\n      <td>{5}</td>"
        "\n      <td>{6}</td>\n      <td>{7}</td>"
        "\n    </tr>\n  ",
        (
            (
                rij["meldingsnummer"],
                url(rij["meldingsnummer"]),
                _leerling(rij),
                rij["verzuimsoort__naam"],
                rij["begindatum"].strftime("%d-%m-%Y"),
                f"{rij['rbl__naam']} ({rij['gemeente__naam']})" if rij["rbl__naam"] else rij["gemeente__naam"],
                _status(rij),
                localtime(rij["status_gewijzigd_op"]).strftime("%d-%m-%Y %H:%M"),
            )
            for rij in pagina
        ),
    )
