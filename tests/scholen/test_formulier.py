"""{% veld %}: one form field with its label, help text and error, linked for screen readers."""

from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test.html import parse_html
from django.utils import translation
from django.utils.safestring import mark_safe


class Formulier(forms.Form):
    keuze = forms.ChoiceField(
        label="Soort & maat", choices=[("a", "A <1>"), ("b", "B")], widget=forms.RadioSelect, help_text="Kies één."
    )
    tekst = forms.CharField(label="Naam", required=False, help_text="Zoals <in> Bron.")

    def clean_keuze(self):
        raise ValidationError("Kies <b>iets</b> anders.")


def _veld(form, naam):
    return Template("{% load formulier %}{% veld form." + naam + " %}").render(Context({"form": form}))


def test_radio_met_fout_is_een_fieldset_die_helptekst_en_fout_noemt():
    html = _veld(Formulier({"keuze": "a"}), "keuze")
    assert parse_html(html) == parse_html(
        '<div class="veld veld--fout">'
        '<fieldset aria-describedby="id_keuze_helptext id_keuze_fout">'
        '<legend>Soort &amp; maat <span class="verplicht">(verplicht)</span></legend>'
        '<p class="veld__helptext" id="id_keuze_helptext">Kies één.</p>'
        '<p class="veld__fout" id="id_keuze_fout">Kies &lt;b&gt;iets&lt;/b&gt; anders.</p>'
        '<div class="keuzes">'
        '<div class="keuze"><input type="radio" name="keuze" value="a" id="id_keuze_0" required aria-invalid="true" checked>'
        '<label for="id_keuze_0">A &lt;1&gt;</label></div>'
        '<div class="keuze"><input type="radio" name="keuze" value="b" id="id_keuze_1" required aria-invalid="true">'
        '<label for="id_keuze_1">B</label></div>'
        "</div></fieldset></div>"
    )


def test_radio_zonder_fout_noemt_alleen_de_helptekst():
    html = _veld(Formulier(), "keuze")
    assert 'class="veld"' in html
    assert '<fieldset aria-describedby="id_keuze_helptext">' in html
    assert "veld__fout" not in html


def test_tekstveld_koppelt_label_en_helptekst_aan_het_invoerveld():
    html = _veld(Formulier({"keuze": "a", "tekst": "x"}), "tekst")
    assert parse_html(html) == parse_html(
        '<div class="veld"><label for="id_tekst">Naam</label>'
        '<p class="veld__helptext" id="id_tekst_helptext">Zoals &lt;in&gt; Bron.</p>'
        '<input type="text" name="tekst" value="x" id="id_tekst" aria-describedby="id_tekst_helptext"></div>'
    )


def test_fout_in_tekstveld_maakt_het_ongeldig_voor_schermlezers():
    class Verplicht(forms.Form):
        tekst = forms.CharField(label="Naam")

    html = _veld(Verplicht({}), "tekst")
    assert parse_html(html) == parse_html(
        '<div class="veld veld--fout"><label for="id_tekst">Naam <span class="verplicht">(verplicht)</span></label>'
        '<p class="veld__fout" id="id_tekst_fout">Dit veld is vereist.</p>'
        '<input type="text" name="tekst" id="id_tekst" required aria-describedby="id_tekst_fout" aria-invalid="true">'
        "</div>"
    )


def test_meer_fouten_veilige_helptekst_en_vertaling():
    class Twee(forms.Form):
        tekst = forms.CharField(label="Naam", help_text=mark_safe("Zie <a href='/uitleg/'>uitleg</a>."))

        def clean_tekst(self):
            raise ValidationError(["Eerste <fout>.", "Tweede fout."])

    with translation.override("en"):
        html = _veld(Twee({"tekst": "x"}), "tekst")
    assert parse_html(html) == parse_html(
        '<div class="veld veld--fout"><label for="id_tekst">Naam <span class="verplicht">(required)</span></label>'
        '<p class="veld__helptext" id="id_tekst_helptext">Zie <a href="/uitleg/">uitleg</a>.</p>'
        '<p class="veld__fout" id="id_tekst_fout">Eerste &lt;fout&gt;. Tweede fout.</p>'
        '<input type="text" name="tekst" value="x" id="id_tekst" required'
        ' aria-describedby="id_tekst_helptext id_tekst_fout" aria-invalid="true"></div>'
    )
