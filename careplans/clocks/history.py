"""HRA history: past completed HRAs and care plans per CIN (hra_history.csv, README "HRA
history"), and the portal's go-live day.

A plan going live has years of members whose HRAs and care plans were done in its earlier
system. Without them every clock counts from enrollment and "My tasks" fills with items years
overdue. The import loads them through core.feeds (COPY into staging, set-based checks reported
as `line N: column: reason`, all-or-nothing, merged by (member, source_id) with one UPDATE and
one INSERT, ANALYZE); the clock rules (assessments/extensions.py, plans/extensions.py) count
from an imported HRA or care plan as from one done in the portal.

Go-live (settings.PORTAL_GO_LIVE): a clock that fell due before go-live says "no record before
go-live" (state `no_record`) instead of counting years overdue when the portal cannot know
whether it was met: an HRA or care-plan clock (HISTORY_CLOCKS) until the member's history is
loaded (then it counts from the history, and what the history lacks is truly overdue), any other
clock (outreach, contacts, transition follow-up: no history of them is imported) always. It is
not overdue anywhere: My tasks shows such items in a collapsed group, the team table and
reminders do not count them. A clock that started before go-live but falls due after it is a
real deadline and runs as usual.
"""

import datetime
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from careplans.models import PriorRecord, PriorRecordKind
from core import import_jobs
from core.csv_import import ImportResult
from core.feeds import import_feed
from core.import_rules import date_rule, required_rule, valid_date
from core.models import ImportJob
from core.sql import sql_array, sql_text
from eligibility.import_checks import KEY_CLEAN, KEY_RULES, clinical_feed

KIND = ImportJob.Kind.HRA_HISTORY
RECORD_TYPES = tuple(PriorRecordKind.values)
COLUMNS = ("cin", "record_type", "completed_on", "source_id")

# The clocks the imported history informs (their keys in members.extensions.clock_rules).
HISTORY_CLOCKS = ("initial_hra", "reassessment", "care_plan", "care_plan_review")

# SQL over a member `m`: their imported records, and whether any history is loaded for them.
PRIOR = "careplans_priorrecord h WHERE h.member_id = m.id AND h.record_type = '{}'"
PRIOR_HRA = PRIOR.format(PriorRecordKind.HRA)
PRIOR_CARE_PLAN = PRIOR.format(PriorRecordKind.CARE_PLAN)
NO_HISTORY = "NOT EXISTS (SELECT 1 FROM careplans_priorrecord h WHERE h.member_id = {})"


def _today() -> dict:
    return {"today": timezone.localdate().isoformat()}


HRA_HISTORY = clinical_feed(
    kind=KIND,
    noun="history records",
    model=PriorRecord,
    columns=COLUMNS,
    required=COLUMNS,
    clean={**KEY_CLEAN, "record_type": "lower(btrim({}))"},
    rules=(
        *KEY_RULES,
        required_rule("record_type"),
        (
            "record_type",
            f"n.record_type <> '' AND n.record_type <> ALL({sql_array(RECORD_TYPES)})",
            sql_text("must be " + " or ".join(RECORD_TYPES)),
        ),
        required_rule("completed_on"),
        date_rule("completed_on"),
        (
            "completed_on",
            f"{valid_date('n.completed_on')} AND n.completed_on > %(today)s",
            "'is in the future'",
        ),
    ),
    value_columns=("record_type", "completed_on"),
    stored={"record_type": "n.record_type", "completed_on": "n.completed_on::date"},
    params=_today,
    timestamps=True,
)


def import_hra_history(
    path: Path, *, max_bytes: int, on_stage: Callable[[str, int], None] = lambda s, p: None
) -> ImportResult:
    """Import hra_history.csv at `path`; raise ImportRejected (nothing changed) on any bad row.
    A good file's members get their clocks recomputed (one set-based refresh)."""
    result = import_feed(HRA_HISTORY, path, max_bytes=max_bytes, on_stage=on_stage)
    if result.created or result.updated:
        on_stage("Recomputing due dates", 90)
        _refresh_clocks_of_history_members()
    return result


