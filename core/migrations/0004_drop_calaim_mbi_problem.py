"""The MBI rule moved out of the database into members/identifiers.py (one definition for the
model's constraint, the roster checks and the synthetic roster); its SQL function goes."""

from importlib import import_module

from django.db import migrations

CREATED_BY = import_module("core.migrations.0002_sql_functions")


def _mbi_function() -> str:
    """The function as 0002 created it, for migrating backwards."""
    start = CREATED_BY.FUNCTIONS.index("CREATE OR REPLACE FUNCTION calaim_mbi_problem")
    return CREATED_BY.FUNCTIONS[start:]


class Migration(migrations.Migration):
    dependencies = [("core", "0003_alter_importjob_kind")]
    operations = [
        migrations.RunSQL("DROP FUNCTION IF EXISTS calaim_mbi_problem(text)", _mbi_function())
    ]
