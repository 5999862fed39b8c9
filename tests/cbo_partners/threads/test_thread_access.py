"""Who may open a plan<->CBO thread: another CBO's thread, message or attachment is a 404 in
pages and the API; substance-use messages reach a CBO only under a Part 2 consent naming it,
with the 42 CFR 2.32 notice; every read is access-logged."""

import re

import pytest
from django.urls import reverse

from audit.models import AccessLog
from careplans.assessments.sud import REDISCLOSURE_NOTICE
from cbo_partners.models import Message
from tests.cbo_partners.threads.thread_helpers import message_in, shared_assignment
from tests.factories import MemberFactory, cbo_staff

pytestmark = pytest.mark.django_db


def urls(assignment, attachment_id=None) -> dict[str, str]:
    m, a = assignment.member_id, assignment.pk
    found = {
        "page": reverse("cbo_threads:thread", args=[m, a]),
        "api": reverse("api:cbo-thread-messages", args=[m, a]),
    }
    if attachment_id:
        found["file"] = reverse("cbo_threads:attachment", args=[m, a, attachment_id])
        found["api_file"] = reverse("api:cbo-thread-attachment", args=[m, a, attachment_id])
    return found


@pytest.fixture
def bayarea_assignment(bayarea, other_cbo_user, other_care_manager):
    member = MemberFactory(care_manager=other_care_manager)
    return shared_assignment(member, bayarea, cbo_care_manager=other_cbo_user)


def test_another_cbos_thread_message_and_attachment_are_404(
    client_for, cbo_cm, other_cbo_user, assignment, bayarea_assignment, other_care_manager
):
    theirs = message_in(bayarea_assignment, other_care_manager, "Bay Area only", attachment="b.pdf")
    attachment = theirs.attachments.get()
    client = client_for(cbo_cm)

    for url in urls(bayarea_assignment, attachment.pk).values():
        assert client.get(url).status_code == 404, url
    assert client.post(urls(bayarea_assignment)["page"], {"body": "hi"}).status_code == 404
    assert client.post(urls(bayarea_assignment)["api"], {"body": "hi"}).status_code == 404
    # their attachment's id through our own thread's URL: still a 404
    ours = reverse(
        "cbo_threads:attachment", args=[assignment.member_id, assignment.pk, attachment.pk]
    )
    assert client.get(ours).status_code == 404
    assert Message.objects.count() == 1


