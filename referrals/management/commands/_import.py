"""What `import_cs_offerings` and `import_cs_authorizations` share: exit 0 when imported, 1 when
rejected (every problem on stderr as `line N: column: reason`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import import_commands
from core.csv_import import ImportRejected


class ImportCommand(BaseCommand):
    importer = None

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        import_commands.require_file(path)
        try:
            result = type(self).importer(path)
        except ImportRejected as rejected:
            problems = "\n".join(str(p) for p in rejected.problems)
            raise CommandError(
                f"{path.name} was rejected; nothing was changed. "
                f"{len(rejected.problems)} problem(s):\n{problems}"
            ) from None
        self.stdout.write(
            f"Imported {result.rows} rows: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
