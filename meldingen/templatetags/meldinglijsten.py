"""The rows of the list pages (gemeente inbox, Mijn meldingen) and the status label, written in Python.

Rendering 25 to 100 rows through the template engine ({% url %}, an {% include %} and a dozen lookups per
row) was a third of a list page's CPU (docs/performance.md). The markup is what the templates had, byte for
byte; the detail URL is reversed once per page.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

register = template.Library()

# Stands in for the meldingsnummer when the detail URL is reversed once; never a meldingsnummer itself.
PLEK = "VM00-0"


def _detail_url(naam):
    voor, na = reverse(naam, args=[PLEK]).split(PLEK)
    return lambda nummer: f"{voor}{nummer}{na}"


@register.simple_tag
def status_label(melding):
    """The status of a melding as a label: in the lists and on the detail and start pages."""
    return format_html('<span class="status status--{}">{}</span>', melding.status, melding.get_status_display())


def _status(melding):
    # The rows keep the newline the former {% include %} brought along (the markup stays byte for byte).
    return format_html("{}\n", status_label(melding))


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
                m.meldingsnummer,
                url(m.meldingsnummer),
                m.leerling.naam,
                m.vestiging.naam,
                m.verzuimsoort.naam,
                "ja" if m.actie_gemeente_gewenst else "nee",
                localtime(m.created_at).strftime("%d-%m-%Y"),
                _status(m),
                (m.behandelaar.get_full_name() or m.behandelaar.username) if m.behandelaar else "–",
            )
            for m in pagina
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
                m.meldingsnummer,
                url(m.meldingsnummer),
                m.leerling.naam,
                m.verzuimsoort.naam,
                m.begindatum.strftime("%d-%m-%Y"),
                f"{m.rbl.naam} ({m.gemeente.naam})" if m.rbl else m.gemeente.naam,
                _status(m),
                localtime(m.status_gewijzigd_op).strftime("%d-%m-%Y %H:%M"),
            )
            for m in pagina
        ),
    )
