"""Risk stratification, the morning reminders, and the whole night, on the bench's roster.

- stratification: `risk.services.stratify` as the command and the nightly job run it, against
  the very statements it executes (`risk.engine.stratification_statements`) written to a file
  and run by `psql -f` in one session (the eligibility bench's method); risk rows and runs are
  emptied before every timed run, each side runs twice, alternating, and the best time counts;
- reminders: `notifications.reminders.send_reminders` for every member's clocks and tiers, with
  the members spread over REMINDER_CARE_MANAGERS care managers, notifications emptied first;
- the night: the nightly jobs in their order through their Celery tasks (in this process,
  `.apply()`), each recorded by jobs/runner.py: one line per job and the total.

Run alone (`python bench/risk.py`) it uses the roster, clinical data and clocks a previous
`make bench` left in the database; `bench/run.py` calls `run()` after its own steps.
"""

import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__":  # standalone: the same settings and database as bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calaim.settings.test")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/calaim_bench")

STRATIFY_TARGET = 1.3
REMINDERS_LIMIT_S = 10.0
NIGHT_LIMIT_S = 120.0
REMINDER_CARE_MANAGERS = 200
ROUNDS = 2


def _scalar(sql: str, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()[0]


def _execute(*statements: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def reset_stratifications() -> None:
    from bench.roster_import import checkpoint

    _execute(
        "TRUNCATE risk_memberrisk, risk_stratificationrun RESTART IDENTITY CASCADE",
        "UPDATE members_member SET risk_tier = '', risk_score = NULL, risk_rising = FALSE "
        "WHERE risk_tier <> '' OR risk_rising",
        "VACUUM ANALYZE risk_memberrisk",
    )
    checkpoint()


def _plain_sql_script(as_of: datetime.date, run_id: int) -> str:
    from risk.engine import ANALYZE, stratification_statements

    steps = stratification_statements(as_of=as_of, run_id=run_id, previous=None, summarize=True)
    lines, in_transaction = [], False
    for stage, sql in steps:
        if stage != "Gathering facts" and not in_transaction:
            lines.append("BEGIN;")
            in_transaction = True
        lines.append(sql.strip() + ";")
    lines.append(
        f"UPDATE risk_stratificationrun SET status = 'succeeded', stage = 'Done', "
        f"progress_percent = 100, finished_at = now() WHERE id = {run_id};"
    )
    lines += ["COMMIT;", f"{ANALYZE};"]
    return "\n".join(lines) + "\n"


def time_plain_sql(as_of: datetime.date, db: dict) -> float:
    from risk.engine import create_run

    reset_stratifications()
    run = create_run(as_of=as_of)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(_plain_sql_script(as_of, run.pk))
    try:
        args = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", db["host"]]
        args += ["-p", str(db["port"]), "-U", db["user"], "-d", db["dbname"], "-f", script.name]
        env = {**os.environ, "PGPASSWORD": db["password"]} if db["password"] else None
        started = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, text=True, env=env)
        return time.perf_counter() - started
    finally:
        Path(script.name).unlink()


def time_application(as_of: datetime.date):
    from risk import services

    reset_stratifications()
    started = time.perf_counter()
    run = services.stratify(as_of=as_of)
    seconds = time.perf_counter() - started
    if run.status != "succeeded":
        raise RuntimeError(f"stratification failed: {run.message}")
    return seconds, run


def stratification(as_of: datetime.date, db: dict) -> dict:
    members = _scalar("SELECT count(*) FROM members_member")
    print(
        f"\n== risk stratification as of {as_of}: {members:,} members, "
        f"{_scalar('SELECT count(*) FROM eligibility_utilizationevent'):,} utilization rows, "
        f"{_scalar('SELECT count(*) FROM eligibility_diagnosis'):,} diagnoses"
    )
    app_times, sql_times, run = [], [], None
    for _ in range(ROUNDS):
        sql_times.append(time_plain_sql(as_of, db))
        seconds, run = time_application(as_of)
        app_times.append(seconds)
    app_s, sql_s = min(app_times), min(sql_times)
    print(f"  plain SQL in psql -f                  {sql_s:6.2f} s  (tries {_list(sql_times)})")
    print(f"  stratify_risk                         {app_s:6.2f} s  (tries {_list(app_times)})")
    print(
        f"  {run.members_stratified:,} stratified: {run.high_members:,} high, "
        f"{run.medium_members:,} medium, {run.low_members:,} low"
    )
    return {"app_s": app_s, "sql_s": sql_s, "ratio": app_s / sql_s, "members": members}


def spread_over_care_managers(count: int) -> int:
    """Give every member one of `count` bench care managers (round robin), in one UPDATE."""
    from accounts.models import User
    from accounts.roles import Role, role_group

    group = role_group(Role.CARE_MANAGER)
    existing = set(
        User.objects.filter(username__startswith="bench.cm.").values_list("username", flat=True)
    )
    User.objects.bulk_create(
        [
            User(username=f"bench.cm.{n:03d}", first_name="Bench", last_name=f"CM {n:03d}")
            for n in range(count)
            if f"bench.cm.{n:03d}" not in existing
        ]
    )
    ids = list(User.objects.filter(username__startswith="bench.cm.").order_by("username")[:count])
    group.user_set.add(*ids)
    id_list = ", ".join(str(u.pk) for u in ids)
    _execute(
        f"""UPDATE members_member m SET care_manager_id = (ARRAY[{id_list}])[1 + m.id % {count}]
            WHERE care_manager_id IS DISTINCT FROM (ARRAY[{id_list}])[1 + m.id % {count}]""",
        "ANALYZE members_member",
    )
    return len(ids)


def reminders(day: datetime.date) -> dict:
    from careplans.clocks.services import refresh_member_clocks
    from notifications.reminders import send_reminders

    care_managers = spread_over_care_managers(REMINDER_CARE_MANAGERS)
    refresh_member_clocks(member_ids=None, today=day)
    clocks = _scalar("SELECT count(*) FROM careplans_memberclock WHERE due_on <= %s", [day])
    newly = _scalar(
        "SELECT count(*) FROM careplans_memberclock WHERE due_on BETWEEN %s AND %s",
        [day - datetime.timedelta(days=1), day],
    )
    times = []
    for _ in range(ROUNDS):
        _execute("TRUNCATE notifications_notification")
        started = time.perf_counter()
        created = send_reminders(day=day)
        times.append(time.perf_counter() - started)
    started = time.perf_counter()
    again = send_reminders(day=day)
    again_s = time.perf_counter() - started
    members = _scalar("SELECT count(*) FROM members_member")
    print(f"\n== reminders as of {day}: {members:,} members, {care_managers} care managers")
    print(
        f"  reminders, empty centre               {min(times):6.2f} s  ({created:,} created:"
        f" {newly:,} clocks due today or turned overdue of {clocks:,} due or overdue)"
    )
    print(f"  the same morning again                {again_s:6.2f} s  ({again} created)")
    return {"seconds": min(times), "created": created, "again": again, "members": members}


NIGHT = (
    ("eligibility", "eligibility.tasks.nightly_evaluation_task"),
    ("stratification", "risk.tasks.nightly_stratification_task"),
    ("clocks", "careplans.tasks.refresh_all_clocks_task"),
    ("reminders", "notifications.tasks.send_reminders_task"),
)


def night() -> dict:
    """Tonight's jobs as beat sends them, one after another; today's results emptied first."""
    from django.utils import timezone

    from calaim.celery import app
    from jobs.models import JobRun

    today = timezone.localdate()
    _execute(
        f"DELETE FROM eligibility_evaluationrun WHERE as_of = DATE '{today.isoformat()}'",
        f"DELETE FROM risk_stratificationrun WHERE as_of = DATE '{today.isoformat()}'",
        f"DELETE FROM notifications_notification WHERE day = DATE '{today.isoformat()}'",
    )
    app.loader.import_default_modules()
    print(f"\n== the night of {today}")
    total, lines = 0.0, []
    for job, task in NIGHT:
        started = time.perf_counter()
        app.tasks[task].apply().get()
        seconds = time.perf_counter() - started
        total += seconds
        run = JobRun.objects.filter(job=job).order_by("-started_at").first()
        print(f"  {job:<15} {seconds:7.2f} s  {run.status:<10} rows {run.rows or 0:>9,}")
        lines.append((job, seconds, run.status))
    print(f"  {'total':<15} {total:7.2f} s")
    return {"total_s": total, "jobs": lines}


def _list(times: list[float]) -> str:
    return ", ".join(f"{t:.2f} s" for t in times)


def run(*, db: dict, as_of: datetime.date) -> dict:
    """BENCH_NIGHT=0 leaves out the whole night (it re-runs the eligibility evaluation)."""
    result = {"stratification": stratification(as_of, db), "reminders": reminders(as_of)}
    if os.environ.get("BENCH_NIGHT", "1") != "0":
        result["night"] = night()
    return result


def summary(result: dict) -> list[tuple[str, bool, str]]:
    st, rem, nt = result["stratification"], result["reminders"], result.get("night")
    lines = [
        (
            f"stratification <= {STRATIFY_TARGET:g}x plain SQL ({st['members']:,} members)",
            st["ratio"] <= STRATIFY_TARGET,
            f"{st['app_s']:.2f} s vs {st['sql_s']:.2f} s = {st['ratio']:.2f}x",
        ),
        (
            f"reminders < {REMINDERS_LIMIT_S:g} s ({rem['members']:,} members, "
            f"{REMINDER_CARE_MANAGERS} care managers)",
            rem["seconds"] < REMINDERS_LIMIT_S and rem["again"] == 0,
            f"{rem['seconds']:.2f} s, {rem['created']:,} reminders, rerun created {rem['again']}",
        ),
    ]
    if nt is not None:
        lines.append(
            (
                f"whole night < {NIGHT_LIMIT_S:g} s",
                nt["total_s"] < NIGHT_LIMIT_S and all(s == "succeeded" for *_, s in nt["jobs"]),
                f"{nt['total_s']:.2f} s",
            )
        )
    return lines


def main() -> int:
    from bench.run import db_params, setup_django

    params = db_params(os.environ["DATABASE_URL"])
    setup_django(params)
    as_of = datetime.date.fromisoformat(os.environ.get("BENCH_AS_OF") or "2026-09-30")
    if not _scalar("SELECT count(*) FROM members_member"):
        print("no roster in the database: run `make bench` (bench/run.py) first")
        return 1
    result = run(db=params, as_of=as_of)
    for label, ok, detail in summary(result):
        print(f"  {'PASS' if ok else 'FAIL'}  {label}: {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
