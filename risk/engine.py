"""The risk engine: every member enrolled on D stratified in a few SQL statements.

Like the eligibility engine (eligibility/evaluation.py), `stratification_statements` spells a
whole run as plain SQL (the benchmark runs exactly these in psql), and `run_stratification`
executes them for a run row, recording progress on it. Steps:

1. gather facts: one row per enrolled member in the temp table `risk_facts` (rules/facts.py),
   then the LACE index stays (rules/lace.py);
2. replace the day: DELETE that day's rows and one INSERT ... SELECT that decides every member's
   tier, score, rising and evidence (rules/tiers.py) from the facts;
3. count, and when the day is the latest stratified one, copy tier, score and rising onto
   members_member so caseload and member list show and sort them without joining;
4. ANALYZE the tables the run changed (no autovacuum on these hosts).

Steps 2-3 run in one transaction: a failed or killed run leaves the day as it was.
Re-running a day replaces that day's rows; the result depends only on the data and D.
"""

import datetime
import logging

from django.db import connection, transaction
from django.utils import timezone

from eligibility.rules.base import AsOf, sql_date

from .models import StratificationRun
from .rules import RULE_SET_VERSION, charlson, tiers
from .rules.facts import FACTS_TABLE, facts_statements

logger = logging.getLogger(__name__)
ENGINE_LOCK = 4_201_812  # pg advisory lock key: one stratification at a time
WAITING = "Waiting for the stratification in progress to finish"
# After the commit: the planner's picture of the tables the run rewrote (no autovacuum here).
ANALYZE = "ANALYZE risk_memberrisk, members_member (risk_tier, risk_score, risk_rising)"


def previous_day(as_of: datetime.date) -> datetime.date | None:
    """The latest earlier stratification's day: "rising" compares against it."""
    run = (
        StratificationRun.objects.filter(status=StratificationRun.Status.SUCCEEDED, as_of__lt=as_of)
        .order_by("-as_of")
        .first()
    )
    return run.as_of if run else None


def latest_day() -> datetime.date | None:
    run = (
        StratificationRun.objects.filter(status=StratificationRun.Status.SUCCEEDED)
        .order_by("-as_of")
        .first()
    )
    return run.as_of if run else None


def decide_statements(as_of: AsOf, run_id: int, previous: datetime.date | None) -> list[str]:
    tier = tiers.tier_expression()
    previous_join = (
        "LEFT JOIN risk_memberrisk p ON p.member_id = f.member_id "
        f"AND p.as_of = {sql_date(previous)}"
        if previous
        else "LEFT JOIN (SELECT NULL::bigint AS member_id, NULL::text AS tier) p ON FALSE"
    )
    return [
        f"DELETE FROM risk_memberrisk WHERE as_of = {as_of.d}",
        f"""
        INSERT INTO risk_memberrisk (
            run_id, member_id, as_of, rule_version, tier, score, rising, previous_tier,
            charlson, charlson_conditions, ed_6m, ed_6m_dates, ip_12m, ip_12m_dates,
            homeless, homeless_basis, lace, lace_stay_start, lace_stay_end, lace_unplanned,
            lace_l, lace_a, lace_c, lace_e, lace_ed_visits, evidence)
        SELECT {int(run_id)}, f.member_id, {as_of.d}, '{RULE_SET_VERSION}', t.tier,
            {tiers.score_expression()},
            coalesce({tiers.rank_expression("t.tier")} > {tiers.rank_expression("p.tier")}, FALSE),
            coalesce(p.tier, ''),
            f.charlson, {charlson.conditions_json("f")}, f.ed_6m, f.ed_6m_dates, f.ip_12m,
            f.ip_12m_dates, f.homeless_basis IS NOT NULL, coalesce(f.homeless_basis, ''),
            f.lace, f.lace_stay_start, f.lace_stay_end, f.lace_unplanned, f.lace_l, f.lace_a,
            f.lace_c, f.lace_e, f.lace_ed_visits, {tiers.evidence_expression("t.tier")}
        FROM {FACTS_TABLE} f
        CROSS JOIN LATERAL (SELECT {tier} AS tier) t
        {previous_join}""",
    ]


def count_statement(as_of: AsOf, run_id: int) -> str:
    return f"""
        UPDATE risk_stratificationrun r SET
            members_stratified = c.members, high_members = c.high,
            medium_members = c.medium, rising_members = c.rising
        FROM (SELECT count(*) AS members, count(*) FILTER (WHERE tier = 'high') AS high,
                     count(*) FILTER (WHERE tier = 'medium') AS medium,
                     count(*) FILTER (WHERE rising) AS rising
              FROM risk_memberrisk WHERE as_of = {as_of.d}) c
        WHERE r.id = {int(run_id)}"""


