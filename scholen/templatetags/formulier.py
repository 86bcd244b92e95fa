"""Template helpers for accessible form fields: link each input to its help text and error message."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

register = template.Library()


def _beschreven_door(veld):
    """The ids of the field's help text and error message, as aria-describedby names them."""
    ids = []
    if veld.help_text:
        ids.append(f"{veld.auto_id}_helptext")
    if veld.errors:
        ids.append(f"{veld.auto_id}_fout")
    return " ".join(ids)


def met_beschrijving(veld):
    """Render the widget with aria-describedby naming its help text and error, so screen readers read both."""
    beschreven = _beschreven_door(veld)
    attrs = {"aria-describedby": beschreven} if beschreven else {}
    if veld.errors:
        attrs["aria-invalid"] = "true"
    return veld.as_widget(attrs=attrs)


@register.simple_tag(name="veld")
def veld_tag(veld):
    """One form field with its label, help text and error, the same markup on every form: ``{% veld form.x %}``.

    Radio buttons are a fieldset whose legend is the label. Python rather than an included template: the inbox
    writes 13 fields on every page, and their include cost 0.5 to 0.9 ms CPU more per page (docs/performance.md).
    """
    auto_id = veld.auto_id
    verplicht = format_html(' <span class="verplicht">({})</span>', gettext("verplicht")) if veld.field.required else ""
    helptext = (
        format_html('<p class="veld__helptext" id="{}_helptext">{}</p>', auto_id, veld.help_text)
        if veld.help_text
        else ""
    )
    fouten = veld.errors
    fout = (
        format_html(
            '<p class="veld__fout" id="{}_fout">{}</p>', auto_id, format_html_join(" ", "{}", ((f,) for f in fouten))
        )
        if fouten
        else ""
    )
    if getattr(veld.field.widget, "input_type", None) == "radio":
        beschreven = _beschreven_door(veld)
        keuzes = format_html_join(
            "",
            '<div class="keuze">{}<label for="{}">{}</label></div>',
            ((k.tag(), k.id_for_label, k.choice_label) for k in veld),
        )
        binnen = format_html(
            '\n  <fieldset{}>\n    <legend>{}{}</legend>\n    {}\n    {}\n    <div class="keuzes">{}</div>\n  </fieldset>\n  ',
            format_html(' aria-describedby="{}"', beschreven) if beschreven else "",
            veld.label,
            verplicht,
            helptext,
            fout,
            keuzes,
        )
    else:
        binnen = format_html(
            '\n  <label for="{}">{}{}</label>\n  {}\n  {}\n  {}\n  ',
            veld.id_for_label,
            veld.label,
            verplicht,
            helptext,
            fout,
            met_beschrijving(veld),
        )
    return format_html('<div class="veld{}">\n  {}\n</div>\n', " veld--fout" if fouten else "", binnen)