def test_a_member_also_assigned_to_another_cbo_shows_each_only_its_own_thread(
    client_for, cbo_cm, care_manager, member, bayarea, assignment
):
    """Bay Area holds the member's ECM assignment (pending: not shared with it yet)."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from cbo_partners.models import CboAssignment, Partner

    partner = Partner.objects.create(
        organization=bayarea, group=Group.objects.create(name="cbo:bay"), capacity=10
    )
    bay = CboAssignment.objects.create(
        member=member, partner=partner, program="ECM", assigned_by=care_manager,
        assigned_at=timezone.now(),
    )  # fmt: skip
    message_in(bay, care_manager, "Only for Bay Area")
    client = client_for(cbo_cm)

    assert client.get(urls(bay)["page"]).status_code == 404
    assert client.get(urls(bay)["api"]).status_code == 404
    section = client.get(reverse("cbo_threads:member_section", args=[member.pk]))
    assert "Bay Area Partners" not in section.content.decode()
    assert "Eastside Community Services" in section.content.decode()
    api = client.get(reverse("api:member-cbo-threads", args=[member.pk])).json()
    assert [row["assignment"] for row in api] == [assignment.pk]
    inbox = client.get(reverse("cbo_threads:inbox")).content.decode()
    assert "Only for Bay Area" not in inbox and "Bay Area Partners" not in inbox


def test_cbo_staff_who_are_neither_its_care_manager_nor_a_lead_do_not_see_the_thread(
    client_for, eastside, assignment, cbo_lead
):
    colleague = cbo_staff(username="cbo.colleague", organization=eastside)

    assert client_for(colleague).get(urls(assignment)["page"]).status_code == 404
    assert client_for(cbo_lead).get(urls(assignment)["page"]).status_code == 200


def test_a_member_outside_the_cbo_users_scope_is_404(client_for, other_cbo_user, assignment):
    for url in urls(assignment).values():
        assert client_for(other_cbo_user).get(url).status_code == 404


def test_opening_a_thread_writes_the_access_log(client_for, cbo_cm, assignment):
    client_for(cbo_cm).get(urls(assignment)["page"])

    row = AccessLog.objects.get(user=cbo_cm)
    assert row.member_id == assignment.member_id
    assert row.viewed == AccessLog.View.CBO_THREAD


def test_sud_messages_are_hidden_from_a_cbo_without_part2_consent(
    client_for, care_manager, cbo_cm, assignment
):
    message_in(assignment, care_manager, "Routine: ride on Tuesday")
    message_in(assignment, care_manager, "Started buprenorphine", sud=True, attachment="mat.pdf")
    sud_attachment = Message.objects.get(sud=True).attachments.get()
    client = client_for(cbo_cm)

    html = client.get(urls(assignment)["page"]).content.decode()
    assert "Routine: ride on Tuesday" in html
    assert "buprenorphine" not in html
    assert "42 CFR 2.32" not in html
    api = client.get(urls(assignment)["api"]).json()
    assert [m["body"] for m in api["results"]] == ["Routine: ride on Tuesday"]
    for url in urls(assignment, sud_attachment.pk).values():
        if "attachments" in url:
            assert client.get(url).status_code == 404
    assert client.get(reverse("api:cbo-threads-unread")).json() == {"unread": 0}


def test_sud_messages_reach_a_cbo_named_in_a_part2_consent_with_the_notice(
    client_for, care_manager, cbo_cm, member, eastside
):
    assignment = shared_assignment(member, eastside, cbo_care_manager=cbo_cm, part2=True)
    message_in(assignment, care_manager, "Started buprenorphine", sud=True)
    client = client_for(cbo_cm)

    assert client.get(reverse("api:cbo-threads-unread")).json() == {"unread": 1}
    html = client.get(urls(assignment)["page"]).content.decode()
    assert "Started buprenorphine" in html
    # The regulation's Statement 1 word for word, on the page and with the message in the API.
    assert REDISCLOSURE_NOTICE in " ".join(re.sub(r"<[^>]+>", " ", html).split())
    messages = client.get(urls(assignment)["api"]).json()["results"]
    assert [(m["sud"], m["part2_notice"]) for m in messages] == [(True, REDISCLOSURE_NOTICE)]


def test_the_plan_sees_sud_messages_without_the_cbo_notice(client_for, care_manager, assignment):
    message_in(assignment, care_manager, "Started buprenorphine", sud=True)

    html = client_for(care_manager).get(urls(assignment)["page"]).content.decode()
    assert "Started buprenorphine" in html
    assert "data-part2-notice" not in html and "42 CFR part 2" not in html
    api = client_for(care_manager).get(urls(assignment)["api"]).json()["results"]
    assert [m["part2_notice"] for m in api] == [None]


def test_a_cbo_without_part2_consent_cannot_flag_a_message_as_sud(client_for, cbo_cm, assignment):
    page = client_for(cbo_cm).get(urls(assignment)["page"]).content.decode()
    assert 'name="sud"' not in page

    response = client_for(cbo_cm).post(urls(assignment)["api"], {"body": "x", "sud": True})
    assert response.status_code == 400
    assert "Part 2" in str(response.json()["sud"])
    assert not Message.objects.exists()


def test_a_sud_message_is_not_announced_to_a_cbo_without_part2(
    client_for, care_manager, cbo_cm, assignment, django_capture_on_commit_callbacks
):
    from notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        client_for(care_manager).post(urls(assignment)["page"], {"body": "MAT", "sud": "on"})

    assert Message.objects.get().sud
    assert not Notification.objects.filter(user=cbo_cm).exists()


def test_sud_messages_stay_out_of_the_member_timeline(client_for, care_manager, assignment):
    message_in(assignment, care_manager, "Routine", attachment="a.pdf")
    message_in(assignment, care_manager, "Started buprenorphine", sud=True)

    entries = (
        client_for(care_manager)
        .get(reverse("api:member-timeline", args=[assignment.member_id]))
        .json()["results"]
    )
    titles = [e["title"] for e in entries if "thread" in e["title"]]
    assert titles == ["Message in the thread with Eastside Community Services"]
    assert "buprenorphine" not in str(entries)
