"""`python manage.py import_cs_authorizations FILE`: exit 0 when imported, 1 when rejected."""

from referrals.imports import import_cs_authorizations

from ._import import ImportCommand


class Command(ImportCommand):
    help = "Import Community Supports authorization history (cs_authorizations.csv)."
    importer = staticmethod(import_cs_authorizations)
