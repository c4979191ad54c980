from django.contrib import admin

from .models import Consent, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user", "role", "region", "organisation"]
    list_filter = ["role", "region", "organisation_type"]
    search_fields = ["display_name", "user__email", "organisation"]
    raw_id_fields = ["user"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "about", "version", "given_at", "withdrawn_at"]
    list_filter = ["kind", "version"]
    readonly_fields = [
        "user", "kind", "about", "version", "given_at", "withdrawn_at", "ip_address",
    ]  # fmt: skip
