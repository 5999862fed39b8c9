"""The four role groups exist from the start, so admins grant roles as data."""

from django.db import migrations

ROLES = ("care_manager", "supervisor", "plan_admin", "cbo_staff")


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
