"""Beheer's view on outgoing mail: the 'mislukt, aandacht nodig' list, mailbox problems, reminders."""

from django.contrib import admin, messages

from protocollering.services import protocolleer

from . import services
from .models import Afwijzing, Herinnering, Toestand, Uitgaand, VerzondenMail


@admin.register(Uitgaand)
class UitgaandAdmin(admin.ModelAdmin):
    list_display = [
        "sleutel",
        "soort",
        "toestand",
        "gemeente",
        "vestiging",
        "pogingen",
        "volgende_poging_op",
        "smtp_code",
        "laatste_fout",
    ]
    list_filter = ["toestand", "soort"]
    search_fields = ["sleutel", "gemeente__naam", "vestiging__code"]
    readonly_fields = [f.name for f in Uitgaand._meta.fields]
    actions = ["opnieuw_proberen"]

    @admin.action(description="Mislukte berichten opnieuw proberen")
    def opnieuw_proberen(self, request, queryset):
        n = 0
        for rij in queryset.filter(toestand=Toestand.MISLUKT):
            services.uitgaand_opnieuw_proberen(door=request.user, uitgaand=rij)
            # As the page 'Mail: aandacht nodig' does (berichten.views), plus the row's admin history.
            protocolleer(actor=request.user, actie="bericht_opnieuw_proberen", object=rij.sleutel, request=request)
            self.log_change(request, rij, "Opnieuw in de wachtrij gezet.")
            n += 1
        messages.success(request, f"{n} bericht(en) opnieuw in de wachtrij gezet.")

    def has_add_permission(self, request):
        return False


@admin.register(VerzondenMail)
class VerzondenMailAdmin(admin.ModelAdmin):
    list_display = ["sleutel", "verzonden_op", "message_id"]
    search_fields = ["sleutel"]
    readonly_fields = [f.name for f in VerzondenMail._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Afwijzing)
class AfwijzingAdmin(admin.ModelAdmin):
    list_display = ["ontvanger", "gemeente", "vestiging", "soort", "smtp_code", "created_at", "omschrijving"]
    list_filter = ["soort", "gemeente"]
    search_fields = ["ontvanger", "gemeente__naam"]


@admin.register(Herinnering)
class HerinneringAdmin(admin.ModelAdmin):
    list_display = ["melding", "volgende_op", "aantal", "laatst_op"]
    raw_id_fields = ["melding"]
