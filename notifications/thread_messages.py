"""In-app notifications of a new message in a plan<->CBO thread, for the other side.

cbo_partners announces each message after commit with its recipients (cbo_partners.threads.
signals.message_posted). One notification per thread, recipient and day: a second message the
same day marks it unread again instead of adding another, so a busy thread does not bury the
reminders; opening the thread marks its notifications read. The title names no member; the
link goes to the thread, which asks the access layer.
"""

from django.db import connection
from django.dispatch import receiver
from django.utils import timezone

from cbo_partners.threads.signals import message_posted, thread_read

from .models import Notification

UPSERT = """
    INSERT INTO notifications_notification
        (user_id, kind, key, day, member_id, title, link, created_at)
    SELECT u, %(kind)s, %(key)s, %(day)s, %(member_id)s, %(title)s, %(link)s, %(now)s
    FROM unnest(%(users)s::bigint[]) AS u
    ON CONFLICT (user_id, key, day) DO UPDATE
    SET read_at = NULL, created_at = EXCLUDED.created_at, title = EXCLUDED.title"""


@receiver(message_posted, dispatch_uid="notifications.thread_message")
def notify_new_message(sender, *, member_id, recipient_ids, key, title, link, **kwargs) -> None:
    if not recipient_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            UPSERT,
            {
                "kind": Notification.Kind.MESSAGE,
                "key": key,
                "day": timezone.localdate(),
                "member_id": member_id,
                "title": title[:200],
                "link": link[:200],
                "now": timezone.now(),
                "users": list(recipient_ids),
            },
        )


@receiver(thread_read, dispatch_uid="notifications.thread_read")
def mark_thread_notifications_read(sender, *, user_id, key, **kwargs) -> None:
    Notification.objects.filter(user_id=user_id, key=key, read_at__isnull=True).update(
        read_at=timezone.now()
    )
