"""`python manage.py import_utilization utilization.csv`: exit 0 when imported, 1 when rejected."""

from core.models import ImportJob

from ._clinical_import import ClinicalImportCommand


class Command(ClinicalImportCommand):
    help = "Import ED visits and stays (utilization.csv contract). All-or-nothing and idempotent."
    kind = ImportJob.Kind.UTILIZATION
