"""`python manage.py import_hra_history hra_history.csv`: exit 0 when imported, 1 when rejected."""

from pathlib import Path

from django.core.management.base import BaseCommand

from careplans.clocks import history
from core import import_commands


class Command(BaseCommand):
    help = (
        "Import past completed HRAs and care plans (hra_history.csv contract). "
        "All-or-nothing and idempotent; the members' due dates are recomputed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        import_commands.require_file(path)
        job = history.import_history_file(path=path)
        import_commands.report(job, path=path, stdout=self.stdout)
