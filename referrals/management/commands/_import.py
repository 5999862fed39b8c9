"""What `import_cs_offerings` and `import_cs_authorizations` share: exit 0 when imported, 1 when
rejected (every problem on stderr as `line N: column: reason`), recorded as an import job."""

from pathlib import Path

from django.core.management.base import BaseCommand

from core import import_commands
from referrals import import_services


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        import_commands.require_file(path)
        job = import_services.import_cs_file(kind=self.kind, path=path)
        import_commands.report(job, path=path, stdout=self.stdout)
