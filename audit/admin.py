from django.contrib import admin

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the access log is evidence and nobody edits it."""

    list_display = ["viewed_at", "user", "member_id", "viewed", "client_address"]
    list_filter = ["viewed"]
    raw_id_fields = ["user", "member"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
