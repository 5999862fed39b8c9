"""The `--as-of YYYY-MM-DD` argument the eligibility commands share.

Parsed in `handle`, not by argparse: the contract's exit status for bad arguments is 1, and
argparse would exit 2.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from core.dates import validate_as_of


def add_as_of_argument(parser) -> None:
    parser.add_argument(
        "--as-of",
        dest="as_of",
        help="the day every time window is counted back from (YYYY-MM-DD); required",
    )


def parse_as_of(text: str | None) -> datetime.date:
    if not text:
        raise CommandError("--as-of YYYY-MM-DD is required", returncode=1)
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of: not a date in YYYY-MM-DD form: {text!r}") from None
    try:
        validate_as_of(day)
    except ValidationError as error:
        raise CommandError(f"--as-of: {error.messages[0]}", returncode=1) from None
    return day
