"""`python manage.py generate_synthetic --members N --out DIR [--seed S] [--as-of YYYY-MM-DD]
[--no-clinical]`: realistic synthetic contract files (members.csv, diagnoses.csv, utilization.csv).

Exit 1 with a message on stderr for a bad argument. Prints only paths and row counts, never a name.
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members.synthetic import MAX_MEMBERS, write_synthetic_files


class Command(BaseCommand):
    help = "Write synthetic members.csv, diagnoses.csv and utilization.csv (shared/contracts)."

    def add_arguments(self, parser):
        # Parsed here rather than by argparse, so a bad value exits 1 like the import commands.
        parser.add_argument("--members", help=f"how many members, 1 to {MAX_MEMBERS:,}")
        parser.add_argument("--out", help="directory for the files; created when missing")
        parser.add_argument("--seed", default="1", help="the same seed writes the same files")
        parser.add_argument("--as-of", help="no date after this day (YYYY-MM-DD); default today")
        parser.add_argument("--no-clinical", action="store_true", help="write members.csv only")

    def handle(self, *args, members, out, seed, as_of, no_clinical, **options):
        if members is None or not out:
            raise CommandError("--members N and --out DIR are required")
        arguments = {
            "members": _whole_number("--members", members, low=1, high=MAX_MEMBERS),
            "seed": _whole_number("--seed", seed),
            "as_of": _day(as_of) if as_of else None,
        }
        try:
            counts = write_synthetic_files(
                out_dir=Path(out), with_clinical=not no_clinical, **arguments
            )
        except OSError as error:
            raise CommandError(f"cannot write to {out}: {error.strerror}") from None
        for name, rows in counts.items():
            self.stdout.write(f"{Path(out) / name}: {rows:,} rows")


def _whole_number(option: str, value: str | int, low: int = 0, high: int | None = None) -> int:
    try:
        number = int(value)  # call_command may pass an int
    except (TypeError, ValueError):
        raise CommandError(f"{option} must be a whole number, got {value!r}") from None
    if number < low or (high is not None and number > high):
        limits = f"between {low:,} and {high:,}" if high is not None else f"{low} or more"
        raise CommandError(f"{option} must be {limits}, got {number:,}")
    return number


def _day(value: str | datetime.date) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of must be a date as YYYY-MM-DD, got {value!r}") from None
    if day.year < 1950:
        raise CommandError("--as-of must be 1950-01-01 or later")
    return day
