"""Sane bounds for the days people type and jobs take.

An as-of day fixes "today" for an evaluation or an export (shared/contracts/README.md). A day
after the plan's today would become the "current" evaluation for good, and a day before the
portal's first data would evaluate nobody; both are refused wherever a day comes in (page form,
API, command, task), with a message naming the range.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import timezone

# No date a person types is earlier (the roster contract's date_of_birth has the same floor).
EARLIEST_DATE = datetime.date(1900, 1, 1)
not_before_1900 = MinValueValidator(EARLIEST_DATE, message="Enter a date on or after 1900-01-01.")


def earliest_as_of() -> datetime.date:
    """The first day an evaluation or export may be as of (setting EARLIEST_AS_OF)."""
    return settings.EARLIEST_AS_OF


def validate_as_of(day: datetime.date) -> None:
    """Refuse an as-of day after the plan's today or before EARLIEST_AS_OF."""
    today, earliest = timezone.localdate(), earliest_as_of()
    if day > today:
        raise ValidationError(
            f"{day.isoformat()} is after today ({today.isoformat()}); "
            "choose today or an earlier day.",
            code="future",
        )
    if day < earliest:
        raise ValidationError(
            f"{day.isoformat()} is before {earliest.isoformat()}, the earliest day this portal "
            "evaluates; choose a later day.",
            code="too_early",
        )
