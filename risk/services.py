"""Writes to risk data: stratify the roster as of a day (command, nightly task, the runs page)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.dates import validate_as_of

from . import engine
from .models import StratificationRun
from .rules import RULE_SET_VERSION


class BadAsOf(ValueError):
    """An as-of day the engine refuses, with a message for people."""


def check_as_of(as_of: datetime.date) -> datetime.date:
    """The portal's one as-of rule (core.dates): not after today, not before EARLIEST_AS_OF.

    A day after today would stratify empty windows (every member low) and become "current"."""
    try:
        validate_as_of(as_of)
    except ValidationError as error:
        raise BadAsOf(f"as-of {error.messages[0]}") from None
    return as_of


def stratify(*, as_of: datetime.date, by=None) -> StratificationRun:
    """Stratify every member enrolled on the day, in this process (command, nightly job)."""
    check_as_of(as_of)
    return engine.run_stratification(engine.create_run(as_of=as_of, by=by))


def start_stratification(*, as_of: datetime.date, by) -> StratificationRun:
    """Queue a stratification for a worker; the runs page polls its stage."""
    from .tasks import run_stratification_task

    check_as_of(as_of)
    run = engine.create_run(as_of=as_of, by=by)
    transaction.on_commit(lambda: run_stratification_task.delay(run.pk))
    return run


def stratify_tonight() -> StratificationRun:
    """The nightly stratification: once per plan day and rule set; a second call returns it."""
    today = timezone.localdate()
    done = StratificationRun.objects.filter(
        as_of=today, rule_version=RULE_SET_VERSION, status=StratificationRun.Status.SUCCEEDED
    ).first()
    return done or stratify(as_of=today)
