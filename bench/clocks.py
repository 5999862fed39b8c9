"""The nightly clock refresh and the one-member refresh that follows every change.

`careplans.clocks.services.refresh_member_clocks(member_ids=None)` recomputes every member's
due-date clocks in one set-based statement (plus one UPDATE of the members' summaries); it runs
nightly because "due soon" and "overdue" move with the calendar. Timed on the bench's roster as
the evaluation left it (every eligible member identified; care managers assigned): a first run
that writes every clock, a second that finds nothing changed, then single-member refreshes (what
a contact, an assessment or a plan change costs) over a sample of members.
"""

import statistics
import time

from django.db import connection

SAMPLE = 50


def _clocks() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM careplans_memberclock")
        return cursor.fetchone()[0]


def run() -> dict:
    from careplans.clocks.services import refresh_member_clocks

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE careplans_memberclock")
        cursor.execute("SELECT id FROM members_member ORDER BY random() LIMIT %s", [SAMPLE])
        sample = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT count(*) FROM members_member")
        members = cursor.fetchone()[0]
    started = time.perf_counter()
    refresh_member_clocks(member_ids=None)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    refresh_member_clocks(member_ids=None)
    second_s = time.perf_counter() - started
    one = []
    for member_id in sample:
        started = time.perf_counter()
        refresh_member_clocks(member_ids=[member_id])
        one.append((time.perf_counter() - started) * 1000)
    one_p95 = statistics.quantiles(one, n=20)[-1]
    print(f"\n== clock refresh: {members:,} members, {_clocks():,} running clocks")
    print(f"  everyone, first (writes every clock)  {first_s:6.2f} s")
    print(f"  everyone, again (nothing changed)     {second_s:6.2f} s")
    print(f"  one member, p95 of {SAMPLE}               {one_p95:6.1f} ms")
    return {"first_s": first_s, "second_s": second_s, "one_p95_ms": one_p95, "members": members}
