"""What `import_diagnoses` and `import_utilization` share: exit 0 when imported, 1 when rejected."""

from pathlib import Path

from django.core.management.base import BaseCommand

from core import import_commands
from eligibility import services


class ClinicalImportCommand(BaseCommand):
    kind: str = ""

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        import_commands.require_file(path)
        job = services.import_clinical_file(kind=self.kind, path=path)
        import_commands.report(job, path=path, stdout=self.stdout)
