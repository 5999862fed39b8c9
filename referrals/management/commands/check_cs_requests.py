"""`python manage.py check_cs_requests cs_requests.csv --out cs_checks.csv`: the portal's limit
check for every request; stores nothing. Exit 0 when checked, 1 on a rejected file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import import_commands
from core.csv_import import ImportRejected
from referrals.imports import check_cs_requests


class Command(BaseCommand):
    help = "Check Community Supports authorization requests against the service limits."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args, path: Path, out: Path, **options):
        import_commands.require_file(path)
        try:
            rows = check_cs_requests(path, out)
        except ImportRejected as rejected:
            problems = "\n".join(str(p) for p in rejected.problems)
            raise CommandError(
                f"{path.name} was rejected; nothing was checked. "
                f"{len(rejected.problems)} problem(s):\n{problems}"
            ) from None
        self.stdout.write(f"Checked {rows} requests into {out}.")
