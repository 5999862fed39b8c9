"""`python manage.py export_determinations --as-of YYYY-MM-DD --out determinations.csv`
(shared/contracts/README.md).

Exports the latest succeeded evaluation as of that day; when there is none, evaluates the
roster as of that day first and says so. Exit status 0 on success, 1 on bad arguments (a missing
or invalid --as-of, a missing --out, a path that cannot be written) or a failed evaluation, with
the message on stderr. The output path is checked before any evaluation so a typo does not cost
a whole run.

Reading every member's determinations is written to the access log, with "system/task" as the
address and the user named by --by (a plan admin who may export), or no user when the system
runs it on its own schedule.
"""

import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import access
from eligibility import export, services
from eligibility.models import EvaluationRun

from ._as_of import add_as_of_argument, parse_as_of


def writable_output(text: str | None) -> Path:
    if not text:
        raise CommandError("--out FILE is required", returncode=1)
    path = Path(text)
    if path.is_dir():
        raise CommandError(f"--out: {path} is a directory, not a file", returncode=1)
    folder = path.parent
    if not folder.is_dir():
        raise CommandError(f"--out: no such directory: {folder}", returncode=1)
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CommandError(f"--out: cannot write to {path}", returncode=1)
    return path


def acting_user(username: str | None):
    """The user named by --by, if they may export; None (the system) without --by."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None or not access.may(user, access.Capability.EXPORT):
        raise CommandError(f"--by: {username} is not a user who may export", returncode=1)
    return user


class Command(BaseCommand):
    help = "Write determinations.csv (the contract's export) for the evaluation as of a day."

    def add_arguments(self, parser):
        add_as_of_argument(parser)
        parser.add_argument("--out", dest="out", help="the file to write; required")
        parser.add_argument(
            "--by", dest="by", help="username of the plan admin exporting (for the access log)"
        )

    def handle(self, *args, as_of, out, by=None, **options):
        day = parse_as_of(as_of)
        path = writable_output(out)
        actor = access.Actor.task(acting_user(by))
        try:
            with export.replacing(path) as output:
                run = self.run_as_of(day)
                rows = export.write_determinations(run=run, out=output)
                export.record_export(actor, run=run)
        except OSError as error:
            message = f"--out: cannot write {path}: {error.strerror or error}"
            raise CommandError(message, returncode=1) from None
        self.stdout.write(
            f"wrote {rows} determinations of evaluation #{run.pk} as of {run.as_of} to {path}"
        )

    def run_as_of(self, day) -> EvaluationRun:
        """The latest succeeded run of the day, or a new evaluation of it when there is none."""
        run = export.latest_run_as_of(day)
        if run is not None:
            return run
        self.stdout.write(f"no evaluation as of {day} yet: evaluating the roster now")
        run = services.evaluate_eligibility(as_of=day)
        if run.status != EvaluationRun.Status.SUCCEEDED:
            raise CommandError(f"evaluation #{run.pk} failed: {run.message}", returncode=1)
        self.stdout.write(
            f"evaluation #{run.pk} as of {run.as_of} (rule set {run.rule_version}): "
            f"{run.members_evaluated} members, {run.eligible_members} eligible"
        )
        return run
