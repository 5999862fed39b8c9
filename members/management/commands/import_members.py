"""`python manage.py import_members members.csv`: exit 0 when imported, 1 when rejected."""

from pathlib import Path

from django.core.management.base import BaseCommand

from core import import_commands
from members import services


class Command(BaseCommand):
    help = "Import the member roster (members.csv contract). All-or-nothing and idempotent."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        import_commands.require_file(path)
        job = services.import_roster_file(path=path)
        import_commands.report(job, path=path, stdout=self.stdout)
