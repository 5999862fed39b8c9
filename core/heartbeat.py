"""Heartbeats for long jobs, so a job whose worker died is noticed in minutes, not an hour.

While a job runs, a small thread stamps its row's `heartbeat_at` every JOB_HEARTBEAT_SECONDS
through its own database connection (the job's own connection is busy in one long statement).
When the worker process is killed the thread dies with it; a running job silent for more than
JOB_SILENCE_SECONDS is then marked interrupted by `interrupt_silent` (called by a beat task every
minute and whenever its page is viewed) and offered for retry. Re-running is safe: every import
merges idempotently and an evaluation stores its decisions in one transaction.
"""

import datetime
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Now
from django.utils import timezone


def silence_cutoff() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.JOB_SILENCE_SECONDS)


def silent(rows: QuerySet) -> QuerySet:
    """The rows of `rows` whose heartbeat has stopped (or never started after they did)."""
    cutoff = silence_cutoff()
    return rows.filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True))


@contextmanager
def heartbeat(rows: QuerySet, *, interval: float | None = None) -> Iterator[None]:
    """Stamp `rows.update(heartbeat_at=now())` now and every `interval` seconds until the block
    ends (normally or not)."""
    interval = interval or settings.JOB_HEARTBEAT_SECONDS
    rows.update(heartbeat_at=Now())
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(interval):
                rows.update(heartbeat_at=Now())
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name="job-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 5)
