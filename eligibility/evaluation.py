"""The eligibility engine: every member, every population of focus, in a few SQL statements.

`evaluation_statements` spells a whole evaluation as plain SQL (the benchmark runs exactly these
in psql to measure what the application adds); `run_evaluation` executes them for a run row and
records progress on it. Steps:

1. gather facts: one row per member in a temporary table (rules/facts.py);
2. decide: one INSERT ... SELECT that evaluates every rule's expression (rules/<population>.py)
   per member; a member with no population gets one not_eligible row whose evidence is the
   nearest miss or "not enrolled"; `is_new` marks a population the previous run did not find;
3. count: members evaluated, eligible and newly eligible, stored on the run;
4. after: the steps apps register in eligibility.extensions.after_evaluation (careplans opens an
   "identified" enrollment episode for each newly eligible member), only for a run that becomes
   the current one, not for a look back at a past day.

Steps 2-4 run in one transaction, so a failed run leaves nothing behind.
"""

import datetime
import logging

from django.db import connection, transaction
from django.utils import timezone

from core import heartbeat, maintenance
from core.model_rows import columns_of
from core.queue import QUEUE_UNAVAILABLE

from .extensions import after_evaluation
from .models import EvaluationRun
from .rules import RULE_SET_VERSION, RULES, AsOf
from .rules.base import iso
from .rules.facts import facts_statements
from .rules.nearest_miss import nearest_miss_expression

logger = logging.getLogger(__name__)
ENGINE_LOCK = 4_201_726  # pg advisory lock key: one evaluation at a time
# What a run writes, ANALYZEd after it succeeds (core/maintenance.py).
WRITTEN_TABLES = (
    "eligibility_determination",
    "eligibility_evaluationrun",
    "eligibility_programenrollment",
    "eligibility_enrollmenttransition",
)


def _decisions(as_of: AsOf) -> str:
    """Every rule's (population, evidence) for the member `f`, the rules that hold.

    The pairs are two arrays unnested, not a VALUES list: PostgreSQL sets up a VALUES list's
    expressions afresh each time a lateral VALUES is scanned, which for these evidence
    expressions cost more than evaluating them (about 40 µs a member); a function scan sets up
    its arguments once.
    """
    populations, expressions = [], []
    for rule in RULES:
        expression = rule.expression(as_of)
        if expression is not None:
            populations.append(f"'{rule.code}'")
            expressions.append(f"({expression})::text")
    if not populations:
        return "SELECT NULL::text AS population, NULL::text AS evidence WHERE false"
    evidence = ",\n            ".join(expressions)
    return f"""SELECT v.population, v.evidence FROM unnest(
            ARRAY[{", ".join(populations)}]::text[],
            ARRAY[
            {evidence}
            ]) AS v(population, evidence) WHERE v.evidence IS NOT NULL"""


def _not_enrolled(as_of: AsOf) -> str:
    end = f"coalesce({iso('f.enrollment_end')}, 'open')"
    return (
        f"'not enrolled on {as_of.day.isoformat()} (coverage ' || "
        f"{iso('f.enrollment_start')} || '..' || {end} || ')'"
    )


def _no_rules_yet(as_of: AsOf) -> str:
    """Evidence for a member whose program has no population in force on D (CICM before 2026)."""
    starts: dict[str, datetime.date] = {}
    for rule in RULES:
        for program, start in rule.programs.items():
            starts[program] = min(start, starts.get(program, start))
    waiting = {program: start for program, start in starts.items() if start > as_of.day}
    if not waiting:
        return "NULL"
    cases = " ".join(
        f"WHEN '{program}' THEN 'no {program} population of focus is in force before "
        f"{start.isoformat()} (rule set {RULE_SET_VERSION})'"
        for program, start in sorted(waiting.items())
    )
    return f"CASE f.program {cases} END"


def _is_new(previous_run_id: int | None) -> str:
    if previous_run_id is None:
        return "h.population IS NOT NULL"
    return f"""h.population IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM eligibility_determination p
            WHERE p.run_id = {int(previous_run_id)} AND p.member_id = f.member_id
              AND p.program = f.program AND p.population = h.population)"""


