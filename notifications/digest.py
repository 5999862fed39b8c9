"""The optional daily email digest: counts and a link, never a member's name or identifier.

Email is not a place for PHI (it leaves the portal, sits in mailboxes and relays), so the digest
says how many reminders of each kind wait and links to the notification centre, where the user
signs in to read them. A user gets at most one digest a day (DigestSent's unique key, written in
the same transaction as the sending, so a failed send is retried by the next run, and a repeated
run sends nothing).
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.utils import timezone

SUBJECT = "CalAIM Care Management: your reminders for {day}"

DIGEST_CANDIDATES = """
    WITH sent AS (
        INSERT INTO notifications_digestsent (user_id, day, sent_at)
        SELECT p.user_id, %(day)s, %(now)s
        FROM notifications_digestpreference p
        JOIN accounts_user u ON u.id = p.user_id
        WHERE p.daily_digest AND u.is_active AND u.email <> ''
          AND EXISTS (SELECT 1 FROM notifications_notification n
                      WHERE n.user_id = p.user_id AND n.read_at IS NULL)
        ON CONFLICT (user_id, day) DO NOTHING
        RETURNING user_id)
    SELECT u.id, u.email,
        count(*) FILTER (WHERE n.kind = 'clock' AND n.title LIKE '%% overdue since %%'),
        count(*) FILTER (WHERE n.kind = 'clock' AND n.title LIKE '%% due today'),
        count(*) FILTER (WHERE n.kind = 'risk'),
        count(*) FILTER (WHERE n.kind = 'job')
    FROM sent s
    JOIN accounts_user u ON u.id = s.user_id
    JOIN notifications_notification n ON n.user_id = s.user_id AND n.read_at IS NULL
    GROUP BY u.id, u.email
    ORDER BY u.id"""


def digest_body(*, overdue: int, due_today: int, risk: int, jobs: int) -> str:
    lines = [
        "Good morning. Waiting for you in the portal:",
        "",
        f"- {overdue} overdue due date(s)",
        f"- {due_today} due date(s) due today",
        f"- {risk} member(s) who became high risk or whose risk is rising",
    ]
    if jobs:
        lines.append(f"- {jobs} nightly job notice(s)")
    lines += [
        "",
        f"Open your notifications: {settings.PORTAL_BASE_URL}/notifications/",
        "",
        "This email carries counts only; sign in to see who. You can turn the daily digest",
        "off under Notifications > Email digest.",
    ]
    return "\n".join(lines)


def send_digests(*, day: datetime.date) -> int:
    """Send the day's digests to users who asked for one; returns how many went out."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(DIGEST_CANDIDATES, {"day": day, "now": timezone.now()})
            rows = cursor.fetchall()
        messages = [
            EmailMessage(
                subject=SUBJECT.format(day=day.isoformat()),
                body=digest_body(overdue=overdue, due_today=today, risk=risk, jobs=jobs),
                to=[email],
            )
            for _user_id, email, overdue, today, risk, jobs in rows
        ]
        if messages:
            with get_connection() as mail:
                mail.send_messages(messages)
    return len(messages)
