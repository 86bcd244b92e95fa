"""Beheer of koppelingen: certificates with their expiry (60/30/7 days), registering by PEM and revoking."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from . import services
from .models import Certificaat, Koppeling


class VerlooptFilter(admin.SimpleListFilter):
    title = "verloopt"
    parameter_name = "verloopt"

    def lookups(self, request, model_admin):
        return [("7", "binnen 7 dagen"), ("30", "binnen 30 dagen"), ("60", "binnen 60 dagen"), ("verlopen", "verlopen")]

    def queryset(self, request, queryset):
        nu = timezone.now()
        if self.value() == "verlopen":
            return queryset.filter(geldig_tot__lte=nu)
        if self.value() in ("7", "30", "60"):
            return queryset.filter(
                geldig_tot__gt=nu, geldig_tot__lte=nu + timedelta(days=int(self.value())), ingetrokken_op__isnull=True
            )
        return queryset


class CertificaatRegistratieForm(forms.ModelForm):
    """Registering through beheer: paste the PEM; the service reads fingerprint, subject and validity."""

    organisaties = forms.CharField(
        required=False,
        help_text="Vestigingscodes (komma-gescheiden), of één gemeentecode of RBL-code; leeg bij vernieuwen",
    )
    naam = forms.CharField(required=False, help_text="Naam van een nieuwe koppeling")
    pem = forms.CharField(label="Certificaat (PEM)", widget=forms.Textarea(attrs={"rows": 12, "cols": 70}))

    class Meta:
        model = Certificaat
        fields = ["koppeling"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["koppeling"].required = False
        self.fields["koppeling"].help_text = "Kies een bestaande koppeling om het certificaat te vernieuwen"

    def clean(self):
        data = super().clean()
        codes = [c.strip() for c in (data.get("organisaties") or "").split(",") if c.strip()]
        try:
            self.instance = services.koppeling_registreren(
                door=self.gebruiker,
                organisatie_codes=codes,
                pem=data.get("pem") or "",
                naam=data.get("naam") or "",
                koppeling=data.get("koppeling"),
            )
        except ValidationError as fout:
            raise forms.ValidationError(fout.messages) from None
        return data

    def save(self, commit=True):
        return self.instance

    def save_m2m(self):
        pass


@admin.register(Certificaat)
class CertificaatAdmin(admin.ModelAdmin):
    list_display = ["subject", "koppeling", "geldig_tot", "verloopt_over", "ingetrokken_op", "vingerafdruk"]
    list_filter = [VerlooptFilter, "koppeling__rol"]
    search_fields = ["subject", "vingerafdruk", "koppeling__naam", "koppeling__organisaties"]
    list_select_related = ["koppeling"]
    actions = ["intrekken"]
    readonly_fields = [
        "koppeling",
        "vingerafdruk",
        "subject",
        "uitgever",
        "serienummer",
        "geldig_van",
        "geldig_tot",
        "ingetrokken_op",
        "geregistreerd_door",
        "created_at",
    ]

    @admin.display(description="verloopt over", ordering="geldig_tot")
    def verloopt_over(self, certificaat):
        if certificaat.ingetrokken_op:
            return "ingetrokken"
        dagen = (certificaat.geldig_tot - timezone.now()).days
        return "verlopen" if certificaat.geldig_tot <= timezone.now() else f"{dagen} dagen"

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = type("Registratie", (CertificaatRegistratieForm,), {"gebruiker": request.user})
            kwargs["fields"] = ["koppeling", "organisaties", "naam", "pem"]
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def save_model(self, request, obj, form, change):
        pass  # the service in the form's clean() already wrote it

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the row documents which certificate was trusted when

    @admin.action(description="Geselecteerde certificaten intrekken")
    def intrekken(self, request, queryset):
        n = 0
        for certificaat in queryset.filter(ingetrokken_op__isnull=True):
            services.certificaat_intrekken(door=request.user, certificaat=certificaat)
            self.log_change(request, certificaat, "Ingetrokken.")
            n += 1
        messages.success(request, f"{n} certificaat/certificaten ingetrokken.")


class CertificaatInline(admin.TabularInline):
    model = Certificaat
    fields = ["subject", "geldig_tot", "ingetrokken_op", "vingerafdruk"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Koppeling)
class KoppelingAdmin(admin.ModelAdmin):
    list_display = ["naam", "rol", "organisaties", "created_at"]
    search_fields = ["naam", "organisaties"]
    readonly_fields = ["gebruiker", "rol", "organisaties", "created_at"]
    inlines = [CertificaatInline]

    def has_add_permission(self, request):
        return False  # a koppeling is created by registering its first certificate
