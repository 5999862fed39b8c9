"""The CBO lead role: the CBO staff member who decides on assignments and names care managers."""

from django.db import migrations


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="cbo_lead")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_drop_clear_text_api_tokens")]
    operations = [migrations.RunPython(create_role, migrations.RunPython.noop)]
