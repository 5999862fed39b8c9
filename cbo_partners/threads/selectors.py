"""Reads of the plan<->CBO thread: its messages, unread counts, the inbox.

Every read takes the reader: messages flagged as substance use (42 CFR Part 2) are left out for
a CBO user unless an active Part 2 consent of the member names their organisation, in the
thread, in every count and in the API alike. Counts are single queries whatever the number of
threads (the navigation's badge, the inbox's column).
"""

import datetime

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from accounts import access
from accounts.access import DataCategory
from careplans.models import CarePlanTask
from cbo_partners.models import Message, MessageAttachment, Thread, ThreadReadState

from .access import Standing, is_cbo_user, part2_consented, threads_of

INBOX_PAGE_SIZE = 50
NEVER = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


def messages_visible_to(user) -> QuerySet[Message]:
    """Every message the user could be shown, as far as Part 2 goes (threads are scoped apart)."""
    messages = Message.objects.all()
    if is_cbo_user(user):
        return messages.filter(
            Q(sud=False)
            | Exists(part2_consented(OuterRef("thread__member_id"), user.organization_id))
        )
    if not access.may_see(user, DataCategory.SUD):
        return messages.filter(sud=False)
    return messages


def thread_messages(thread: Thread, place: Standing) -> QuerySet[Message]:
    """The thread's messages shown to someone standing at `place`, oldest first, with their
    author, task and attachments (three queries whatever the length of the thread)."""
    messages = thread.messages.select_related("author", "author__organization", "task")
    if not place.sees_sud:
        messages = messages.filter(sud=False)
    return messages.prefetch_related(
        Prefetch("attachments", queryset=MessageAttachment.objects.order_by("id"))
    ).order_by("sent_at", "id")


def _read_until(user, thread_ref: str):
    return Coalesce(
        Subquery(
            ThreadReadState.objects.filter(thread_id=OuterRef(thread_ref), user=user).values(
                "last_read_at"
            )[:1]
        ),
        Value(NEVER),
    )


def unread_messages(user) -> QuerySet[Message]:
    """Messages by others the user has not read yet, in threads they take part in."""
    return (
        messages_visible_to(user)
        .filter(thread__in=threads_of(user))
        .exclude(author=user)
        .filter(sent_at__gt=_read_until(user, "thread_id"))
    )


def unread_count(user) -> int:
    """The navigation's badge: one query."""
    return unread_messages(user).count()


def with_unread(threads: QuerySet[Thread], user) -> QuerySet[Thread]:
    """Threads annotated with `unread` (the user's unread messages) and `last_at` (the latest
    message the user may see)."""
    shown = messages_visible_to(user).filter(thread_id=OuterRef("pk"))
    unread = (
        shown.exclude(author=user)
        .filter(sent_at__gt=_read_until(user, "thread_id"))
        .order_by()
        .values("thread_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return threads.annotate(
        unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
        last_at=Subquery(shown.order_by("-sent_at", "-id").values("sent_at")[:1]),
    )


def inbox_threads(user) -> QuerySet[Thread]:
    """The user's threads, unread first then the latest message first."""
    threads = with_unread(threads_of(user), user).select_related(
        "member", "assignment__partner__organization", "assignment__cbo_care_manager"
    )
    return threads.order_by(F("unread").desc(), F("last_at").desc(nulls_last=True), "-id")


def inbox_page(user, *, page_number) -> Page:
    """A page of the inbox (a COUNT and a SELECT whatever the number of threads)."""
    return Paginator(inbox_threads(user), INBOX_PAGE_SIZE).get_page(page_number)


def unread_by_thread(user, thread_ids: list[int]) -> dict[int, int]:
    """The user's unread count of each of these threads (one query)."""
    threads = with_unread(Thread.objects.filter(pk__in=thread_ids), user)
    return dict(threads.values_list("pk", "unread"))


def member_tasks(member) -> QuerySet[CarePlanTask]:
    """The member's care-plan tasks a message may point to."""
    return CarePlanTask.objects.filter(plan__member=member).order_by("status", "due_on", "id")


def attachment_for(assignment, place: Standing, attachment_id) -> MessageAttachment | None:
    """An attachment in this assignment's thread the reader may see (not of a hidden SUD
    message); None for another thread's."""
    if not str(attachment_id).isdigit():
        return None
    attachments = MessageAttachment.objects.filter(
        pk=attachment_id, message__thread__assignment=assignment
    )
    if not place.sees_sud:
        attachments = attachments.filter(message__sud=False)
    return attachments.first()
