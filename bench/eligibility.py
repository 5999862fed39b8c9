"""Clinical-data imports and a full eligibility evaluation, each against its plain baseline.

- utilization.csv and diagnoses.csv: the real imports (`eligibility.imports`) against psql's
  `\\copy` of the same file into an UNLOGGED all-text table (the roster bench's baseline);
- evaluation: `eligibility.services.evaluate_eligibility` as the command and the nightly task
  run it, against the very SQL statements it executes (`evaluation.evaluation_statements`)
  written to a file and run by `psql -f` in one session: what the application adds on top of
  the SQL is the difference. Before every timed evaluation the determinations, runs and
  enrollments are emptied, so each side does a first evaluation (every eligible member new and
  identified); each side runs twice, alternating, and the best time counts.
"""

import datetime
import os
import subprocess
import tempfile
import time
from pathlib import Path

from django.db import connection

from bench.floor import floor_note, print_floor, storage_floor
from bench.roster_import import _psql, checkpoint, copy_baseline

IMPORT_TARGET = 3.0
EVALUATION_TARGET = 1.3
EVALUATION_LIMIT_S = 60.0
ROUNDS = 2


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return f.readline().strip().split(",")


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


def timed_clinical_import(kind: str, path: Path) -> tuple[float, object]:
    from eligibility.imports import import_diagnoses, import_utilization

    importer = {"diagnoses": import_diagnoses, "utilization": import_utilization}[kind]
    checkpoint()
    started = time.perf_counter()
    result = importer(path, max_bytes=path.stat().st_size + 1, on_stage=lambda *_: None)
    return time.perf_counter() - started, result


TABLES = {"diagnoses": "eligibility_diagnosis", "utilization": "eligibility_utilizationevent"}


def clinical_import(kind: str, path: Path, db: dict) -> dict:
    copy_s, rows = min(copy_baseline(path, _header(path), db) for _ in range(2))
    first_s, first = timed_clinical_import(kind, path)
    second_s, second = timed_clinical_import(kind, path)
    print(f"\n== {kind} import: {rows:,} rows, {path.stat().st_size / 1e6:.0f} MB")
    print(f"  psql \\copy, UNLOGGED all-text table   {copy_s:6.2f} s")
    print(
        f"  import (empty table)                  {first_s:6.2f} s  = {first_s / copy_s:.2f}x"
        f" copy: created {first.created:,}"
    )
    print(
        f"  re-import (same file)                 {second_s:6.2f} s  = {second_s / copy_s:.2f}x"
        f" copy: unchanged {second.unchanged:,}"
    )
    floor = storage_floor(TABLES[kind], ("member_id", "source_id"), db)
    print_floor(floor, copy_s, label_width=37)
    return {
        "rows": rows,
        "copy_s": copy_s,
        "first_s": first_s,
        "first_ratio": first_s / copy_s,
        "second_s": second_s,
        "second_ratio": second_s / copy_s,
        "floor": floor,
    }


def reset_evaluations() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE eligibility_determination, eligibility_determinationreview, "
            "eligibility_enrollmenttransition, eligibility_programenrollment, "
            "eligibility_evaluationrun RESTART IDENTITY CASCADE"
        )
        cursor.execute("VACUUM ANALYZE eligibility_determination")
    checkpoint()


def time_application(as_of: datetime.date) -> tuple[float, object]:
    from eligibility import services

    reset_evaluations()
    started = time.perf_counter()
    run = services.evaluate_eligibility(as_of=as_of)
    seconds = time.perf_counter() - started
    if run.status != "succeeded":
        raise RuntimeError(f"evaluation failed: {run.message}")
    return seconds, run


