"""Forms of the gemeente's portal: inbox filters and search, assigning, bulk actions. They never change state."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from .form_renderer import RENDERER
from .selectors import naam_van
from .services import schooljaar_van
from .workflow import Status

# Why a leerplichtambtenaar looks a pupil up by BSN: a short fixed list, logged with every such search.
ZOEKDOELEN = [
    ("behandeling_melding", "Behandeling van een melding"),
    ("vraag_ouder_leerling", "Vraag van ouder of leerling"),
    ("vraag_school", "Vraag van een school"),
    ("controle_leerplicht", "Controle op naleving van de leerplicht"),
]

OUDERDOM = [
    ("", "Alle"),
    ("week", "Ontvangen in de laatste 7 dagen"),
    ("maand", "1 tot 4 weken oud"),
    ("ouder", "Ouder dan 4 weken"),
]

BSN_PATROON = re.compile(r"^\d{9}$")
MELDINGSNUMMER_PATROON = re.compile(r"^VM[0-9A-Z]{2}-\d+$", re.IGNORECASE)


class InboxFilterForm(forms.Form):
    default_renderer = RENDERER  # rendered on every inbox page

    zoek = forms.CharField(
        label="Zoeken op meldingsnummer, naam of BSN",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    doel = forms.ChoiceField(
        label="Doel van zoeken op BSN",
        required=False,
        choices=[("", "Kies een doel")] + ZOEKDOELEN,
        help_text="Zoeken op BSN is inzage in persoonsgegevens en wordt met dit doel vastgelegd.",
    )
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Alle")] + list(Status.choices))
    verzuimsoort = forms.ChoiceField(label="Soort verzuim", required=False)
    # A text field, not a list: a large gemeente's inbox spans over a thousand schools, and rendering
    # that <select> took most of the page's time (docs/performance.md).
    school = forms.CharField(
        label="School (naam of vestigingscode)",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    schooljaar = forms.TypedChoiceField(label="Schooljaar", required=False, coerce=int, empty_value=None)
    actie_gewenst = forms.ChoiceField(
        label="Actie door gemeente gewenst", required=False, choices=[("", "Alle"), ("ja", "Ja"), ("nee", "Nee")]
    )
    ouderdom = forms.ChoiceField(label="Ouderdom", required=False, choices=OUDERDOM)
    termijn = forms.ChoiceField(
        label="Termijn",
        required=False,
        choices=[("", "Alle"), ("te_laat", "Niet op tijd in behandeling genomen"), ("lang_open", "Lang open")],
    )
    behandelaar = forms.ChoiceField(
        label="Behandelaar",
        required=False,
        choices=[("", "Iedereen"), ("mij", "Aan mij toegewezen"), ("niemand", "Nog niet toegewezen")],
    )

    per_pagina = forms.TypedChoiceField(
        label="Per pagina", required=False, coerce=int, empty_value=25, choices=[(25, "25"), (50, "50"), (100, "100")]
    )

    def __init__(self, *args, verzuimsoorten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verzuimsoort"].choices = [("", "Alle")] + list(verzuimsoorten)
        dit = schooljaar_van(timezone.localdate())
        self.fields["schooljaar"].choices = [("", "Alle")] + [(j, f"{j}-{j + 1}") for j in range(dit, dit - 3, -1)]

    @property
    def bsn(self):
        """The searched persoonsgebonden nummer when the search term is one, else None."""
        zoek = (self.cleaned_data.get("zoek") or "").strip() if hasattr(self, "cleaned_data") else ""
        return zoek if BSN_PATROON.match(zoek) else None

    def clean(self):
        cleaned = super().clean()
        zoek = (cleaned.get("zoek") or "").strip()
        if BSN_PATROON.match(zoek) and not cleaned.get("doel"):
            self.add_error("doel", "Kies waarom u op BSN zoekt; zonder doel wordt niet gezocht.")
        return cleaned


class BehandelaarForm(forms.Form):
    behandelaar = forms.ModelChoiceField(label="Behandelaar", queryset=None, required=False, empty_label="Ikzelf")

    def __init__(self, *args, collegas, verplicht=False, **kwargs):
        super().__init__(*args, **kwargs)
        veld = self.fields["behandelaar"]
        veld.queryset = collegas
        veld.label_from_instance = naam_van
        if verplicht:
            veld.required = True
            veld.label = "Toewijzen aan"
            veld.empty_label = "Kies een collega"


class BulkForm(forms.Form):
    default_renderer = RENDERER  # rendered on every inbox page
    ACTIES = (("in_behandeling", "In behandeling nemen"), ("toewijzen", "Toewijzen aan"))

    meldingen = forms.MultipleChoiceField(label="Meldingen", choices=[], widget=forms.CheckboxSelectMultiple)
    actie = forms.ChoiceField(label="Actie", choices=ACTIES)
    behandelaar = forms.ModelChoiceField(label="Behandelaar", queryset=None, required=False, empty_label="Ikzelf")

    def __init__(self, *args, collegas=None, keuzes=None, meldingsnummers=(), **kwargs):
        """`collegas`: the queryset a submitted choice is checked against (the bulk view). `keuzes`: (id, name)
        pairs to show instead (the inbox, selectors.collega_keuzes); a form with only those accepts no colleague."""
        super().__init__(*args, **kwargs)
        veld = self.fields["behandelaar"]
        veld.queryset = collegas if collegas is not None else get_user_model().objects.none()
        veld.label_from_instance = naam_van
        if keuzes is not None:
            veld.choices = [("", veld.empty_label), *keuzes]
        self.fields["meldingen"].choices = [(n, n) for n in meldingsnummers]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("actie") == "toewijzen" and not cleaned.get("behandelaar"):
            self.add_error("behandelaar", "Kies aan wie u de meldingen toewijst.")
        return cleaned
