"""Beheer authorises users in the admin; every save goes through autorisatie/services.py."""

from django.contrib import admin

from .models import Autorisatie
from .services import autorisatie_intrekken, autorisatie_verlenen


@admin.register(Autorisatie)
class AutorisatieAdmin(admin.ModelAdmin):
    list_display = ("gebruiker", "rol", "organisatie", "sinds", "laatst_bevestigd_op")
    list_filter = ("rol",)
    search_fields = ("gebruiker__username", "vestiging__code", "vestiging__naam", "gemeente__naam", "rbl__naam")
    autocomplete_fields = ("gebruiker", "vestiging", "gemeente")
    fields = ("gebruiker", "rol", "vestiging", "gemeente", "rbl")

    def has_change_permission(self, request, obj=None):
        # An authorisation is granted or revoked, never edited in place (the guardian permission follows it).
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        organisatie = obj.vestiging or obj.gemeente or obj.rbl
        nieuw = autorisatie_verlenen(door=request.user, gebruiker=obj.gebruiker, rol=obj.rol, organisatie=organisatie)
        obj.pk = nieuw.pk

    def delete_model(self, request, obj):
        autorisatie_intrekken(door=request.user, gebruiker=obj.gebruiker, rol=obj.rol, organisatie=obj.organisatie)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
