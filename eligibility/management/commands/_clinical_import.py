"""What `import_diagnoses` and `import_utilization` share: exit 0 when imported, 1 when rejected."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.models import ImportJob
from eligibility import services


class ClinicalImportCommand(BaseCommand):
    kind: str = ""

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        job = services.import_clinical_file(kind=self.kind, path=path)
        if job.status == ImportJob.Status.SUCCEEDED:
            self.stdout.write(
                f"Imported {job.rows_total} rows: {job.created_count} created, "
                f"{job.updated_count} updated, {job.unchanged_count} unchanged (job {job.pk})."
            )
            return
        if job.status == ImportJob.Status.REJECTED:
            problems = "\n".join(str(p) for p in job.problems.order_by("line", "id"))
            raise CommandError(
                f"{path.name} was rejected; nothing was changed. "
                f"{job.problem_count} problem(s):\n{problems}"
            )
        raise CommandError(f"The import failed: {job.message}")