def summary_statement(as_of: AsOf) -> str:
    """Copy the day's tier, score and rising onto members (none for a member without a row)."""
    return f"""
        UPDATE members_member m SET
            risk_tier = coalesce(r.tier, ''), risk_score = r.score,
            risk_rising = coalesce(r.rising, FALSE)
        FROM members_member m2
        LEFT JOIN risk_memberrisk r ON r.member_id = m2.id AND r.as_of = {as_of.d}
        WHERE m.id = m2.id
          AND (m.risk_tier, m.risk_score, m.risk_rising)
              IS DISTINCT FROM (coalesce(r.tier, ''), r.score, coalesce(r.rising, FALSE))"""


def stratification_statements(
    *,
    as_of: datetime.date,
    run_id: int,
    previous: datetime.date | None,
    summarize: bool,
) -> list[tuple[str, str]]:
    """(stage, SQL) pairs for a whole stratification, every value inlined as a literal."""
    day = AsOf(as_of)
    # The rules make long expressions whose estimated cost switches PostgreSQL's JIT on;
    # compiling them costs more than evaluating them (as in careplans/clocks.py).
    steps = [("Gathering facts", "SET jit = off")]
    steps += [("Gathering facts", sql) for sql in facts_statements(day)]
    steps += [("Deciding tiers", sql) for sql in decide_statements(day, run_id, previous)]
    steps.append(("Counting", count_statement(day, run_id)))
    if summarize:
        steps.append(("Updating caseloads", summary_statement(day)))
    steps.append(("Cleaning up", f"DROP TABLE IF EXISTS {FACTS_TABLE}"))
    steps.append(("Cleaning up", "RESET jit"))
    return steps


def create_run(*, as_of: datetime.date, by=None) -> StratificationRun:
    return StratificationRun.objects.create(
        as_of=as_of, rule_version=RULE_SET_VERSION, requested_by=by, stage="Queued"
    )


def _progress(run: StratificationRun, stage: str, percent: int) -> None:
    StratificationRun.objects.filter(pk=run.pk).update(stage=stage, progress_percent=percent)


def _mark_interrupted_runs(keep_id: int) -> None:
    """Runs still 'running' while we hold the engine lock were cut off (a killed worker): their
    transaction never committed, so the day is as it was; say so on the run."""
    cut_off = StratificationRun.objects.filter(status=StratificationRun.Status.RUNNING)
    cut_off.exclude(pk=keep_id).exclude(stage="Queued").update(
        status=StratificationRun.Status.INTERRUPTED,
        stage="Interrupted: nothing was stored",
        finished_at=timezone.now(),
        message="The worker stopped during this run; the next run redid the day.",
    )


def run_stratification(run: StratificationRun) -> StratificationRun:
    """Execute a created run; a finished run is left as it is (a redelivered task is harmless)."""
    if run.is_finished:
        return run
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [ENGINE_LOCK])
        if not cursor.fetchone()[0]:
            _progress(run, WAITING, 0)
            cursor.execute("SELECT pg_advisory_lock(%s)", [ENGINE_LOCK])
    try:
        _mark_interrupted_runs(run.pk)
        _execute(run)
    except Exception as error:  # noqa: BLE001 - recorded on the run, which the user sees
        logger.error("stratification run %s failed: %s", run.pk, type(error).__name__)
        StratificationRun.objects.filter(pk=run.pk).update(
            status=StratificationRun.Status.FAILED,
            stage="Failed: nothing was stored",
            progress_percent=100,
            finished_at=timezone.now(),
            message=f"The stratification stopped on an error ({type(error).__name__}); "
            "nothing was stored.",
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ENGINE_LOCK])
    run.refresh_from_db()
    return run


def _execute(run: StratificationRun) -> None:
    latest = latest_day()
    steps = stratification_statements(
        as_of=run.as_of,
        run_id=run.pk,
        previous=previous_day(run.as_of),
        summarize=latest is None or run.as_of >= latest,
    )
    gather = [sql for stage, sql in steps if stage == "Gathering facts"]
    with connection.cursor() as cursor:
        _progress(run, "Gathering facts", 5)
        for sql in gather:
            cursor.execute(sql)
        _progress(run, "Deciding tiers", 60)
        with transaction.atomic():
            for _stage, sql in steps[len(gather) :]:
                cursor.execute(sql)
            StratificationRun.objects.filter(pk=run.pk).update(
                status=StratificationRun.Status.SUCCEEDED,
                stage="Done",
                progress_percent=100,
                finished_at=timezone.now(),
            )
        cursor.execute(ANALYZE)