def _refresh_clocks_of_history_members() -> None:
    from careplans.clocks.services import refresh_member_clocks

    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT member_id FROM careplans_priorrecord")
        member_ids = [row[0] for row in cursor.fetchall()]
    refresh_member_clocks(member_ids=member_ids)


# The three doors, as for the clinical feeds (eligibility/services.py): the page and API store
# an upload and queue it, the task runs it, the command runs a local file in this process.


def start_history_import(*, uploaded_file, by) -> ImportJob:
    from careplans.tasks import run_history_import_task

    import_jobs.refuse_oversized(uploaded_file, limit=settings.CLINICAL_MAX_UPLOAD_BYTES)
    job = import_jobs.create_job(kind=KIND, requested_by=by, uploaded_file=uploaded_file)
    import_jobs.queue_job(job, run_history_import_task)
    return job


def _importer(path: Path, *, on_stage) -> ImportResult:
    return import_hra_history(path, max_bytes=settings.CLINICAL_MAX_UPLOAD_BYTES, on_stage=on_stage)


def run_history_import(*, job_id: int, path: Path | None = None) -> ImportJob:
    job = ImportJob.objects.get(pk=job_id, kind=KIND)
    return import_jobs.run_job(
        job=job,
        path=path or Path(job.file.path),
        importer=_importer,
        analyze=(PriorRecord._meta.db_table,),
    )


def import_history_file(*, path: Path, by=None) -> ImportJob:
    """The `import_hra_history` command's door: the same job record, run in this process."""
    job = import_jobs.create_job(kind=KIND, requested_by=by, source_name=path.name)
    return run_history_import(job_id=job.pk, path=path)


def go_live() -> datetime.date | None:
    return settings.PORTAL_GO_LIVE


# The demo (seed_demo_care): history for the assigned D-SNP members, as a plan going live would
# load it, so "My tasks" shows the few true items. A few of cm.garcia's are left without it.
DEMO_WITHOUT_HISTORY = 3


def demo_history_rows(cins: list[str], *, today: datetime.date) -> list[tuple[str, ...]]:
    """One HRA per member of a caseload in the year before `today` and a care plan 12 days
    after it, so their yearly reassessment and plan review fall due after the coming weeks;
    but the first member's reassessment is a week overdue (their plan review due soon), the
    second one's due soon, and the third one's care plan is not made yet (due soon): the few
    true items of a caseload's week, whatever its size."""
    rows = []
    for i, cin in enumerate(cins):
        hra_days_ago = {0: 372, 1: 355, 2: 20}.get(i, 30 + (i * 53) % 300)
        hra_on = today - datetime.timedelta(days=hra_days_ago)
        rows.append((cin, PriorRecordKind.HRA, hra_on.isoformat(), f"DEMO-HRA-{cin}"))
        if i != 2:
            plan_on = hra_on + datetime.timedelta(days=12)
            rows.append((cin, PriorRecordKind.CARE_PLAN, plan_on.isoformat(), f"DEMO-CP-{cin}"))
    return rows


def load_demo_history(*, out_dir: Path, by=None, today: datetime.date | None = None) -> ImportJob:
    """Write the demo's hra_history.csv into `out_dir` and import it through the real import."""
    import csv

    from members.models import Member

    today = today or timezone.localdate()
    assigned = list(
        Member.objects.filter(care_manager__isnull=False, program="CICM")
        .order_by("cin")
        .values_list("cin", "care_manager__username")
    )
    garcia = [cin for cin, username in assigned if username == "cm.garcia"]
    left_out = set(garcia[-DEMO_WITHOUT_HISTORY:])
    caseloads: dict[str, list[str]] = {}
    for cin, username in assigned:
        if cin not in left_out:
            caseloads.setdefault(username, []).append(cin)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "hra_history.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(COLUMNS)
        for cins in caseloads.values():
            writer.writerows(demo_history_rows(cins, today=today))
    return import_history_file(path=path, by=by)
