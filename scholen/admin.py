"""Loket beheer's admin for vestigingen and their leslocaties."""

from django.contrib import admin

from .models import Leslocatie, Vestiging


class LeslocatieInline(admin.TabularInline):
    model = Leslocatie
    extra = 0


@admin.register(Vestiging)
class VestigingAdmin(admin.ModelAdmin):
    list_display = ("code", "naam", "plaats", "gemeente", "onderwijssoort")
    list_filter = ("onderwijssoort",)
    search_fields = ("code", "naam", "plaats")
    inlines = [LeslocatieInline]
