"""A form renderer that writes the plain <input> and <select> widgets in Python, byte for byte as Django's renderer.

Rendering a list page's filter form through Django's widget templates (an {% include %} per option and per
attribute list) took a quarter of the page's CPU (docs/performance.md). Any other widget template still goes
through Django's renderer; tests/meldingen/test_form_renderer.py compares both outputs.
"""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
# Django's templates that are nothing but {% include "django/forms/widgets/input.html" %} (the renderer strips
# the trailing newlines).
INPUTS = {
    f"{WIDGETS}{naam}.html"
    for naam in ("text", "search", "number", "email", "url", "password", "tel", "date", "datetime", "time", "hidden")
}

_CONTEXT = Context(autoescape=True)


def _waarde(value):
    """{{ value }} in an autoescaping template (localized, escaped unless already safe)."""
    return render_value_in_context(value, _CONTEXT)


def _stringformat(value):
    """{{ value|stringformat:'s' }}: str() first, no localization; escaped unless the value was safe."""
    return conditional_escape(value) if isinstance(value, SafeData) else conditional_escape(str(value))


def _attrs(attrs):
    """django/forms/widgets/attrs.html"""
    return "".join(
        f" {_waarde(naam)}" if waarde is True else f' {_waarde(naam)}="{_stringformat(waarde)}"'
        for naam, waarde in attrs.items()
        if waarde is not False
    )


def _input(widget):
    """django/forms/widgets/input.html"""
    value = f' value="{_stringformat(widget["value"])}"' if widget["value"] is not None else ""
    return f'<input type="{_waarde(widget["type"])}" name="{_waarde(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _option(widget):
    """django/forms/widgets/select_option.html"""
    return f'<option value="{_stringformat(widget["value"])}"{_attrs(widget["attrs"])}>{_waarde(widget["label"])}</option>\n'


def _select(widget):
    """django/forms/widgets/select.html"""
    delen = [f'<select name="{_waarde(widget["name"])}"{_attrs(widget["attrs"])}>']
    for groep, opties, _index in widget["optgroups"]:
        if groep:
            delen.append(f'\n  <optgroup label="{_waarde(groep)}">')
        for optie in opties:
            delen.append("\n  " + _option(optie))
        if groep:
            delen.append("\n  </optgroup>")
    delen.append("\n</select>")
    return "".join(delen)


class SnelleRenderer(DjangoTemplates):
    # Plain strings with every value escaped above; Widget._render marks the result safe, as for Django's.
    def render(self, template_name, context, request=None):
        if template_name in INPUTS:
            return _input(context["widget"])
        if template_name == f"{WIDGETS}select.html" and all(
            optie["template_name"] == f"{WIDGETS}select_option.html"
            for _groep, opties, _index in context["widget"]["optgroups"]
            for optie in opties
        ):
            return _select(context["widget"])
        return super().render(template_name, context, request=request)


# One instance: each DjangoTemplates instance builds its own template engine.
RENDERER = SnelleRenderer()
