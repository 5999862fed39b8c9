"""What every `import_*` management command shares: exit 0 when imported, 1 when rejected."""

from pathlib import Path

from django.core.management.base import CommandError

from .models import ImportJob


def require_file(path: Path) -> None:
    if not path.is_file():
        raise CommandError(f"{path}: no such file")


def report(job: ImportJob, *, path: Path, stdout) -> None:
    """Counts on stdout for an imported file; every problem on stderr (exit 1) when rejected."""
    if job.status == ImportJob.Status.SUCCEEDED:
        stdout.write(
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
