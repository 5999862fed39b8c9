"""Writes to risk data: stratify the roster as of a day (command, nightly task, the runs page)."""

import datetime

from django.db import transaction
from django.utils import timezone

from . import engine
from .models import StratificationRun
from .rules import RULE_SET_VERSION

FUTURE_LIMIT_DAYS = 366


class BadAsOf(ValueError):
    """An as-of day the engine refuses, with a message for people."""


def check_as_of(as_of: datetime.date) -> datetime.date:
    """A day far in the future is a typo, not a plan: its windows are empty, every member low."""
    today = timezone.localdate()
    if as_of > today + datetime.timedelta(days=FUTURE_LIMIT_DAYS):
        raise BadAsOf(
            f"as-of {as_of.isoformat()} is more than a year after today ({today.isoformat()})"
        )
    if as_of < datetime.date(1900, 1, 1):
        raise BadAsOf(f"as-of {as_of.isoformat()} is before 1900")
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
