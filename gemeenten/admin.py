from django.contrib import admin

from .models import Gemeente, Rbl


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ("code", "naam", "provincie", "rbl")
    list_filter = ("provincie", "rbl")
    search_fields = ("code", "naam")


@admin.register(Rbl)
class RblAdmin(admin.ModelAdmin):
    list_display = ("code", "naam")
    search_fields = ("code", "naam")
