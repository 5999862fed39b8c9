"""Posting in the plan<->CBO thread: what a participant sees and sends, never editing, escaping,
attachments checked from their content with nothing stored when refused, and notifications."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cbo_partners.models import Message, MessageAttachment, Thread
from notifications.models import Notification
from tests.careplans.plan_factories import care_plan_with_one_of_each
from tests.cbo_partners.threads.thread_helpers import PDF, PNG, message_in
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def thread_url(assignment):
    return reverse("cbo_threads:thread", args=[assignment.member_id, assignment.pk])


def stored_files(media_root):
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def test_opening_the_page_makes_the_thread_once(client_for, care_manager, assignment):
    client = client_for(care_manager)

    assert client.get(thread_url(assignment)).status_code == 200
    assert client.get(thread_url(assignment)).status_code == 200

    assert Thread.objects.filter(assignment=assignment).count() == 1


def test_cbo_care_manager_posts_and_the_plan_care_manager_reads_it(
    client_for, care_manager, cbo_cm, assignment
):
    response = client_for(cbo_cm).post(
        thread_url(assignment), {"body": "Met Mrs. Diaz at home; she needs a ride Tuesday."}
    )
    assert response.status_code == 302

    page = client_for(care_manager).get(thread_url(assignment))
    assert "she needs a ride Tuesday" in page.content.decode()
    assert "Eastside Community Services" in page.content.decode()
    message = Message.objects.get()
    assert message.author == cbo_cm and message.thread.assignment == assignment


def test_a_message_to_the_other_side_notifies_them_without_naming_the_member(
    client_for, care_manager, cbo_cm, assignment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(care_manager).post(thread_url(assignment), {"body": "Can you visit?"})

    note = Notification.objects.get(user=cbo_cm)
    assert note.kind == "message"
    assert note.title == "New message from the plan"
    assert assignment.member.last_name not in note.title
    assert note.link == thread_url(assignment)
    assert not Notification.objects.filter(user=care_manager).exists()

    with django_capture_on_commit_callbacks(execute=True):
        client_for(cbo_cm).post(thread_url(assignment), {"body": "Yes, Thursday."})
    back = Notification.objects.get(user=care_manager)
    assert back.title == "New message from Eastside Community Services"
    assert not back.is_read

    client_for(care_manager).get(thread_url(assignment))
    back.refresh_from_db()
    assert back.is_read


def test_a_second_message_the_same_day_marks_the_notification_unread_again(
    client_for, care_manager, cbo_cm, assignment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(care_manager).post(thread_url(assignment), {"body": "One"})
    Notification.objects.filter(user=cbo_cm).update(read_at="2026-01-01T00:00Z")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(care_manager).post(thread_url(assignment), {"body": "Two"})

    assert Notification.objects.filter(user=cbo_cm).count() == 1
    assert Notification.objects.get(user=cbo_cm).read_at is None


def test_an_empty_message_is_refused_naming_the_field(client_for, care_manager, assignment):
    response = client_for(care_manager).post(thread_url(assignment), {"body": "   "})

    assert response.status_code == 422
    assert "Write a message." in response.content.decode()
    assert not Message.objects.exists()


def test_a_message_points_to_one_of_the_members_tasks_only(
    client_for, care_manager, assignment, member, other_care_manager
):
    ids = care_plan_with_one_of_each(member, care_manager)
    stranger = MemberFactory(care_manager=other_care_manager)
    foreign = care_plan_with_one_of_each(stranger, other_care_manager)
    client = client_for(care_manager)

    refused = client.post(thread_url(assignment), {"body": "See task", "task": foreign["task_id"]})
    assert refused.status_code == 422
    assert "Select a valid choice" in refused.content.decode()

    client.post(thread_url(assignment), {"body": "See task", "task": ids["task_id"]})
    assert Message.objects.get().task_id == ids["task_id"]
    assert "About the task:" in client.get(thread_url(assignment)).content.decode()


def test_script_in_a_message_and_a_file_name_is_escaped(client_for, care_manager, assignment):
    client = client_for(care_manager)
    upload = SimpleUploadedFile("<b onmouseover=alert(2)>x.pdf", PDF, "application/pdf")
    client.post(
        thread_url(assignment),
        {"body": "<script>alert(1)</script><img src=x onerror=alert(3)>", "attachments": [upload]},
    )

    html = client.get(thread_url(assignment)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "<b onmouseover" not in html
    assert "&lt;b onmouseover=alert(2)&gt;x.pdf" in html


def test_messages_are_never_edited_or_deleted(client_for, care_manager, assignment):
    message = message_in(assignment, care_manager, "Original words")
    client = client_for(care_manager)
    api = reverse("api:cbo-thread-messages", args=[assignment.member_id, assignment.pk])

    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(thread_url(assignment)).status_code == 405
        assert getattr(client, method)(api).status_code == 405
        assert getattr(client, method)(f"{api}{message.pk}/").status_code == 404

    message.refresh_from_db()
    assert message.body == "Original words"
    assert not hasattr(Message, "edited_at")


def test_pdf_and_png_attachments_are_stored_and_downloaded_as_attachments(
    client_for, care_manager, cbo_cm, assignment
):
    files = [
        SimpleUploadedFile("referral.pdf", PDF, "application/pdf"),
        SimpleUploadedFile("photo.png", PNG, "image/png"),
    ]
    client_for(care_manager).post(
        thread_url(assignment), {"body": "Two files", "attachments": files}
    )

    stored = {a.name: a for a in MessageAttachment.objects.all()}
    assert {n: a.content_type for n, a in stored.items()} == {
        "referral.pdf": "application/pdf",
        "photo.png": "image/png",
    }
    url = reverse(
        "cbo_threads:attachment",
        args=[assignment.member_id, assignment.pk, stored["referral.pdf"].pk],
    )
    response = client_for(cbo_cm).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="referral.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("upload", "says"),
    [
        (SimpleUploadedFile("form.pdf", b"<html>not a pdf</html>", "application/pdf"),
         "its content is not a PDF"),
        (SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 60, "application/pdf"),
         "Programs and scripts are refused"),
        (SimpleUploadedFile("photo.pdf", PNG, "application/pdf"), "its content is a PNG"),
        (SimpleUploadedFile("empty.pdf", b"", "application/pdf"), "The file is empty"),
    ],
)  # fmt: skip
def test_a_bad_attachment_is_refused_with_a_message_and_nothing_stored(
    client_for, care_manager, assignment, media_in_tmp, upload, says
):
    good = SimpleUploadedFile("good.pdf", PDF, "application/pdf")
    response = client_for(care_manager).post(
        thread_url(assignment), {"body": "See attached", "attachments": [good, upload]}
    )

    assert response.status_code == 422
    assert says in response.content.decode()
    assert not Message.objects.exists()
    assert not MessageAttachment.objects.exists()
    assert stored_files(media_in_tmp) == []


def test_an_oversized_attachment_is_refused_and_nothing_stored(
    client_for, care_manager, assignment, media_in_tmp, settings
):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * 2048, "application/pdf")

    response = client_for(care_manager).post(
        thread_url(assignment), {"body": "Scan", "attachments": [big]}
    )

    assert response.status_code == 422
    assert "files up to 1 KB are accepted" in response.content.decode()
    assert not Message.objects.exists()
    assert stored_files(media_in_tmp) == []


def test_the_api_posts_with_attachments_and_refuses_a_fake_pdf(
    client_for, cbo_cm, assignment, media_in_tmp
):
    api = reverse("api:cbo-thread-messages", args=[assignment.member_id, assignment.pk])
    client = client_for(cbo_cm)

    fake = SimpleUploadedFile("form.pdf", b"GIF89a", "application/pdf")
    refused = client.post(api, {"body": "Signed form", "attachments": [fake]})
    assert refused.status_code == 400
    assert "attachments" in refused.json()
    assert not Message.objects.exists() and stored_files(media_in_tmp) == []

    real = SimpleUploadedFile("form.pdf", PDF, "application/pdf")
    created = client.post(api, {"body": "Signed form", "attachments": [real]})
    assert created.status_code == 201
    assert created.json()["attachments"][0]["name"] == "form.pdf"

    listed = client.get(api).json()
    assert [m["body"] for m in listed["results"]] == ["Signed form"]


def test_a_plan_admin_reads_the_thread_but_has_no_form_and_cannot_post(
    client_for, plan_admin, care_manager, assignment
):
    message_in(assignment, care_manager, "For the record")
    client = client_for(plan_admin)

    page = client.get(thread_url(assignment))
    assert page.status_code == 200
    assert "For the record" in page.content.decode()
    assert "New message" not in page.content.decode()
    assert client.post(thread_url(assignment), {"body": "x"}).status_code == 404
    api = reverse("api:cbo-thread-messages", args=[assignment.member_id, assignment.pk])
    assert client.post(api, {"body": "x"}).status_code == 404
    assert Message.objects.count() == 1
