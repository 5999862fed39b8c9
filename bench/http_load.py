"""`make bench-http`: an HTTP load test of the portal against gunicorn with the production
settings, beside the framework's floor, in the same run.

A logged-in care manager with a caseload of 60 repeats a journey over their members: the caseload
page, an htmx search, the member page and its five htmx sections (eligibility, assessments, care
plan, due dates, contacts and timeline), the task list and a contact save. Beside it, the floor:
`/bench/floor/` (bench/http_urls.py, only in bench/http_settings.py), a minimal authenticated view
through the same middleware (session, user, roles, one query, a tiny template). wrk (Debian's
package, installed by scripts/install_system_packages.sh) drives both over loopback.

Sizes and knobs from the environment:

    BENCH_MEMBERS        members stored (default 300000; generated and imported when fewer)
    BENCH_HTTP_SECONDS   seconds per measurement (default 20), split over the rounds
    BENCH_HTTP_ROUNDS    rounds (default 4): each round measures every row for its share of
                         the seconds, so a slow spell of a shared VM falls on every row alike
    BENCH_HTTP_CONNECTIONS  concurrent connections (default 32)
    BENCH_HTTP_WORKERS   gunicorn sync workers (default 4)
    BENCH_HTTP_PORT      port on 127.0.0.1 (default 8014)

Goal (issue 14): the mix at >= 50% of the floor's requests per second, p95 < 300 ms, 0 errors.
Prints FAIL for a missed goal and still exits 0; a crash exits non-zero.
"""

import datetime
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CASELOAD = 60
# The member page's htmx sections (templates/members/member_detail.html), loaded as it does.
SECTIONS = (
    "eligibility:member_section",
    "careplans:member_assessments",
    "careplans:care_plan",
    "careplans:member_clocks",
    "careplans:member_contacts",
)
BENCH_USER = "bench.http"
TARGET_RATIO, TARGET_P95_MS = 0.5, 300.0
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.http_settings",
    # The bench's own key: the sessions it makes are only valid on the bench's own server.
    "SECRET_KEY": "bench-http-only-" + "k" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "False",
    "SECURE_COOKIES": "False",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def prepare_database(members: int) -> None:
    """Migrate, and generate + import the synthetic roster and clinical files when fewer members
    are stored than asked (through the portal's own imports, which ANALYZE what they wrote)."""
    from django.core.management import call_command

    from bench.run import db_params, ensure_database

    ensure_database(db_params(os.environ["DATABASE_URL"]))
    import django

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from members.models import Member

    stored = Member.objects.count()
    if stored >= members:
        print(f"{stored:,} members stored")
        return
    from bench.run import synthetic_roster
    from eligibility.services import import_clinical_file
    from members.services import import_roster_file

    as_of = datetime.date(2026, 9, 30)
    path = synthetic_roster(members, 1, as_of)
    started = time.perf_counter()
    import_roster_file(path=path)
    for kind in ("diagnoses", "utilization"):
        import_clinical_file(kind=kind, path=path.parent / f"{kind}.csv")
    print(f"imported {Member.objects.count():,} members in {time.perf_counter() - started:.0f} s")


def care_manager_with_caseload():
    """The measured care manager, with exactly CASELOAD members, their clocks and an evaluation."""
    from django.contrib.auth.models import Group
    from django.db import connection

    from accounts.models import Organization, User
    from accounts.roles import Role
    from careplans.clocks.services import refresh_member_clocks
    from eligibility.evaluation import current_run
    from eligibility.services import evaluate_eligibility
    from members.models import Member

    org, _ = Organization.objects.get_or_create(
        name="Bench Health Plan", defaults={"kind": Organization.Kind.PLAN}
    )
    user, _ = User.objects.update_or_create(
        username=BENCH_USER,
        defaults={"first_name": "Bench", "last_name": "Http", "organization": org},
    )
    user.groups.set([Group.objects.get(name=Role.CARE_MANAGER)])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE members_member SET care_manager_id = NULL WHERE care_manager_id = %s",
            [user.pk],
        )
        cursor.execute(
            "UPDATE members_member SET care_manager_id = %s WHERE id IN ("
            " SELECT id FROM members_member WHERE care_manager_id IS NULL"
            " AND enrollment_end IS NULL ORDER BY id LIMIT %s)",
            [user.pk, CASELOAD],
        )
        cursor.execute("ANALYZE members_member")
    member_ids = list(Member.objects.filter(care_manager=user).values_list("pk", flat=True))
    refresh_member_clocks(member_ids=member_ids)
    if current_run() is None:
        started = time.perf_counter()
        evaluate_eligibility(as_of=datetime.date.today() - datetime.timedelta(days=1))
        print(f"evaluated every member in {time.perf_counter() - started:.0f} s")
    return user, member_ids


