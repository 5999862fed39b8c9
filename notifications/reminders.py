"""The nightly outreach reminders, in the plan's morning: for each care manager, what is newly due
or newly overdue among their members' clocks (shared/domain/timelines.md: first outreach, monthly
contact, initial HRA, reassessment, care plan, review, transition-of-care follow-up), and their
members whose tier rose in the latest stratification ("became high risk" when it rose to high,
"risk rising" to medium; shared/domain/risk.md), dated with that stratification's day so a night
without a new stratification repeats nothing. A member with no earlier tier has not "become"
anything: the first stratification at go-live would otherwise send one reminder per high-risk
member (83,000 of 300,000 in the bench).

"Newly": a clock due today, or one that turned overdue today (due yesterday), or in the days
since the last morning the reminders ran (a missed morning is caught up, not lost). A clock long
overdue is not reminded about every morning: the whole backlog is on "My tasks" and the
supervisors' Overdue table, and a reminder a day for each would bury the new ones.

Set-based: two INSERT ... SELECT ... ON CONFLICT DO NOTHING statements, whatever the number of
members and care managers; the unique key (user, key, day) means re-running a morning (or a
worker killed half-way, whose transaction never committed) sends nothing twice.
"""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from jobs.models import JobRun
from members import extensions

CLOCK_REMINDERS = """
    INSERT INTO notifications_notification
        (user_id, kind, key, day, member_id, title, link, created_at)
    SELECT m.care_manager_id, 'clock', 'clock:' || mc.member_id || ':' || mc.clock, %(day)s,
        mc.member_id,
        coalesce(l.label, mc.clock) || CASE WHEN mc.due_on = %(day)s THEN ' due today'
            ELSE ' overdue since ' || to_char(mc.due_on, 'YYYY-MM-DD') END,
        '/members/' || mc.member_id || '/', %(now)s
    FROM careplans_memberclock mc
    JOIN members_member m ON m.id = mc.member_id
    LEFT JOIN unnest(%(clocks)s::text[], %(labels)s::text[]) AS l(clock, label)
           ON l.clock = mc.clock
    WHERE mc.due_on <= %(day)s AND mc.due_on >= %(since)s AND m.care_manager_id IS NOT NULL
      -- not a clock with no record before go-live, nor one a supervisor snoozed past the day
      AND mc.state <> 'no_record'
      AND NOT EXISTS (SELECT 1 FROM careplans_tasksnooze s
                      WHERE s.item_kind = mc.clock AND s.item_id = mc.id AND s.until > %(day)s)
    ON CONFLICT (user_id, key, day) DO NOTHING"""

RISK_REMINDERS = """
    INSERT INTO notifications_notification
        (user_id, kind, key, day, member_id, title, link, created_at)
    SELECT m.care_manager_id, 'risk', 'risk:' || r.member_id, r.as_of,
        r.member_id,
        CASE WHEN r.tier = 'high' THEN 'Became high risk' ELSE 'Risk rising: now ' || r.tier END
        || ' (stratified ' || to_char(r.as_of, 'YYYY-MM-DD') || ')',
        '/members/' || r.member_id || '/#member-risk', %(now)s
    FROM risk_memberrisk r
    JOIN members_member m ON m.id = r.member_id
    WHERE r.as_of = (SELECT max(as_of) FROM risk_stratificationrun
                     WHERE status = 'succeeded' AND as_of <= %(day)s)
      AND r.rising
      AND m.care_manager_id IS NOT NULL
    ON CONFLICT (user_id, key, day) DO NOTHING"""


CATCH_UP_DAYS = 7


def _since(day: datetime.date) -> datetime.date:
    """The first due day to remind about: yesterday (turned overdue today), or the day after the
    last morning that ran when mornings were missed, at most CATCH_UP_DAYS back."""
    last = (
        JobRun.objects.filter(job="reminders", status=JobRun.Status.SUCCEEDED, as_of__lt=day)
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .first()
    )
    yesterday = day - datetime.timedelta(days=1)
    if last is None or last >= yesterday:
        return yesterday
    return max(last, day - datetime.timedelta(days=CATCH_UP_DAYS))


def send_reminders(*, day: datetime.date) -> int:
    """Create the day's reminders; returns how many were new (0 when the morning already ran)."""
    labels = extensions.clock_labels()  # the clocks apps registered, with their names
    params = {
        "day": day,
        "now": timezone.now(),
        "since": _since(day),
        "clocks": list(labels),
        "labels": list(labels.values()),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(CLOCK_REMINDERS, params)
        created = cursor.rowcount
        cursor.execute(RISK_REMINDERS, params)
        created += cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notifications_notification")
    return created