def decide_statement(as_of: AsOf, run_id: int, previous_run_id: int | None) -> str:
    return f"""
        INSERT INTO eligibility_determination
            (run_id, member_id, program, population, status, evidence, is_new)
        SELECT {int(run_id)}, f.member_id, f.program, coalesce(h.population, ''),
            CASE WHEN h.population IS NULL THEN 'not_eligible' ELSE 'eligible' END,
            coalesce(h.evidence, CASE WHEN NOT f.enrolled THEN {_not_enrolled(as_of)} END,
                     {_no_rules_yet(as_of)}, {nearest_miss_expression(as_of)}),
            {_is_new(previous_run_id)}
        FROM elig_facts f
        LEFT JOIN LATERAL ({_decisions(as_of)}) h ON f.enrolled"""


def count_statement(run_id: int) -> str:
    return f"""
        UPDATE eligibility_evaluationrun r SET
            members_evaluated = c.members, eligible_members = c.eligible,
            newly_eligible_members = c.new
        FROM (SELECT count(DISTINCT member_id) AS members,
                     count(DISTINCT member_id) FILTER (WHERE status = 'eligible') AS eligible,
                     count(DISTINCT member_id) FILTER (WHERE is_new) AS new
              FROM eligibility_determination WHERE run_id = {int(run_id)}) c
        WHERE r.id = {int(run_id)}"""


def evaluation_statements(
    *, as_of: datetime.date, run_id: int, previous_run_id: int | None, becomes_current: bool
) -> list[tuple[str, str]]:
    """(stage, SQL) pairs for a whole evaluation, every value inlined as a literal."""
    day = AsOf(as_of)
    gather = [("Gathering facts", sql) for sql in facts_statements(day)]
    steps = [
        *gather,
        ("Deciding populations", decide_statement(day, run_id, previous_run_id)),
        ("Counting", count_statement(run_id)),
    ]
    if becomes_current:
        steps += [(step.stage, step.sql(as_of, run_id)) for step in after_evaluation]
    steps.append(("Cleaning up", "DROP TABLE IF EXISTS elig_facts"))
    return steps


def previous_run_for(as_of: datetime.date, *, before_id: int | None = None):
    runs = EvaluationRun.objects.filter(
        status=EvaluationRun.Status.SUCCEEDED, as_of__lte=as_of
    ).order_by("-as_of", "-id")
    if before_id is not None:
        runs = runs.exclude(pk=before_id).exclude(as_of=as_of, pk__gt=before_id)
    return runs.first()


# The latest successful run by as-of day, for a day no later than the plan's today: what member
# pages and the worklist show. A run as of a later day (which only the engine's own tests make;
# every door refuses one) never becomes current. SQL, so a statement can read it as a CTE.
CURRENT_RUN_SQL = f"""
    SELECT {columns_of(EvaluationRun, "r")} FROM {EvaluationRun._meta.db_table} r
     WHERE r.status = %(succeeded)s AND r.as_of <= %(today)s
     ORDER BY r.as_of DESC, r.id DESC LIMIT 1"""


def current_run_params() -> dict:
    return {"succeeded": EvaluationRun.Status.SUCCEEDED.value, "today": timezone.localdate()}


def current_run() -> EvaluationRun | None:
    """The run member pages and the worklist show (CURRENT_RUN_SQL), None before the first."""
    return next(iter(EvaluationRun.objects.raw(CURRENT_RUN_SQL, current_run_params())), None)


def create_run(*, as_of: datetime.date, by=None) -> EvaluationRun:
    return EvaluationRun.objects.create(
        as_of=as_of, rule_version=RULE_SET_VERSION, requested_by=by, stage="Queued"
    )


def not_queued(run: EvaluationRun) -> None:
    """The broker was unreachable: the run ends failed, so nothing is left running for ever."""
    EvaluationRun.objects.filter(pk=run.pk).update(
        status=EvaluationRun.Status.FAILED,
        stage="Not queued: nothing was stored",
        progress_percent=100,
        finished_at=timezone.now(),
        message=QUEUE_UNAVAILABLE,
    )


def _progress(run: EvaluationRun, stage: str, percent: int) -> None:
    run.stage, run.progress_percent = stage, percent
    EvaluationRun.objects.filter(pk=run.pk).update(stage=stage, progress_percent=percent)


