"""Building plan<->CBO threads for tests: the assignment of a shared member, messages with
attachments (stored under the test's MEDIA_ROOT)."""

from django.core.files.base import ContentFile
from django.utils import timezone

from cbo_partners.models import CboAssignment, Message, MessageAttachment, Thread
from tests.factories import share_with_cbo

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def shared_assignment(member, organization, *, cbo_care_manager=None, part2=False):
    """Share `member` with the CBO (tests.factories.share_with_cbo) and return the assignment,
    naming its CBO care manager."""
    share_with_cbo(member, organization, part2=part2)
    assignment = CboAssignment.objects.get(member=member, partner__organization=organization)
    if cbo_care_manager is not None:
        assignment.cbo_care_manager = cbo_care_manager
        assignment.save(update_fields=["cbo_care_manager"])
    return assignment


def message_in(assignment, author, body="Hello", *, sud=False, attachment=None, at=None):
    """A message stored directly (not through the service: no notification, no clock)."""
    thread, _ = Thread.objects.get_or_create(
        assignment=assignment, defaults={"member_id": assignment.member_id}
    )
    message = Message.objects.create(
        thread=thread, author=author, body=body, sent_at=at or timezone.now(), sud=sud
    )
    if attachment:
        MessageAttachment.objects.create(
            message=message,
            file=ContentFile(PDF, name=attachment),
            name=attachment,
            content_type="application/pdf",
            size=len(PDF),
        )
    Thread.objects.filter(pk=thread.pk).update(last_message_at=message.sent_at)
    return message


def thread_url_ids(assignment, author) -> dict:
    """Ids for the thread's URLs: the assignment and an attachment in its thread."""
    message = message_in(assignment, author, "Plan note", attachment="plan.pdf")
    return {"assignment_id": assignment.pk, "attachment_id": message.attachments.get().pk}
