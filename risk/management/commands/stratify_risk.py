"""`python manage.py stratify_risk --as-of YYYY-MM-DD` (shared/contracts/README.md, risk.md).

Stratifies every member enrolled on the day, replacing that day's rows, and prints the counts.
Exit status 0 on success, 1 on bad arguments or a failed run (message on stderr).
"""

from django.core.management.base import BaseCommand, CommandError

from eligibility.management.commands._as_of import add_as_of_argument, parse_as_of
from risk import services
from risk.models import StratificationRun


def checked_day(text):
    try:
        return services.check_as_of(parse_as_of(text))
    except services.BadAsOf as error:
        raise CommandError(f"--as-of: {error}", returncode=1) from None


class Command(BaseCommand):
    help = "Stratify every member enrolled on a day into risk tiers (rule set 2026.1)."

    def add_arguments(self, parser):
        add_as_of_argument(parser)

    def handle(self, *args, as_of, **options):
        run = services.stratify(as_of=checked_day(as_of))
        if run.status != StratificationRun.Status.SUCCEEDED:
            raise CommandError(f"stratification #{run.pk} failed: {run.message}", returncode=1)
        self.stdout.write(summary(run))


def summary(run: StratificationRun) -> str:
    return (
        f"stratification #{run.pk} as of {run.as_of} (rule set {run.rule_version}): "
        f"{run.members_stratified} members, {run.high_members} high, {run.medium_members} "
        f"medium, {run.low_members} low, {run.rising_members} rising"
    )