INTERRUPTED_MESSAGE = (
    "The evaluation stopped when its worker was lost; nothing was stored. Retry to run it again."
)


def interrupt_silent_runs() -> int:
    """Mark started runs whose heartbeat stopped (core/heartbeat.py) as interrupted."""
    started = EvaluationRun.objects.filter(
        status=EvaluationRun.Status.RUNNING, heartbeat_at__isnull=False
    )
    return heartbeat.silent(started).update(
        status=EvaluationRun.Status.INTERRUPTED,
        stage="Interrupted: the worker was lost",
        finished_at=timezone.now(),
        message=INTERRUPTED_MESSAGE,
    )


def reopen_for_retry(run: EvaluationRun) -> bool:
    """Put an interrupted run back in the queue's hands; False when it is not interrupted."""
    return bool(
        EvaluationRun.objects.filter(pk=run.pk, status=EvaluationRun.Status.INTERRUPTED).update(
            status=EvaluationRun.Status.RUNNING,
            stage="Queued again",
            progress_percent=0,
            heartbeat_at=None,
            finished_at=None,
            message="",
        )
    )


def _claim(run: EvaluationRun) -> bool:
    """Take the run for this worker: not started, interrupted, or with a stopped heartbeat. One
    UPDATE, so a redelivered task and a retry cannot both run it."""
    runs = EvaluationRun.objects.filter(pk=run.pk)
    claimable = runs.filter(status=EvaluationRun.Status.INTERRUPTED) | heartbeat.silent(
        runs.filter(status=EvaluationRun.Status.RUNNING)
    )
    return bool(
        claimable.update(
            status=EvaluationRun.Status.RUNNING,
            heartbeat_at=timezone.now(),
            finished_at=None,
            message="",
        )
    )


def run_evaluation(run: EvaluationRun) -> EvaluationRun:
    """Execute a created run; a finished or running run is left as it is, so a redelivered task
    is harmless.

    Facts are gathered outside the transaction so the run's stage is visible to the page that
    polls it; deciding, counting, the registered steps and marking the run done commit together.
    """
    if not _claim(run):
        run.refresh_from_db()
        return run
    with heartbeat.heartbeat(EvaluationRun.objects.filter(pk=run.pk)):
        _run_claimed(run)
    run.refresh_from_db()
    if run.status == EvaluationRun.Status.SUCCEEDED:
        maintenance.analyze(*WRITTEN_TABLES)
    return run


def _run_claimed(run: EvaluationRun) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [ENGINE_LOCK])
    try:
        _execute(run)
    except Exception as error:  # noqa: BLE001 - recorded on the run, which the user sees
        logger.error("evaluation run %s failed: %s", run.pk, type(error).__name__)
        EvaluationRun.objects.filter(pk=run.pk).update(
            status=EvaluationRun.Status.FAILED,
            stage="Failed: nothing was stored",
            progress_percent=100,
            finished_at=timezone.now(),
            message="The evaluation stopped on an internal error; nothing was stored.",
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ENGINE_LOCK])


def _execute(run: EvaluationRun) -> None:
    previous = previous_run_for(run.as_of, before_id=run.pk)
    current = current_run()
    becomes_current = current is None or (current.as_of, current.pk) < (run.as_of, run.pk)
    EvaluationRun.objects.filter(pk=run.pk).update(previous_run=previous)
    steps = evaluation_statements(
        as_of=run.as_of,
        run_id=run.pk,
        previous_run_id=previous.pk if previous else None,
        becomes_current=becomes_current,
    )
    gather = [step for step in steps if step[0] == "Gathering facts"]
    with connection.cursor() as cursor:
        _progress(run, "Gathering facts", 5)
        for _stage, sql in gather:
            cursor.execute(sql)
        _progress(run, "Deciding populations", 50)
        with transaction.atomic():
            for _stage, sql in steps[len(gather) :]:
                cursor.execute(sql)
            EvaluationRun.objects.filter(pk=run.pk).update(
                status=EvaluationRun.Status.SUCCEEDED,
                stage="Done",
                progress_percent=100,
                finished_at=timezone.now(),
            )
