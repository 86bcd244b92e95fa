"""The gemeente-beheerder's settings form. It validates input; gemeenten/services.py writes."""

from django import forms

from .models import GemeenteInstellingen


class InstellingenForm(forms.ModelForm):
    class Meta:
        model = GemeenteInstellingen
        fields = [
            "attenderingsmailbox",
            "mailfrequentie",
            "termijn_in_behandeling_schooldagen",
            "termijn_open_weken",
            "wpg_regime",
        ]
        widgets = {"mailfrequentie": forms.RadioSelect, "wpg_regime": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["termijn_in_behandeling_schooldagen"].widget.attrs.update({"min": 1, "max": 60})
        self.fields["termijn_open_weken"].widget.attrs.update({"min": 1, "max": 52})

    def _post_clean(self):
        # The service validates and saves; the form only shapes input.
        pass
