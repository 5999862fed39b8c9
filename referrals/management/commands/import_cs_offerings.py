"""`python manage.py import_cs_offerings FILE`: exit 0 when imported, 1 when rejected."""

from core.models import ImportJob

from ._import import ImportCommand


class Command(ImportCommand):
    help = "Import the plan's Community Supports offerings per county (cs_offerings.csv)."
    kind = ImportJob.Kind.CS_OFFERINGS
