"""`make bench`: imports against a raw COPY, the caseload page, the eligibility evaluation, risk
stratification, the morning reminders and the whole night (bench/risk.py), and the CBO
workspace list with guardian grants (bench/cbo_scope.py).

Run from the repo root: `python bench/run.py`. Sizes come from the environment:

    BENCH_MEMBERS    members in the synthetic roster (default 300000)
    BENCH_REQUESTS   timed caseload requests per caseload size (default 200)
    BENCH_SEED       seed for the synthetic files (default 1)
    BENCH_AS_OF      the day the files end and the evaluation is run as of (default 2026-09-30)
    BENCH_PROFILE=1  also time every statement of the import with EXPLAIN ANALYZE

The database named by DATABASE_URL (default calaim_bench) is created when missing, migrated, and
its members are truncated before each run. Generated files go to bench/out/ (git-ignored). The
numbers are a report: a missed target prints FAIL and still exits 0; a crash exits non-zero.
"""

import datetime
import os
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calaim.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/calaim_bench")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def db_params(url: str) -> dict:
    """Connection parameters of a postgres:// URL, for psql and for creating the database."""
    parts = urlsplit(url)
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": unquote(parts.username or "postgres"),
        "password": unquote(parts.password or ""),
        "dbname": unquote(parts.path.lstrip("/")) or "calaim_bench",
    }


def ensure_database(params: dict) -> None:
    import psycopg
    from psycopg import sql

    admin = {**params, "dbname": "postgres"}
    if not admin["password"]:
        del admin["password"]
    with psycopg.connect(**admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [params["dbname"]]
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(params["dbname"])))
            print(f"created database {params['dbname']}")


def setup_django(params: dict) -> None:
    import django
    from django.core.management import call_command

    ensure_database(params)
    django.setup()
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"database {params['dbname']} migrated ({time.perf_counter() - started:.1f} s)")


def synthetic_roster(members: int, seed: int, as_of: datetime.date) -> Path:
    """The synthetic members.csv (with diagnoses.csv and utilization.csv beside it) for this
    size, seed and day, written once and reused."""
    import members.synthetic as synthetic

    out_dir = OUT_DIR / f"synthetic-{members}-seed{seed}-{as_of.isoformat()}"
    path = out_dir / "members.csv"
    stamp = out_dir / ".complete"
    newest_source = max(
        p.stat().st_mtime for p in Path(synthetic.__file__).parent.glob("synthetic*.py")
    )
    if path.exists() and stamp.exists() and stamp.stat().st_mtime >= newest_source:
        print(f"reusing {path.relative_to(ROOT)}")
        return path
    stamp.unlink(missing_ok=True)
    started = time.perf_counter()
    synthetic.write_synthetic_files(members=members, out_dir=out_dir, seed=seed, as_of=as_of)
    if not path.exists():
        raise SystemExit(f"write_synthetic_files wrote no {path}")
    stamp.touch()
    print(f"generated {path.relative_to(ROOT)} in {time.perf_counter() - started:.1f} s")
    return path


def summary(roster: dict, caseload: dict) -> list[tuple[str, bool, str]]:
    from bench.floor import floor_verdict

    counts = caseload["query_counts"]
    sizes = "/".join(str(c["size"]) for c in counts)
    gets = "/".join(str(c["get"]) for c in counts)
    posts = "/".join(str(c["post"]) for c in counts)
    equal = len({c["get"] for c in counts}) == 1 and len({c["post"] for c in counts}) == 1
    p95 = max(row["p95_ms"] for row in caseload["latency"])
    return [
        floor_verdict(
            f"roster import of {roster['rows']:,} (all created)",
            roster["first_s"],
            roster["floor"],
            roster["copy_s"],
        ),
        floor_verdict(
            "roster re-import (same file, all unchanged)",
            roster["second_s"],
            roster["floor"],
            roster["copy_s"],
        ),
        (f"caseload query counts equal at {sizes}", equal, f"GET {gets}, POST search {posts}"),
        (
            f"caseload p95 < {caseload['target_p95_ms']:g} ms "
            f"({caseload['stored']:,} members stored)",
            p95 < caseload["target_p95_ms"],
            f"worst p95 {p95:.1f} ms",
        ),
    ]


def main() -> int:
    members = env_int("BENCH_MEMBERS", 300_000)
    requests = env_int("BENCH_REQUESTS", 200)
    seed = env_int("BENCH_SEED", 1)
    as_of = datetime.date.fromisoformat(os.environ.get("BENCH_AS_OF") or "2026-09-30")
    params = db_params(os.environ["DATABASE_URL"])
    print(f"== bench: {members:,} members, {requests} requests per caseload size, seed {seed}")
    setup_django(params)

    from bench import (
        caseload,
        cbo_scope,
        clocks,
        community_supports,
        eligibility,
        risk,
        roster_import,
    )

    path = synthetic_roster(members, seed, as_of)
    roster = roster_import.run(path=path, db=params, profile=os.environ.get("BENCH_PROFILE") == "1")
    load = caseload.run(members=roster["rows"], requests=requests)
    clinical = eligibility.run(out_dir=path.parent, db=params, as_of=as_of)
    clocks.run()
    nightly = risk.run(db=params, as_of=as_of)
    cbo = cbo_scope.run(members=members, requests=requests)
    supports = community_supports.run(db=params)

    print(f"\n== summary (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    results = summary(roster, load) + eligibility.summary(clinical) + risk.summary(nightly)
    results += cbo_scope.summary(cbo) + community_supports.summary(supports)
    for label, ok, detail in results:
        print(f"  {'PASS' if ok else 'FAIL'}  {label}: {detail}")
    failed = sum(not ok for _, ok, _ in results)
    print(f"  {len(results) - failed} passed, {failed} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