def _authenticator_app(user):
    """The bench user's confirmed authenticator app (people enroll in the portal)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Bench app", confirmed=True)


def logged_in_cookie(user) -> tuple[str, str]:
    """A session for `user` made the way login makes one, and a CSRF secret."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.UserWithRolesBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = _authenticator_app(user).persistent_id  # second factor
    session.create()
    csrf = secrets.token_hex(16)
    return f"sessionid={session.session_key}; csrftoken={csrf}", csrf


def journey(member_ids: list[int]) -> list[dict]:
    """One pass over the caseload: for each member, the requests a care manager makes."""
    from django.urls import reverse

    from members.models import Member

    yesterday = (datetime.datetime.now() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT10:00")
    contact = urllib.parse.urlencode(
        {
            "kind": "outreach",
            "occurred_at": yesterday,
            "mode": "phone",
            "reached": "nobody",
            "outcome": "no_answer",
            "duration_minutes": "5",
            "note": "Bench: no answer.",
        }
    )
    names = dict(Member.objects.filter(pk__in=member_ids).values_list("pk", "last_name"))
    steps = []
    for member_id in member_ids:
        ids = {"member_id": member_id}
        search = urllib.parse.urlencode({"q": names[member_id][:3]})
        steps += [
            {"method": "GET", "path": reverse("members:caseload")},
            {"method": "POST", "path": reverse("members:caseload"), "body": search, "hx": 1},
            {"method": "GET", "path": reverse("members:detail", kwargs=ids)},
            *(
                {"method": "GET", "path": reverse(name, kwargs=ids), "hx": 1}
                for name in SECTIONS
            ),
            {"method": "GET", "path": reverse("careplans:tasks")},
            {"method": "POST", "path": reverse("careplans:member_contact_create", kwargs=ids),
             "body": contact, "hx": 1},
        ]  # fmt: skip
    return steps


LUA = r"""
local steps = %(steps)s
local cookie, csrf = %(cookie)s, %(csrf)s
local position = 0
local thread_count = 0
function setup(thread)
  thread:set("offset", thread_count * 7)
  thread_count = thread_count + 1
end
function init(args)
  position = offset or 0
end
function request()
  position = position %% #steps + 1
  local step = steps[position]
  local headers = {["Cookie"] = cookie, ["X-CSRFToken"] = csrf}
  if step.hx then headers["HX-Request"] = "true" end
  if step.body then headers["Content-Type"] = "application/x-www-form-urlencoded" end
  return wrk.format(step.method, step.path, headers, step.body)
end
function done(summary, latency, requests)
  io.write(string.format(
    'BENCH_JSON {"requests": %%d, "duration_us": %%d, "status_errors": %%d, ' ..
    '"socket_errors": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "max_us": %%d}\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string literal for these ASCII values


def lua_script(steps: list[dict], cookie: str, csrf: str, path: Path) -> Path:
    rows = []
    for step in steps:
        fields = [f"method = {lua_string(step['method'])}", f"path = {lua_string(step['path'])}"]
        if step.get("body"):
            fields.append(f"body = {lua_string(step['body'])}")
        if step.get("hx"):
            fields.append("hx = true")
        rows.append("{" + ", ".join(fields) + "}")
    path.write_text(
        LUA
        % {
            "steps": "{\n" + ",\n".join(rows) + "\n}",
            "cookie": lua_string(cookie),
            "csrf": lua_string(csrf),
        }
    )
    return path


def start_gunicorn(port: int, workers: int, log: Path) -> subprocess.Popen:
    """gunicorn with the production settings (plus the floor's URL), its output to `log`."""
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "calaim.wsgi",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", "sync",
        "--log-level", "warning",
    ]  # fmt: skip
    with log.open("wb") as output:
        server = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **SERVER_ENV}, stdout=output, stderr=output
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=20)
            return server
        except OSError:  # refused while it starts, or slow on a busy machine
            time.sleep(0.5)
    stop(server)
    raise SystemExit(f"gunicorn did not answer within 120 s:\n{log.read_text()[-2000:]}")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def worker_cpu_seconds(server: subprocess.Popen) -> float:
    """User + system CPU of gunicorn's workers so far (Linux /proc)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def smoke(port: int, steps: list[dict], cookie: str, csrf: str) -> None:
    """One request of each kind must answer 200 (a redirect to the login page would be a lie)."""
    opener = urllib.request.build_opener(NoRedirect)
    for step in steps:
        headers = {"Cookie": cookie, "X-CSRFToken": csrf}
        if step.get("hx"):
            headers["HX-Request"] = "true"
        data = step.get("body", "").encode() or None
        if data:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{step['path']}", data=data, headers=headers,
            method=step["method"],
        )  # fmt: skip
        try:
            status = opener.open(request, timeout=30).status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            raise SystemExit(f"{step['method']} {step['path']} answered {status}, not 200")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wrk(port: int, script: Path, path: str, *, seconds: int, connections: int) -> dict:
    command = [
        "wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "5s",
        "-s", str(script), f"http://127.0.0.1:{port}{path}",
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("BENCH_JSON "))
    result = json.loads(line.removeprefix("BENCH_JSON "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = result["status_errors"] + result["socket_errors"]
    return result


def measure_rounds(server, port, rows: dict, *, seconds, rounds, connections) -> dict:
    """Every row (name: (script, path)) measured in `rounds` interleaved rounds.

    On a shared VM the machine's speed drifts by minutes (steal time); measuring the floor's 20 s
    and then the mix's 20 s once let one slow spell decide the share. Rounds give each row the
    same spells. Requests and CPU add up over the rounds; latency percentiles are the median of
    the rounds' own; `shares` keeps each round's mix/floor share."""
    each = max(seconds // rounds, 3)
    for script, path in rows.values():
        wrk(port, script, path, seconds=3, connections=connections)  # warm-up, not reported
    runs: dict[str, list[dict]] = {name: [] for name in rows}
    for _ in range(rounds):
        for name, (script, path) in rows.items():
            cpu = worker_cpu_seconds(server)
            result = wrk(port, script, path, seconds=each, connections=connections)
            result["cpu"] = worker_cpu_seconds(server) - cpu
            runs[name].append(result)
    combined = {name: combined_rounds(results) for name, results in runs.items()}
    if "mix" in runs and "floor" in runs:
        combined["mix"]["shares"] = [
            mix["rps"] / floor["rps"] for mix, floor in zip(runs["mix"], runs["floor"], strict=True)
        ]
    return combined


def combined_rounds(results: list[dict]) -> dict:
    """One row from its rounds: totals for counts and time, the median round for latencies."""
    requests = sum(r["requests"] for r in results)
    duration = sum(r["duration_us"] for r in results)
    combined = {
        key: sum(r[key] for r in results)
        for key in ("requests", "duration_us", "status_errors", "socket_errors", "errors")
    }
    for key in ("p50_us", "p95_us", "p99_us"):
        combined[key] = statistics.median(r[key] for r in results)
    combined["max_us"] = max(r["max_us"] for r in results)
    combined["rps"] = requests / (duration / 1e6)
    combined["cpu_ms_per_request"] = sum(r["cpu"] for r in results) * 1000 / max(requests, 1)
    return combined


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)
    os.environ.update(SERVER_ENV)
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/calaim_bench")
    members = env_int("BENCH_MEMBERS", 300_000)
    seconds = env_int("BENCH_HTTP_SECONDS", 20)
    rounds = env_int("BENCH_HTTP_ROUNDS", 4)
    connections = env_int("BENCH_HTTP_CONNECTIONS", 32)
    workers = env_int("BENCH_HTTP_WORKERS", 4)
    port = env_int("BENCH_HTTP_PORT", 8014)
    print(f"== HTTP load test: {members:,} members, caseload {CASELOAD}, {connections} "
          f"connections, {workers} gunicorn workers, {seconds} s a row "
          f"in {rounds} rounds")  # fmt: skip
    prepare_database(members)
    from django.core.management import call_command
    from django.db import connection

    call_command("collectstatic", interactive=False, verbosity=0)
    user, member_ids = care_manager_with_caseload()
    cookie, csrf = logged_in_cookie(user)
    steps = journey(member_ids)
    from bench.http_replay import record, statements_per_step

    replay_steps = record(steps, cookie, csrf)
    print(f"recorded the journey's SQL: {statements_per_step():.1f} statements per step "
          "(beyond the middleware's)")  # fmt: skip
    connection.close()
    with tempfile.TemporaryDirectory(prefix="calaim-http-") as folder:
        script = lua_script(steps, cookie, csrf, Path(folder) / "journey.lua")
        floor = [{"method": "GET", "path": "/bench/floor/"}]
        floor_script = lua_script(floor, cookie, csrf, Path(folder) / "floor.lua")
        door = [{"method": "GET", "path": f"/bench/floor/member/{m}/"} for m in member_ids]
        door_script = lua_script(door, cookie, csrf, Path(folder) / "door.lua")
        replay_script = lua_script(replay_steps, cookie, csrf, Path(folder) / "replay.lua")
        log = ROOT / "bench" / "out" / "http-gunicorn.log"  # kept: it explains any error counted
        log.parent.mkdir(parents=True, exist_ok=True)
        server = start_gunicorn(port, workers, log)
        try:
            smoke(port, steps[:10] + door[:1] + replay_steps[:10], cookie, csrf)
            measured = measure_rounds(
                server, port,
                {"floor": (floor_script, "/bench/floor/"), "door": (door_script, "/"),
                 "replay": (replay_script, "/"), "mix": (script, "/")},
                seconds=seconds, rounds=rounds, connections=connections,
            )  # fmt: skip
        finally:
            stop(server)
    return report(measured["floor"], measured["door"], measured["replay"], measured["mix"],
                  len(steps))  # fmt: skip


def view_python_budget(floor_rps: float, replay_rps: float, mix_rps: float) -> tuple[float, float]:
    """(allowed, used): milliseconds of the whole machine a mix request may spend beyond its
    replayed SQL to run at TARGET_RATIO of the floor, and what it spends now. The machine's time
    a request is the inverse of requests per second, every core, process and wait included."""
    replay_ms = 1000 / replay_rps
    allowed = 1000 / (TARGET_RATIO * floor_rps) - replay_ms
    return allowed, 1000 / mix_rps - replay_ms


def report(floor: dict, door: dict, replayed: dict, mix: dict, steps: int) -> int:
    print("\n(latencies: the median of the rounds')")
    print(f"{'':22}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
          f"{'CPU ms/req':>12}")  # fmt: skip
    rows = (
        ("floor (/bench/floor/)", floor),
        ("floor + member door", door),
        ("mix's SQL, no Python", replayed),
        (f"journey mix ({steps})", mix),
    )
    for label, row in rows:
        print(
            f"{label:22}{row['rps']:9.1f}{row['p50_us'] / 1000:9.1f}{row['p95_us'] / 1000:9.1f}"
            f"{row['p99_us'] / 1000:9.1f}{row['errors']:8d}{row['cpu_ms_per_request']:12.1f}"
        )
    ratio = mix["rps"] / floor["rps"]
    results = [
        (f"mix >= {TARGET_RATIO:.0%} of the floor's req/s", ratio >= TARGET_RATIO,
         f"{mix['rps']:.1f} / {floor['rps']:.1f} = {ratio:.0%}"),
        (f"mix p95 < {TARGET_P95_MS:g} ms", mix["p95_us"] / 1000 < TARGET_P95_MS,
         f"{mix['p95_us'] / 1000:.1f} ms"),
        ("0 errors", not any(row["errors"] for row in (floor, door, replayed, mix)),
         f"mix {mix['errors']}, floor {floor['errors']}, door {door['errors']}, "
         f"replay {replayed['errors']}"),
    ]  # fmt: skip
    if mix.get("shares"):
        print("the mix's share of the floor in each round: "
              + ", ".join(f"{share:.0%}" for share in mix["shares"]))  # fmt: skip
    ceiling = replayed["rps"] / floor["rps"]
    print(f"\nthe member door alone (scope, capability, a committed access-log row) runs at "
          f"{door['rps'] / floor['rps']:.0%} of the floor; the mix at {ratio:.0%} of the floor, "
          f"{mix['rps'] / door['rps']:.0%} of the door")  # fmt: skip
    print(f"the mix's own SQL, replayed with no Python work, runs at {ceiling:.0%} of the floor: "
          f"no view code can take the mix above that; the mix reaches "
          f"{mix['rps'] / replayed['rps']:.0%} of it")  # fmt: skip
    if ceiling < TARGET_RATIO:
        print(f"  so {TARGET_RATIO:.0%} is out of reach with these statements: only fewer or "
              "cheaper statements (PostgreSQL's work) can raise the ceiling")  # fmt: skip
    else:
        allowed, used = view_python_budget(floor["rps"], replayed["rps"], mix["rps"])
        print(f"  so at {TARGET_RATIO:.0%} the views' own Python may take {allowed:.2f} ms of the "
              f"machine a request beyond their SQL; it takes {used:.2f} ms")  # fmt: skip
    for label, row in rows:
        if row["errors"]:
            print(
                f"{label}: {row['status_errors']} answers not 2xx/3xx, {row['socket_errors']} "
                "connect/read/write errors or timeouts; see bench/out/http-gunicorn.log"
            )
    print(f"\n== summary (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    for label, ok, detail in results:
        print(f"  {'PASS' if ok else 'FAIL'}  {label}: {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
