"""`python manage.py evaluate_eligibility --as-of YYYY-MM-DD` (shared/contracts/README.md).

Evaluates every member as of the day, stores the determinations and prints the counts.
Exit status 0 on success, 1 on bad arguments or a failed run (message on stderr).
"""

from django.core.management.base import BaseCommand, CommandError

from eligibility import services
from eligibility.models import EvaluationRun

from ._as_of import add_as_of_argument, parse_as_of


class Command(BaseCommand):
    help = "Evaluate every member for every population of focus as of a day."

    def add_arguments(self, parser):
        add_as_of_argument(parser)

    def handle(self, *args, as_of, **options):
        run = services.evaluate_eligibility(as_of=parse_as_of(as_of))
        if run.status != EvaluationRun.Status.SUCCEEDED:
            raise CommandError(f"evaluation #{run.pk} failed: {run.message}", returncode=1)
        self.stdout.write(
            f"evaluation #{run.pk} as of {run.as_of} (rule set {run.rule_version}): "
            f"{run.members_evaluated} members, {run.eligible_members} eligible, "
            f"{run.newly_eligible_members} newly eligible"
        )