def plain_sql_script(as_of: datetime.date, run_id: int) -> str:
    """The engine's statements as one psql script; deciding onwards in one transaction."""
    from eligibility.evaluation import evaluation_statements

    steps = evaluation_statements(
        as_of=as_of, run_id=run_id, previous_run_id=None, becomes_current=True
    )
    lines = []
    in_transaction = False
    for stage, sql in steps:
        if stage != "Gathering facts" and not in_transaction:
            lines.append("BEGIN;")
            in_transaction = True
        lines.append(sql.strip() + ";")
    lines.append(
        f"UPDATE eligibility_evaluationrun SET status = 'succeeded', stage = 'Done', "
        f"progress_percent = 100, finished_at = now() WHERE id = {run_id};"
    )
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"


def time_plain_sql(as_of: datetime.date, db: dict) -> float:
    from eligibility.evaluation import create_run

    reset_evaluations()
    run = create_run(as_of=as_of)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(plain_sql_script(as_of, run.pk))
    try:
        args = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", db["host"]]
        args += ["-p", str(db["port"]), "-U", db["user"], "-d", db["dbname"], "-f", script.name]
        env = {**os.environ, "PGPASSWORD": db["password"]} if db["password"] else None
        started = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, text=True, env=env)
        return time.perf_counter() - started
    finally:
        Path(script.name).unlink()


def evaluation(as_of: datetime.date, db: dict) -> dict:
    members = _count("members_member")
    print(
        f"\n== eligibility evaluation as of {as_of}: {members:,} members, "
        f"{_count('eligibility_utilizationevent'):,} utilization rows, "
        f"{_count('eligibility_diagnosis'):,} diagnoses"
    )
    app_times, sql_times, run = [], [], None
    for _ in range(ROUNDS):
        sql_times.append(time_plain_sql(as_of, db))
        seconds, run = time_application(as_of)
        app_times.append(seconds)
    app_s, sql_s = min(app_times), min(sql_times)
    print(f"  plain SQL in psql -f                  {sql_s:6.2f} s  (tries {_list(sql_times)})")
    print(f"  evaluate_eligibility                  {app_s:6.2f} s  (tries {_list(app_times)})")
    print(
        f"  {run.members_evaluated:,} members evaluated, {run.eligible_members:,} eligible, "
        f"{_count('eligibility_determination'):,} determinations, "
        f"{_count('eligibility_programenrollment'):,} identified"
    )
    _psql(db, "SELECT 1")
    return {"app_s": app_s, "sql_s": sql_s, "ratio": app_s / sql_s, "members": members}


def _list(times: list[float]) -> str:
    return ", ".join(f"{t:.2f} s" for t in times)


def run(*, out_dir: Path, db: dict, as_of: datetime.date) -> dict:
    """Needs the roster of `out_dir` loaded (the roster bench leaves it so)."""
    diagnoses = clinical_import("diagnoses", out_dir / "diagnoses.csv", db)
    utilization = clinical_import("utilization", out_dir / "utilization.csv", db)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE eligibility_diagnosis, eligibility_utilizationevent")
    return {
        "diagnoses": diagnoses,
        "utilization": utilization,
        "evaluation": evaluation(as_of, db),
    }


def summary(result: dict) -> list[tuple[str, bool, str]]:
    util, ev = result["utilization"], result["evaluation"]
    return [
        (
            f"utilization import of {util['rows']:,} rows <= {IMPORT_TARGET:g}x \\copy",
            util["first_ratio"] <= IMPORT_TARGET,
            f"{util['first_s']:.2f} s vs {util['copy_s']:.2f} s = {util['first_ratio']:.2f}x"
            f" (re-import {util['second_ratio']:.2f}x)" + floor_note(util["floor"], util["copy_s"]),
        ),
        (
            f"evaluation <= {EVALUATION_TARGET:g}x plain SQL ({ev['members']:,} members)",
            ev["ratio"] <= EVALUATION_TARGET,
            f"{ev['app_s']:.2f} s vs {ev['sql_s']:.2f} s = {ev['ratio']:.2f}x",
        ),
        (
            f"evaluation < {EVALUATION_LIMIT_S:g} s",
            ev["app_s"] < EVALUATION_LIMIT_S,
            f"{ev['app_s']:.2f} s",
        ),
    ]
