"""Writes of the plan<->CBO thread: open it, post a message, mark it read.

A message is never edited or deleted (a correction is a new message): there is no service for
either, and no route. Posting checks everything (the body, the task, the Part 2 flag, every
attachment) before anything is stored, so a refused attachment leaves no message and no file.
A message between the two care managers meets the "Plan CM <-> CBO CM" clock
(shared/domain/timelines.md), so the member's clocks are recomputed after commit, and the other
side is notified.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role, role_group
from careplans.clocks.services import refresh_after_commit
from cbo_partners.consent.selectors import has_part2_consent
from cbo_partners.models import CboAssignment, Message, MessageAttachment, Thread
from core.uploads import check_upload

from .access import CBO, Standing
from .selectors import member_tasks
from .signals import message_posted, thread_read

MAX_BODY = 10_000
MAX_ATTACHMENTS = 5


def open_thread(*, assignment: CboAssignment) -> Thread:
    """The assignment's thread, made the first time someone opens or writes to it."""
    thread = Thread.objects.filter(assignment=assignment).first()
    if thread is not None:
        return thread
    try:
        with transaction.atomic():
            return Thread.objects.create(assignment=assignment, member_id=assignment.member_id)
    except IntegrityError:  # opened at the same moment by the other side
        return Thread.objects.get(assignment=assignment)


def _checked(*, member, place: Standing, body: str, task_id, sud: bool, files) -> tuple:
    errors: dict[str, list[str]] = {}
    body = (body or "").strip()
    if not body:
        errors["body"] = ["Write a message."]
    elif len(body) > MAX_BODY:
        errors["body"] = [f"A message is at most {MAX_BODY:,} characters; this is {len(body):,}."]
    task = None
    if task_id not in (None, ""):
        task = member_tasks(member).filter(pk=task_id).first() if str(task_id).isdigit() else None
        if task is None:
            errors["task"] = ["Choose one of this member's care-plan tasks."]
    if sud and not place.sees_sud:
        errors["sud"] = [
            "Your organisation has no Part 2 consent from this member: a message cannot be "
            "flagged as substance use here."
        ]
    files = list(files or [])
    if len(files) > MAX_ATTACHMENTS:
        errors["attachments"] = [f"Attach at most {MAX_ATTACHMENTS} files to one message."]
    content_types = []
    for upload in files:
        try:
            content_types.append(check_upload(upload).content_type)
        except ValidationError as error:
            errors.setdefault("attachments", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return body, task, list(zip(files, content_types, strict=True))


def post_message(
    *,
    assignment: CboAssignment,
    member,
    author,
    place: Standing,
    body: str,
    task_id=None,
    sud: bool = False,
    files=(),
) -> Message:
    """Post a message in the assignment's thread and return it; ValidationError by field."""
    if not place.may_post:
        raise ValidationError("You may read this thread but not write in it.")
    body, task, attachments = _checked(
        member=member, place=place, body=body, task_id=task_id, sud=sud, files=files
    )
    now = timezone.now()
    with transaction.atomic():
        thread = open_thread(assignment=assignment)
        message = Message.objects.create(
            thread=thread, author=author, body=body, sent_at=now, task=task, sud=sud
        )
        for upload, content_type in attachments:
            MessageAttachment.objects.create(
                message=message,
                file=upload,
                name=upload.name[:200],
                content_type=content_type,
                size=upload.size,
            )
        Thread.objects.filter(pk=thread.pk).update(last_message_at=now)
        mark_read(thread=thread, user=author, up_to=now)
        refresh_after_commit(member.pk)
        recipients = _other_side(assignment=assignment, member=member, place=place, sud=sud)
        transaction.on_commit(lambda: _announce(thread, assignment, recipients, place))
    return message


def _other_side(*, assignment: CboAssignment, member, place: Standing, sud: bool) -> list[int]:
    """Who hears about a new message: the CBO's care manager (or its leads while none is named)
    for a plan message, the member's care manager for a CBO one. A substance-use message is not
    announced to a CBO that may not see it."""
    if place.side == CBO:
        return [member.care_manager_id] if member.care_manager_id else []
    organization_id = assignment.partner.organization_id
    if sud and not has_part2_consent(member.pk, organization_id):
        return []
    if assignment.cbo_care_manager_id:
        return [assignment.cbo_care_manager_id]
    return list(
        User.objects.filter(
            organization_id=organization_id, is_active=True, groups=role_group(Role.CBO_LEAD)
        ).values_list("pk", flat=True)
    )


def _announce(thread: Thread, assignment, recipient_ids: list[int], place: Standing) -> None:
    if not recipient_ids:
        return
    sender = assignment.partner.organization.name if place.side == CBO else "the plan"
    message_posted.send(
        sender=Message,
        member_id=thread.member_id,
        recipient_ids=recipient_ids,
        key=notification_key(thread),
        title=f"New message from {sender}",
        link=reverse("cbo_threads:thread", args=[thread.member_id, assignment.pk]),
    )


def notification_key(thread: Thread) -> str:
    return f"message:{thread.pk}"


def read_thread(*, thread: Thread, user, up_to) -> None:
    """The user opened the thread and read it up to `up_to`: their read state moves and its
    notifications of new messages are marked read."""
    mark_read(thread=thread, user=user, up_to=up_to)
    thread_read.send(sender=Thread, user_id=user.pk, key=notification_key(thread))


def mark_read(*, thread: Thread, user, up_to) -> None:
    """The user has read the thread up to `up_to` (never moves back); one statement."""
    if up_to is None:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO cbo_partners_threadreadstate AS r (thread_id, user_id, last_read_at)
               VALUES (%s, %s, %s)
               ON CONFLICT (thread_id, user_id) DO UPDATE
               SET last_read_at = GREATEST(r.last_read_at, EXCLUDED.last_read_at)""",
            [thread.pk, user.pk, up_to],
        )
