"""The scheduled jobs the portal knows, registered by the apps that own them.

An app registers its job from its own AppConfig.ready() (`register(Job(...))`), so this app,
low in the layers, never imports the apps above it; the Nightly jobs page and "run now" iterate
the registry. Apps that want to hear about a failed or interrupted run (notifications) register
a listener with `on_failure`.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    name: str  # the key stored on JobRun.job
    label: str  # what plan admins read
    task: str  # the Celery task that runs it (beat's entry and "run now" send this)
    schedule: str  # when it runs, in words, for the page
    order: int = 100  # the order of the night


JOBS: dict[str, Job] = {}
FAILURE_LISTENERS: list[Callable] = []


def register(job: Job) -> Job:
    JOBS[job.name] = job
    return job


def on_failure(listener: Callable) -> Callable:
    """`listener(job_run)` is called after a run is recorded failed or interrupted."""
    if listener not in FAILURE_LISTENERS:
        FAILURE_LISTENERS.append(listener)
    return listener


def jobs_in_order() -> list[Job]:
    return sorted(JOBS.values(), key=lambda job: (job.order, job.label))


def label_of(name: str) -> str:
    job = JOBS.get(name)
    return job.label if job else name
