from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Organization, User


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Organisation", {"fields": ["organization", "supervisor"]}),
    )
    list_display = ["username", "first_name", "last_name", "organization", "is_active"]
    list_filter = ["organization", "groups", "is_active"]
    list_select_related = ["organization"]
