"""`python manage.py import_cs_offerings FILE`: exit 0 when imported, 1 when rejected."""

from referrals.imports import import_cs_offerings

from ._import import ImportCommand


class Command(ImportCommand):
    help = "Import the plan's Community Supports offerings per county (cs_offerings.csv)."
    importer = staticmethod(import_cs_offerings)
