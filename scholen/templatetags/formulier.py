"""Template helpers for accessible form fields: link each input to its help text and error message."""

from django import template

register = template.Library()


@register.filter
def met_beschrijving(veld):
    """Render the widget with aria-describedby naming its help text and error, so screen readers read both."""
    ids = []
    if veld.help_text:
        ids.append(f"{veld.auto_id}_helptext")
    if veld.errors:
        ids.append(f"{veld.auto_id}_fout")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if veld.errors:
        attrs["aria-invalid"] = "true"
    return veld.as_widget(attrs=attrs)
