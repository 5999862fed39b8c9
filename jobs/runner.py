"""Run a scheduled job under a lock and record the run.

`run_recorded(name, work=...)`:
1. takes the job's PostgreSQL advisory lock without waiting; when another worker holds it, the
   run is recorded as skipped with a message naming the run in progress, and nothing else
   happens (two workers never run the same job at once);
2. with the lock held, any run of the job still marked running belongs to a worker that died
   (a live one would hold the lock): it is marked interrupted and failure listeners hear of it.
   This run then does the whole work again; every job's work is idempotent (the day is
   replaced, upserts, unique keys), so the result is the same as an uninterrupted night;
3. records start, end, status, rows touched and, on failure, the error's kind (never its text
   for errors we did not write: a database message can quote a member's data);
4. prunes the job's runs older than RETENTION_DAYS.

The lock is a session-level advisory lock on the job's own key, so it is released by PostgreSQL
if the worker's connection dies with it.
"""

import datetime
import logging
import os
import zlib
from collections.abc import Callable
from typing import TypeVar

from django.db import connection
from django.utils import timezone

from .models import JobRun
from .registry import FAILURE_LISTENERS

logger = logging.getLogger(__name__)
RETENTION_DAYS = 400
LOCK_NAMESPACE = 4_300_000_000  # keeps job keys apart from the engines' own lock keys
T = TypeVar("T")


class JobFailed(Exception):
    """Raised by a job's work with a message fit for plan admins (no PHI)."""


def lock_key(name: str) -> int:
    return LOCK_NAMESPACE + zlib.crc32(name.encode())


def _try_lock(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock_key(name)])
        return cursor.fetchone()[0]


def _unlock(name: str) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_key(name)])
    except Exception:  # noqa: BLE001 - a dropped connection has released the lock already
        logger.warning("job %s: could not release its lock (connection lost)", name)
        connection.close()


def _notify(run: JobRun) -> None:
    for listener in FAILURE_LISTENERS:
        try:
            listener(run)
        except Exception as error:  # noqa: BLE001 - a listener must not hide the job's result
            logger.error("job failure listener %s failed: %s", listener, type(error).__name__)


def _mark_interrupted(name: str) -> None:
    now = timezone.now()
    for run in JobRun.objects.filter(job=name, status=JobRun.Status.RUNNING):
        run.status, run.finished_at = JobRun.Status.INTERRUPTED, now
        run.error = "The worker stopped during this run; the next run redid the work."
        run.save(update_fields=["status", "finished_at", "error"])
        _notify(run)


def _error_text(error: Exception) -> str:
    if isinstance(error, JobFailed):
        return str(error)[:500]
    return f"Stopped on an internal error ({type(error).__name__}); nothing was half-written."


def run_recorded(
    name: str,
    *,
    work: Callable[[], T],
    rows: Callable[[T], int | None] = lambda result: None,
    as_of: datetime.date | None = None,
    by=None,
) -> T | None:
    """Run `work()` as job `name`; return its result (None when skipped or failed)."""
    as_of = as_of or timezone.localdate()
    if not _try_lock(name):
        running = JobRun.objects.filter(job=name, status=JobRun.Status.RUNNING).first()
        since = f" since {timezone.localtime(running.started_at):%H:%M}" if running else ""
        JobRun.objects.create(
            job=name, as_of=as_of, status=JobRun.Status.SKIPPED, started_at=timezone.now(),
            finished_at=timezone.now(), requested_by=by,
            error=f"Another run of this job was in progress{since}; this one did nothing.",
        )  # fmt: skip
        return None
    try:
        _mark_interrupted(name)
        run = JobRun.objects.create(
            job=name, as_of=as_of, started_at=timezone.now(), requested_by=by,
            worker_pid=os.getpid(),
        )  # fmt: skip
        try:
            result = work()
            touched = rows(result)
        except Exception as error:  # noqa: BLE001 - recorded on the run, which admins see
            logger.error("job %s failed: %s", name, type(error).__name__)
            _finish(run, JobRun.Status.FAILED, error=_error_text(error))
            return None
        _finish(run, JobRun.Status.SUCCEEDED, rows=touched)
        return result
    finally:
        _prune(name)
        _unlock(name)


def _finish(run: JobRun, status: str, *, rows: int | None = None, error: str = "") -> None:
    """Record the end; after a dropped connection Django reconnects for this write."""
    if connection.connection is not None and not connection.is_usable():
        connection.close()
    JobRun.objects.filter(pk=run.pk).update(
        status=status, finished_at=timezone.now(), rows=rows, error=error
    )
    run.refresh_from_db()
    if run.is_failure:
        _notify(run)


def _prune(name: str) -> None:
    try:
        cutoff = timezone.now() - datetime.timedelta(days=RETENTION_DAYS)
        JobRun.objects.filter(job=name, started_at__lt=cutoff).delete()
    except Exception as error:  # noqa: BLE001 - pruning waits for the next run
        logger.warning("job %s: pruning old runs failed: %s", name, type(error).__name__)
