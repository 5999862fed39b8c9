"""The closed-loop report (community_supports.md: the plan reports each referral's outcome and
whether the member was connected to the state monthly): every referral sent in a month with the
dates of its steps, and a summary by service, county and provider. One query each."""

import csv
import datetime
import io

from django.db import connection

MEMBER_COLUMNS = (
    "referral_id", "cin", "service", "county", "provider", "urgency", "status", "sent_on",
    "decided_on", "decision", "decline_reason", "authorized_on", "service_started_on",
    "completed_on", "closed_on", "closure_reason", "cancel_reason", "connected", "connected_on",
)  # fmt: skip
SUMMARY_COLUMNS = (
    "service", "county", "provider", "referrals", "accepted", "declined",
    "avg_days_to_decision", "avg_days_to_service_start", "closed", "connected", "pct_connected",
)  # fmt: skip

LOCAL = "AT TIME ZONE %(tz)s"
MONTH_REFERRALS = f"""
    SELECT r.id AS referral_id, m.cin, r.service, m.county, o.name AS provider, r.urgency,
           r.status, (r.sent_at {LOCAL})::date AS sent_on,
           (r.decided_at {LOCAL})::date AS decided_on,
           CASE WHEN r.decline_reason <> '' THEN 'declined'
                WHEN r.decided_at IS NOT NULL THEN 'accepted' ELSE '' END AS decision,
           r.decline_reason,
           (SELECT (min(e.at) {LOCAL})::date FROM referrals_referralevent e
             WHERE e.referral_id = r.id AND e.status = 'authorized') AS authorized_on,
           r.service_started_on, (r.completed_at {LOCAL})::date AS completed_on,
           (r.closed_at {LOCAL})::date AS closed_on, r.closure_reason, r.cancel_reason,
           CASE r.connected WHEN true THEN 'yes' WHEN false THEN 'no' ELSE '' END AS connected,
           r.connected_on,
           r.decided_at - r.sent_at AS to_decision, r.service_started_on
               - (r.sent_at {LOCAL})::date AS to_start
    FROM referrals_referral r
    JOIN members_member m ON m.id = r.member_id
    JOIN cbo_partners_partner p ON p.id = r.provider_id
    JOIN accounts_organization o ON o.id = p.organization_id
    WHERE r.sent_at >= (%(first)s::timestamp {LOCAL})
      AND r.sent_at < (%(after)s::timestamp {LOCAL})
"""


def _params(month: datetime.date) -> dict:
    from django.conf import settings

    after = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return {"first": month, "after": after, "tz": settings.TIME_ZONE}


def month_rows(month: datetime.date) -> list[tuple]:
    columns = ", ".join(f"x.{c}" for c in MEMBER_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM ({MONTH_REFERRALS}) x ORDER BY x.sent_on, x.referral_id",
            _params(month),
        )
        return cursor.fetchall()


def month_summary(month: datetime.date) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT x.service, x.county, x.provider, count(*),
                   count(*) FILTER (WHERE x.decision = 'accepted'),
                   count(*) FILTER (WHERE x.decision = 'declined'),
                   round((avg(extract(epoch FROM x.to_decision)) / 86400)::numeric, 1),
                   round(avg(x.to_start)::numeric, 1),
                   count(*) FILTER (WHERE x.status = 'closed'),
                   count(*) FILTER (WHERE x.connected = 'yes'),
                   round(100.0 * count(*) FILTER (WHERE x.connected = 'yes')
                         / NULLIF(count(*) FILTER (WHERE x.status = 'closed'), 0), 1)
                FROM ({MONTH_REFERRALS}) x
                GROUP BY x.service, x.county, x.provider
                ORDER BY x.service, x.county, x.provider""",
            _params(month),
        )
        return cursor.fetchall()


def to_csv(columns, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue()


def parse_month(text: str) -> datetime.date:
    """'2026-03' -> 2026-03-01; ValueError otherwise."""
    year, month = text.split("-")
    return datetime.date(int(year), int(month), 1)
