"""The fast form renderer writes exactly what Django's widget templates write, for every field of the list forms."""

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from meldingen.form_renderer import RENDERER
from meldingen.forms import MeldingenFilterForm
from meldingen.forms_gemeente import BulkForm, InboxFilterForm

DJANGO = DjangoTemplates()


class Lastig(forms.Form):
    """Widgets and values the list forms do not (yet) have: escaping, groups, booleans, numbers, hidden."""

    tekst = forms.CharField(initial='a "b" <c> & d', widget=forms.TextInput(attrs={"data-x": True, "data-y": False}))
    veilig = forms.CharField(initial=mark_safe("<b>al veilig</b>"))
    getal = forms.IntegerField(initial=0)
    leeg = forms.IntegerField(required=False)
    verborgen = forms.CharField(widget=forms.HiddenInput, initial="x<y")
    email = forms.EmailField(label=_("E-mailadres"))
    datum = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    keuze = forms.ChoiceField(
        choices=[("", _("Alle statussen")), ("Groep <1>", [("a&b", "A & B"), (1, 2)]), ("c", mark_safe("<i>C</i>"))],
        initial="a&b",
    )
    meer = forms.MultipleChoiceField(choices=[("1", "een"), ("2", "twee")], initial=["1", "2"])
    ja_nee = forms.NullBooleanField(widget=forms.NullBooleanSelect)
    # Not one of ours: must fall back to Django's templates (and still match).
    vinkjes = forms.MultipleChoiceField(choices=[("1", "een")], widget=forms.CheckboxSelectMultiple)
    tekstvak = forms.CharField(widget=forms.Textarea)


def _vergelijk(form):
    assert form.renderer is RENDERER
    for veld in form:
        for attrs in (None, {"aria-describedby": "id_x_helptext id_x_fout", "aria-invalid": "true"}):
            verwacht = veld.as_widget(attrs=attrs and dict(attrs))
            form.renderer = DJANGO
            try:
                assert veld.as_widget(attrs=attrs and dict(attrs)) == verwacht, veld.name
            finally:
                form.renderer = RENDERER


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"zoek": "123456782", "status": "geregistreerd", "schooljaar": "2026", "per_pagina": "50", "school": '"<x>'},
        {"zoek": "Jan", "ouderdom": "onzin", "behandelaar": "mij"},
    ],
)
def test_inboxfilter_als_django(data):
    _vergelijk(InboxFilterForm(data, verzuimsoorten=[("L", "Luxe <verzuim>"), ("R", "Relatief & ander")]))


@pytest.mark.parametrize("data", [None, {"zoek": "VM26-1", "verzuimsoort": "L", "schooljaar": "2025"}])
def test_schoolfilter_als_django(data):
    _vergelijk(MeldingenFilterForm(data, schooljaren=[2026, 2025], verzuimsoorten=[("L", "Luxe <verzuim>")]))


@pytest.mark.django_db
def test_bulkform_als_django():
    User = get_user_model()
    User.objects.create(username="a", first_name="Anna <&>", last_name="de Vries")
    User.objects.create(username="b")
    _vergelijk(BulkForm(collegas=User.objects.order_by("username"), prefix="bulk"))
    # The inbox's form shows (id, name) pairs (selectors.collega_keuzes): the same markup as from the queryset.
    keuzes = [(u.pk, u.get_full_name() or u.username) for u in User.objects.order_by("username")]
    _vergelijk(BulkForm(keuzes=keuzes, prefix="bulk"))
    assert str(BulkForm(keuzes=keuzes, prefix="bulk")["behandelaar"]) == str(
        BulkForm(collegas=User.objects.order_by("username"), prefix="bulk")["behandelaar"]
    )
    _vergelijk(
        BulkForm({"bulk-actie": "toewijzen"}, collegas=User.objects.all(), meldingsnummers=["VM1"], prefix="bulk")
    )


@pytest.mark.parametrize("data", [None, {"tekst": "<script>", "getal": "x", "keuze": "1", "meer": ["2"]}])
def test_lastige_widgets_als_django(data):
    form = Lastig(data)
    form.renderer = RENDERER
    _vergelijk(form)
