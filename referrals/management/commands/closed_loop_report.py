"""`python manage.py closed_loop_report --month 2026-03 --out referrals.csv [--summary s.csv]`:
the month's member-level closed-loop CSV and, if asked, the summary by service, county and
provider. Exit 1 on a bad month."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.access import Actor, record_members_shown
from audit.models import AccessLog
from members.models import Member
from referrals import report


class Command(BaseCommand):
    help = "Write the Community Supports closed-loop report of a month."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--summary", type=Path)

    def handle(self, *args, month: str, out: Path, summary: Path | None, **options):
        try:
            first = report.parse_month(month)
        except ValueError:
            raise CommandError(f"--month {month!r}: must be YYYY-MM, e.g. 2026-03") from None
        rows = report.month_rows(first)
        out.write_text(report.to_csv(report.MEMBER_COLUMNS, rows))
        record_members_shown(
            Actor.task(),
            members=list(
                Member.objects.filter(cin__in=[r[1] for r in rows]).values_list("pk", flat=True)
            ),
            viewed=AccessLog.View.EXPORT,
        )
        if summary:
            summary.write_text(report.to_csv(report.SUMMARY_COLUMNS, report.month_summary(first)))
        self.stdout.write(f"{len(rows)} referrals sent in {first:%Y-%m} written to {out}.")
