"""Queueing work for the Celery worker, and what happens when the broker cannot be reached.

Uploads and evaluations are queued after their row commits. When Redis is down the publish fails
within a fraction of a second (one quick retry, no minutes of backoff); the caller's `cleanup`
then undoes what was prepared (the job is marked failed and its file deleted, the run marked
failed), and `QueueUnavailable` tells the person to try again, so nothing is left queued or
running for ever and a retry starts from a clean slate.
"""

import logging
from collections.abc import Callable

from django.db import transaction
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = "The task queue is unavailable, try again in a few minutes."


class QueueUnavailable(Exception):
    """The broker could not be reached; nothing was queued and the caller's work was undone."""

    def __init__(self, message: str = QUEUE_UNAVAILABLE):
        super().__init__(message)
        self.message = message


def send(task, *args) -> None:
    """Publish `task(*args)` now; raise QueueUnavailable when the broker cannot be reached."""
    try:
        task.delay(*args)  # retries per CELERY_TASK_PUBLISH_RETRY_POLICY
    except (OperationalError, RedisError, OSError) as error:
        logger.warning("task queue unavailable for %s: %s", task.name, type(error).__name__)
        raise QueueUnavailable from None


def enqueue_on_commit(task, *args, cleanup: Callable[[], None]) -> None:
    """Queue `task(*args)` once the current transaction commits; if the broker is unreachable,
    run `cleanup` and raise QueueUnavailable to whoever committed (the view, in autocommit)."""

    def publish() -> None:
        try:
            send(task, *args)
        except QueueUnavailable:
            cleanup()
            raise

    transaction.on_commit(publish, robust=False)
