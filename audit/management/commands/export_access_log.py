"""Write the access log of a date range (and optionally one user) as CSV."""

import sys

from django.core.management.base import BaseCommand, CommandError

from audit import exports
from audit.forms import AccessLogExportForm


class Command(BaseCommand):
    help = "Export the PHI access log for the plan's days START..END as CSV (stdout or --out)."

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="YYYY-MM-DD, first day (plan time)")
        parser.add_argument("--end", required=True, help="YYYY-MM-DD, last day (plan time)")
        parser.add_argument("--user", default="", help="a username (default: everyone)")
        parser.add_argument("--out", help="file to write (default: stdout)")

    def handle(self, *args, start, end, user, out, **options):
        form = AccessLogExportForm({"start": start, "end": end, "user": user})
        if not form.is_valid():
            problems = "; ".join(
                f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()
            )
            raise CommandError(problems)
        chosen = form.cleaned_data["user"]
        rows = exports.access_log_between(
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            username=chosen.username if chosen else None,
        )
        if out:
            with open(out, "w", newline="", encoding="utf-8") as handle:
                count = exports.write_access_log_csv(rows, handle)
            self.stderr.write(f"{count} access-log rows written to {out}")
        else:
            count = exports.write_access_log_csv(rows, sys.stdout)
            self.stderr.write(f"{count} access-log rows written")
