"""`python manage.py import_cs_authorizations FILE`: exit 0 when imported, 1 when rejected."""

from core.models import ImportJob

from ._import import ImportCommand


class Command(ImportCommand):
    help = "Import Community Supports authorization history (cs_authorizations.csv)."
    kind = ImportJob.Kind.CS_AUTHORIZATIONS
