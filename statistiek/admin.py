"""Beheer sees the purge tombstones (read-only) and the statistics rows."""

from django.contrib import admin

from .models import MeldingStatistiek, Opschoonronde


@admin.register(Opschoonronde)
class OpschoonrondeAdmin(admin.ModelAdmin):
    list_display = [
        "gestart_op",
        "klaar_op",
        "peildatum",
        "aantal_meldingen",
        "aantal_per_schooljaar",
        "aantal_berichten",
        "langste_batch_ms",
    ]
    readonly_fields = [f.name for f in Opschoonronde._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MeldingStatistiek)
class MeldingStatistiekAdmin(admin.ModelAdmin):
    list_display = ["schooljaar", "maand", "verzuimsoort", "gemeente", "vestiging", "status", "dagen_tot_behandeling"]
    list_filter = ["schooljaar", "verzuimsoort", "onderwijssoort"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
