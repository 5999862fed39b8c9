"""The caseload page (/caseload/) for care managers with 6, 60 and 600 members, all stored members
assigned.

Every stored member gets a care manager in one SQL UPDATE: three measured care managers hold the
6, 60 and 600 caseloads, and filler care managers hold the rest in caseloads of 600, so the
partial caseload index is as full as in production. For each measured care manager the bench
counts the queries of one GET and one htmx search POST (they must not grow with the caseload),
then times a mix of requests: the full page, and htmx POSTs searching by name or CIN prefix,
filtering by county, sorting and paging.
"""

import math
import os
import random
import statistics
import time

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Organization, User
from accounts.roles import Role
from members.filters import SORTS
from members.models import Member

URL = "/caseload/"
HTMX = {"HX-Request": "true"}
TARGET_P95_MS = 100.0
FILLER_CASELOAD = 600
WARMUP_REQUESTS = 10


def caseload_sizes() -> list[int]:
    return [int(s) for s in os.environ.get("BENCH_CASELOADS", "6,60,600").split(",")]


def care_managers(sizes: list[int], stored: int) -> tuple[list[User], list[int]]:
    """The measured care managers (one per size) and the filler care managers' ids."""
    org, _ = Organization.objects.get_or_create(
        name="Bench Health Plan", defaults={"kind": Organization.Kind.PLAN}
    )
    group = Group.objects.get(name=Role.CARE_MANAGER)
    measured = []
    for size in sizes:
        user, _ = User.objects.update_or_create(
            username=f"bench.cm{size}",
            defaults={"first_name": "Bench", "last_name": f"Caseload {size}", "organization": org},
        )
        user.groups.set([group])
        measured.append(user)
    fillers = math.ceil(max(stored - sum(sizes), 0) / FILLER_CASELOAD)
    User.objects.bulk_create(
        [
            User(username=f"bench.filler{i}", last_name=f"Filler {i}", organization=org)
            for i in range(fillers)
        ],
        ignore_conflicts=True,
    )
    filler_ids = list(
        User.objects.filter(username__startswith="bench.filler")
        .order_by("id")
        .values_list("id", flat=True)[:fillers]
    )
    return measured, filler_ids


def assign_all(measured: list[User], sizes: list[int], filler_ids: list[int]) -> float:
    """One UPDATE: members in a shuffled order go 6, 60, 600 to the measured care managers, the
    rest round-robin to the fillers. Returns seconds (including VACUUM ANALYZE)."""
    whens, bound = [], 0
    for user, size in zip(measured, sizes, strict=True):
        bound += size
        whens.append(f"WHEN r.rn <= {bound} THEN {int(user.pk)}")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE members_member m
            SET care_manager_id = CASE {" ".join(whens)}
                ELSE (%(fillers)s::bigint[])[1 + r.rn %% %(filler_count)s]
            END
            FROM (SELECT id, row_number() OVER (ORDER BY md5(cin)) AS rn
                  FROM members_member) r
            WHERE m.id = r.id
            """,
            {"fillers": filler_ids, "filler_count": max(len(filler_ids), 1)},
        )
        cursor.execute("VACUUM ANALYZE members_member")
    return time.perf_counter() - started


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def count_queries(client: Client, method: str, data=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL) if method == "GET" else client.post(URL, data, headers=HTMX)
    if response.status_code != 200:
        raise RuntimeError(f"{method} {URL} answered {response.status_code}")
    return len(captured.captured_queries)


def request_mix(user: User, count: int, seed: int) -> list[dict | None]:
    """`count` requests: None is the full-page GET, a dict is an htmx POST's form data."""
    rows = list(
        Member.objects.filter(care_manager=user).values_list(
            "last_name", "first_name", "cin", "county"
        )
    )
    rng = random.Random(seed)
    pages = max(1, math.ceil(len(rows) / 25))
    sorts = list(SORTS)
    mix: list[dict | None] = []
    for i in range(count):
        last, first, cin, county = rng.choice(rows)
        kind = i % 10
        if kind in (0, 1):
            mix.append(None)
        elif kind in (2, 3):
            mix.append({"q": rng.choice([last, first, f"{first} {last}", last[:3]])})
        elif kind == 4:
            mix.append({"q": cin[: rng.randint(3, 9)]})
        elif kind in (5, 6):
            mix.append({"county": county, "sort": rng.choice(sorts)})
        elif kind == 7:
            mix.append({"sort": rng.choice(sorts), "page": rng.randint(1, pages)})
        else:
            mix.append({"q": last[:2], "county": county, "page": rng.randint(1, 2)})
    return mix


def timed_requests(client: Client, mix: list[dict | None]) -> list[float]:
    timings = []
    for data in mix:
        started = time.perf_counter()
        response = client.get(URL) if data is None else client.post(URL, data, headers=HTMX)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{URL} {data} answered {response.status_code}")
    return timings


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(pct / 100 * len(ordered)) - 1))]


def run(*, members: int, requests: int) -> dict:
    sizes = caseload_sizes()
    stored = Member.objects.count()
    if stored < sum(sizes):
        raise RuntimeError(f"{stored:,} members stored; the caseloads need {sum(sizes):,}")
    print(
        f"\n== caseload page: {stored:,} members stored, caseloads {sizes} "
        f"(load average {os.getloadavg()[0]:.1f})"
    )
    measured, filler_ids = care_managers(sizes, stored)
    seconds = assign_all(measured, sizes, filler_ids)
    print(
        f"  assigned every member in one UPDATE ({len(filler_ids)} filler care managers "
        f"of {FILLER_CASELOAD}): {seconds:.2f} s"
    )
    for user, size in zip(measured, sizes, strict=True):
        got = Member.objects.filter(care_manager=user).count()
        if got != size:
            raise RuntimeError(f"{user.username} has {got} members, expected {size}")

    search = {"q": "a", "county": "", "sort": "name", "page": "1"}
    counts, latency = [], []
    for user, size in zip(measured, sizes, strict=True):
        client = logged_in(user)
        mix = request_mix(user, requests, seed=size)
        timed_requests(client, mix[:WARMUP_REQUESTS])
        counts.append(
            {
                "size": size,
                "get": count_queries(client, "GET"),
                "post": count_queries(client, "POST", search),
            }
        )
        timings = timed_requests(client, mix)
        latency.append(
            {
                "size": size,
                "p50_ms": statistics.median(timings),
                "p95_ms": percentile(timings, 95),
                "max_ms": max(timings),
            }
        )

    print(f"  {requests} requests per caseload after {WARMUP_REQUESTS} warm-up requests")
    print(
        f"  {'caseload':>8}  {'GET queries':>11}  {'POST search':>11}  {'p50 ms':>7}  {'p95 ms':>7}"
    )
    for count, timing in zip(counts, latency, strict=True):
        print(
            f"  {count['size']:>8}  {count['get']:>11}  {count['post']:>11}  "
            f"{timing['p50_ms']:>7.1f}  {timing['p95_ms']:>7.1f}   (max {timing['max_ms']:.1f})"
        )
    return {
        "stored": stored,
        "members": members,
        "query_counts": counts,
        "latency": latency,
        "target_p95_ms": TARGET_P95_MS,
    }
