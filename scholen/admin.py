"""Loket beheer sees the schools' requests to authorise or revoke colleagues, and records its decision."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from . import services
from .models import Autorisatieverzoek, Leslocatie, Verzoekstatus, Vestiging


@admin.register(Autorisatieverzoek)
class AutorisatieverzoekAdmin(admin.ModelAdmin):
    """A list for beheer. Deciding is an action; the granting itself is done with autorisatie.services."""

    list_display = ("id", "created_at", "vestiging", "soort", "rol", "naam", "email", "status", "afgehandeld_op")
    list_filter = ("status", "soort", "rol")
    search_fields = ("vestiging__code", "email")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Autorisatieverzoek._meta.fields]
    actions = ["toekennen", "afwijzen"]

    def has_add_permission(self, request):
        return False  # requests come from the school's portal

    def has_change_permission(self, request, obj=None):
        return False  # decisions go through the actions (and so through the service)

    def has_delete_permission(self, request, obj=None):
        return False

    def _afhandelen(self, request, queryset, status):
        aantal = 0
        for verzoek in queryset.filter(status=Verzoekstatus.OPEN):
            try:
                services.autorisatieverzoek_afhandelen(door=request.user, verzoek=verzoek, status=status)
            except ValidationError as fout:
                self.message_user(request, " ".join(fout.messages), messages.ERROR)
            else:
                aantal += 1
        self.message_user(request, f"{aantal} verzoek(en) afgehandeld.")

    @admin.action(description="Geselecteerde open verzoeken als toegekend markeren")
    def toekennen(self, request, queryset):
        self._afhandelen(request, queryset, Verzoekstatus.TOEGEKEND)

    @admin.action(description="Geselecteerde open verzoeken afwijzen")
    def afwijzen(self, request, queryset):
        self._afhandelen(request, queryset, Verzoekstatus.AFGEWEZEN)


class LeslocatieInline(admin.TabularInline):
    model = Leslocatie
    extra = 0


@admin.register(Vestiging)
class VestigingAdmin(admin.ModelAdmin):
    list_display = ("code", "naam", "plaats", "gemeente", "onderwijssoort")
    list_filter = ("onderwijssoort",)
    search_fields = ("code", "naam", "plaats")
    inlines = [LeslocatieInline]
