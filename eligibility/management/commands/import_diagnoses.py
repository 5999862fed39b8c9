"""`python manage.py import_diagnoses diagnoses.csv`: exit 0 when imported, 1 when rejected."""

from core.models import ImportJob

from ._clinical_import import ClinicalImportCommand


class Command(ClinicalImportCommand):
    help = "Import diagnoses (diagnoses.csv contract). All-or-nothing and idempotent."
    kind = ImportJob.Kind.DIAGNOSES
