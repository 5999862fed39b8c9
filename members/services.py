"""Writes to members: roster imports and care-manager assignment."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from accounts.access import Capability, may
from core import import_jobs
from core.csv_import import ImportResult
from core.models import ImportJob

from . import access
from .imports import import_roster
from .models import Member
from .selectors import NOT_ON_TEAM, assignable_care_manager
from .signals import members_assigned


def start_roster_import(*, uploaded_file, by) -> ImportJob:
    """Store the uploaded roster and queue it; the browser then polls the job for progress."""
    from .tasks import run_roster_import_task

    import_jobs.refuse_oversized(uploaded_file, limit=settings.ROSTER_MAX_UPLOAD_BYTES)
    job = import_jobs.create_job(
        kind=ImportJob.Kind.ROSTER, requested_by=by, uploaded_file=uploaded_file
    )
    import_jobs.queue_job(job, run_roster_import_task)
    return job


def _roster_importer(path: Path, *, on_stage) -> ImportResult:
    return import_roster(path, max_bytes=settings.ROSTER_MAX_UPLOAD_BYTES, on_stage=on_stage)


def run_roster_import(*, job_id: int, path: Path | None = None) -> ImportJob:
    """Run a queued roster import (from the task, or the command with a local path)."""
    job = ImportJob.objects.get(pk=job_id, kind=ImportJob.Kind.ROSTER)
    return import_jobs.run_job(
        job=job,
        path=path or Path(job.file.path),
        importer=_roster_importer,
        analyze=(Member._meta.db_table,),
    )


def import_roster_file(*, path: Path, by=None) -> ImportJob:
    """The `import_members` command's door: the same job record, run in this process."""
    job = import_jobs.create_job(kind=ImportJob.Kind.ROSTER, requested_by=by, source_name=path.name)
    return run_roster_import(job_id=job.pk, path=path)


def assign_members(*, member_ids: list[int], care_manager, by) -> int:
    """Give members to a care manager (or None to unassign) and record each change in history.

    One UPDATE and one INSERT ... SELECT, whatever the number of members. Members the assigner
    cannot see, or who already have that care manager, are left alone; returns how many changed.
    """
    if not may(by, Capability.ASSIGN):
        raise ValidationError("Only supervisors and plan admins can assign members.")
    if care_manager is not None and assignable_care_manager(by, care_manager.pk) is None:
        raise ValidationError(NOT_ON_TEAM)
    if not member_ids:
        raise ValidationError("Select at least one member.")
    target = access.assignable_members(by, member_ids)
    target = (
        target.exclude(care_manager=care_manager)
        if care_manager
        else target.filter(care_manager__isnull=False)
    )
    ids = list(target.values_list("pk", flat=True))
    if not ids:
        return 0
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            WITH changed AS (
                UPDATE members_member m SET care_manager_id = %(cm)s, updated_at = %(now)s
                FROM (SELECT id, care_manager_id FROM members_member
                      WHERE id = ANY(%(ids)s)
                        AND care_manager_id IS DISTINCT FROM %(cm)s
                      FOR UPDATE) old
                WHERE m.id = old.id
                RETURNING m.id, old.care_manager_id AS previous
            )
            INSERT INTO members_caremanagerassignment
                (member_id, care_manager_id, previous_care_manager_id, assigned_by_id, assigned_at)
            SELECT id, %(cm)s, previous, %(by)s, %(now)s FROM changed
            RETURNING member_id
            """,
            {"cm": care_manager.pk if care_manager else None, "now": now, "ids": ids, "by": by.pk},
        )
        changed = [row[0] for row in cursor.fetchall()]
    transaction.on_commit(lambda: members_assigned.send(sender=Member, member_ids=changed))
    return len(changed)
