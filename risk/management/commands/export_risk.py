"""`python manage.py export_risk --as-of YYYY-MM-DD --out risk.csv` (risk.md, "Contract").

Writes the day's stratification; when the day was never stratified, stratifies it first and
says so. Exit status 0 on success, 1 on bad arguments, an unwritable --out or a failed run.
The output path is checked before any work, and the file appears only when complete.
"""

from django.core.management.base import BaseCommand, CommandError

from eligibility.export import replacing
from eligibility.management.commands._as_of import add_as_of_argument
from eligibility.management.commands.export_determinations import writable_output
from risk import export, services
from risk.models import StratificationRun

from .stratify_risk import checked_day, summary


class Command(BaseCommand):
    help = "Write risk.csv (the contract's export) for the stratification as of a day."

    def add_arguments(self, parser):
        add_as_of_argument(parser)
        parser.add_argument("--out", dest="out", help="the file to write; required")

    def handle(self, *args, as_of, out, **options):
        day = checked_day(as_of)
        path = writable_output(out)
        try:
            with replacing(path) as output:
                self.ensure_stratified(day)
                rows = export.write_risk(as_of=day, out=output)
        except OSError as error:
            message = f"--out: cannot write {path}: {error.strerror or error}"
            raise CommandError(message, returncode=1) from None
        self.stdout.write(f"wrote {rows} members as of {day} to {path}")

    def ensure_stratified(self, day) -> None:
        done = StratificationRun.objects.filter(
            as_of=day, status=StratificationRun.Status.SUCCEEDED
        ).exists()
        if done:
            return
        self.stdout.write(f"no stratification as of {day} yet: stratifying the roster now")
        run = services.stratify(as_of=day)
        if run.status != StratificationRun.Status.SUCCEEDED:
            raise CommandError(f"stratification #{run.pk} failed: {run.message}", returncode=1)
        self.stdout.write(summary(run))
