"""check_cs_requests on the bench's roster: BENCH_CS_REQUESTS requests (default 100,000) against
BENCH_CS_AUTHORIZATIONS prior authorizations (default 1,000,000) spread over the members.

The application (`referrals.imports.check_cs_requests`: stage and check the file, then the limit
check's one COPY) is timed against the same work as plain SQL run by `psql -f` in one session: a
COPY of the file into a table, then the very check statement (referrals.limits.check_sql) copied
out. Each side runs twice, alternating; the best time counts. Target: at most 1.3x and under 60 s.
The application runs its check statement without JIT (referrals.imports); so that this is no
edge, plain SQL is timed with the server's JIT setting and with JIT off, and the ratio is taken
against the faster of the two.

Run alone (`python bench/community_supports.py`) it uses the members a previous `make bench`
left in the database; `bench/run.py` calls `run()` after its own steps.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calaim.settings.test")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/calaim_bench")

TARGET_RATIO = 1.3
LIMIT_S = 60.0
ROUNDS = 2
OUT_DIR = Path(__file__).resolve().parent / "out"


def _execute(sql: str, params=None) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def prepare(authorizations: int, requests: int) -> Path:
    """Offerings everywhere, `authorizations` prior ones (set-based), a requests file."""
    from django.db import connection

    from referrals import catalog

    _execute("TRUNCATE referrals_csauthorization, referrals_csoffering RESTART IDENTITY CASCADE")
    _execute(
        "INSERT INTO referrals_csoffering (county, service, effective_from, created_at, updated_at)"
        " SELECT c.county, s.code, DATE '2024-01-01', now(), now()"
        " FROM (SELECT DISTINCT county FROM members_member) c, unnest(%s::text[]) AS s(code)",
        [list(catalog.CODES)],
    )
    codes = list(catalog.CODES)
    _execute(
        """INSERT INTO referrals_csauthorization (member_id, service, start_date, end_date, units,
               amount_usd, status, source_id, override_reason, created_at, updated_at)
           WITH ids AS (SELECT array_agg(id ORDER BY id) AS a FROM members_member)
           SELECT ids.a[1 + (g * 7919) %% cardinality(ids.a)], (%(codes)s::text[])[1 + (g %% 15)],
                  d.s, d.s + (g %% 60)::int, 1 + g %% 40, (g %% 900)::numeric + 0.25,
                  CASE WHEN g %% 23 = 0 THEN 'cancelled' ELSE 'authorized' END, 'B' || g,
                  '', now(), now()
           FROM ids, generate_series(1::bigint, %(n)s) g,
           LATERAL (SELECT DATE '2024-01-01' + ((g * 37) %% 900)::int AS s) d""",
        {"codes": codes, "n": authorizations},
    )
    _execute("ANALYZE referrals_csauthorization")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"cs_requests_{requests}.csv"
    with connection.cursor() as cursor, path.open("wb") as handle:
        handle.write(b"request_id,cin,service,start_date,end_date,units,amount_usd\n")
        copy = f"""COPY (SELECT 'R' || g, m.cin, (ARRAY[{", ".join(f"'{c}'" for c in codes)}])
                          [1 + g % 15], DATE '2026-01-01' + (g % 300)::int,
                          DATE '2026-01-01' + (g % 300 + g % 100)::int, g % 50, (g % 2000) || '.50'
                   FROM generate_series(1::bigint, {requests}) g
                   JOIN members_member m ON m.id = (SELECT min(id) FROM members_member)
                        + (g * 104729) % (SELECT count(*) FROM members_member))
                   TO STDOUT WITH (FORMAT csv)"""
        with cursor.cursor.copy(copy) as stream:
            for chunk in stream:
                handle.write(chunk)
    return path


def _plain_script(path: Path, out: Path) -> str:
    from referrals.limits import check_sql

    requests = """SELECT n.ord, m.id AS member_id, n.service, n.start_date AS s,
                         n.end_date AS e, n.units AS units, n.amount_usd AS amount,
                         NULL::bigint AS exclude_id, n.request_id, n.cin
                  FROM req n JOIN members_member m ON m.cin = n.cin"""
    statement = (
        check_sql(requests)
        .replace("%%", "%")
        .replace("SELECT f.ord,", "SELECT f.ord, f.request_id, f.cin, f.service AS requested,", 1)
    )
    query = " ".join(
        f"SELECT c.request_id, c.cin, c.requested AS service, c.result, c.limit_code AS limit, "
        f"c.detail "
        f"FROM ({statement}) c ORDER BY c.ord".split()
    )
    return "\n".join([
        "CREATE TEMP TABLE req (request_id text, cin text, service text, start_date date,"
        " end_date date, units bigint, amount_usd numeric, ord bigserial);",
        f"\\copy req (request_id, cin, service, start_date, end_date, units, amount_usd) "
        f"FROM '{path}' WITH (FORMAT csv, HEADER true)",
        f"\\copy ({query}) TO '{out}' WITH (FORMAT csv, HEADER true)",
    ]) + "\n"  # fmt: skip


def time_plain(path: Path, db: dict, *, jit: bool = True) -> float:
    out = OUT_DIR / "cs_checks_psql.csv"
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(_plain_script(path, out))
    try:
        args = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", db["host"]]
        args += ["-p", str(db["port"]), "-U", db["user"], "-d", db["dbname"], "-f", script.name]
        env = {**os.environ, **({"PGPASSWORD": db["password"]} if db["password"] else {})}
        if not jit:
            env["PGOPTIONS"] = "-c jit=off"
        started = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, text=True, env=env)
        return time.perf_counter() - started
    finally:
        Path(script.name).unlink()


def time_application(path: Path) -> float:
    from referrals.imports import check_cs_requests

    started = time.perf_counter()
    check_cs_requests(path, OUT_DIR / "cs_checks.csv")
    return time.perf_counter() - started


def run(*, db: dict) -> dict:
    authorizations = int(os.environ.get("BENCH_CS_AUTHORIZATIONS") or 1_000_000)
    requests = int(os.environ.get("BENCH_CS_REQUESTS") or 100_000)
    print(f"\n== check_cs_requests: {requests:,} requests, {authorizations:,} authorizations")
    path = prepare(authorizations, requests)
    app, plain, plain_no_jit = [], [], []
    for _ in range(ROUNDS):
        plain.append(time_plain(path, db))
        plain_no_jit.append(time_plain(path, db, jit=False))
        app.append(time_application(path))
    same = (OUT_DIR / "cs_checks.csv").read_text() == (OUT_DIR / "cs_checks_psql.csv").read_text()
    print(f"  plain SQL in psql -f    {min(plain):6.2f} s  (tries {plain})")
    print(f"  the same, JIT off       {min(plain_no_jit):6.2f} s  (tries {plain_no_jit})")
    print(f"  check_cs_requests       {min(app):6.2f} s  (tries {app}); same output: {same}")
    return {"app_s": min(app), "sql_s": min(plain + plain_no_jit), "requests": requests,
            "same": same, "authorizations": authorizations}  # fmt: skip


def summary(result: dict) -> list[tuple[str, bool, str]]:
    ratio = result["app_s"] / result["sql_s"]
    return [(
        f"check_cs_requests <= {TARGET_RATIO:g}x plain SQL and < {LIMIT_S:g} s "
        f"({result['requests']:,} requests, {result['authorizations']:,} authorizations)",
        ratio <= TARGET_RATIO and result["app_s"] < LIMIT_S and result["same"],
        f"{result['app_s']:.2f} s vs {result['sql_s']:.2f} s (faster plain run) = {ratio:.2f}x",
    )]  # fmt: skip


if __name__ == "__main__":
    import django

    from bench.run import db_params

    django.setup()
    result = run(db=db_params(os.environ["DATABASE_URL"]))
    for label, ok, detail in summary(result):
        print(f"  {'PASS' if ok else 'FAIL'}  {label}: {detail}")
