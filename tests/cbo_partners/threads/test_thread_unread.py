"""Read state and unread counts: the navigation's badge, the Messages inbox, the member page's
section; reading a thread marks it read; pages cost a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from tests.cbo_partners.threads.thread_helpers import message_in, shared_assignment
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def badge(client) -> str:
    return client.get(reverse("cbo_threads:badge")).content.decode()


def thread_url(assignment):
    return reverse("cbo_threads:thread", args=[assignment.member_id, assignment.pk])


def test_unread_messages_by_others_show_in_the_badge_until_the_thread_is_read(
    client_for, care_manager, cbo_cm, assignment
):
    message_in(assignment, cbo_cm, "One")
    message_in(assignment, cbo_cm, "Two")
    message_in(assignment, care_manager, "Mine")
    client = client_for(care_manager)

    assert 'aria-label="2 unread"' in badge(client)
    assert client.get(reverse("api:cbo-threads-unread")).json() == {"unread": 2}

    client.get(thread_url(assignment))

    assert "unread" not in badge(client)
    assert client.get(reverse("api:cbo-threads-unread")).json() == {"unread": 0}
    message_in(assignment, cbo_cm, "Three")
    assert 'aria-label="1 unread"' in badge(client)


def test_reading_through_the_api_marks_the_thread_read(
    client_for, cbo_cm, care_manager, assignment
):
    message_in(assignment, care_manager, "Hello")
    client = client_for(cbo_cm)
    assert client.get(reverse("api:cbo-threads-unread")).json() == {"unread": 1}

    client.get(reverse("api:cbo-thread-messages", args=[assignment.member_id, assignment.pk]))

    assert client.get(reverse("api:cbo-threads-unread")).json() == {"unread": 0}


def test_the_supervisor_of_the_care_manager_takes_part_and_a_plan_admin_only_reads(
    client_for, supervisor, plan_admin, cbo_cm, assignment
):
    message_in(assignment, cbo_cm, "Hello plan")

    assert 'aria-label="1 unread"' in badge(client_for(supervisor))
    assert "unread" not in badge(client_for(plan_admin))
    section = client_for(plan_admin).get(
        reverse("cbo_threads:member_section", args=[assignment.member_id])
    )
    assert "(read only)" in section.content.decode()


def test_the_inbox_lists_the_users_threads_unread_first_and_logs_the_members(
    client_for, care_manager, cbo_cm, eastside, assignment
):
    quiet_member = MemberFactory(care_manager=care_manager, last_name="Quiet")
    quiet = shared_assignment(quiet_member, eastside, cbo_care_manager=cbo_cm)
    message_in(quiet, care_manager, "Old news", at=timezone.now() - datetime.timedelta(days=2))
    message_in(assignment, cbo_cm, "Fresh")
    client = client_for(care_manager)

    response = client.get(reverse("cbo_threads:inbox"))

    html = response.content.decode()
    assert html.index(assignment.member.last_name) < html.index("Quiet")
    assert 'aria-label="1 unread"' in html
    logged = AccessLog.objects.get(user=care_manager, viewed=AccessLog.View.MESSAGES)
    assert sorted(logged.member_ids) == sorted([assignment.member_id, quiet_member.pk])
    api = client.get(reverse("api:cbo-threads")).json()
    assert [(t["assignment"], t["unread"]) for t in api["results"]] == [
        (assignment.pk, 1),
        (quiet.pk, 0),
    ]


def test_the_member_section_shows_each_threads_unread_count(
    client_for, care_manager, cbo_cm, assignment
):
    message_in(assignment, cbo_cm, "Hello")

    section = client_for(care_manager).get(
        reverse("cbo_threads:member_section", args=[assignment.member_id]),
        headers={"HX-Request": "true"},
    )

    html = section.content.decode()
    assert 'id="member-cbo-messages"' in html
    assert 'aria-label="1 unread"' in html
    assert "Eastside Community Services" in html


def _threads(care_manager, cbo_cm, eastside, count):
    for _ in range(count):
        member = MemberFactory(care_manager=care_manager)
        shared = shared_assignment(member, eastside, cbo_care_manager=cbo_cm)
        message_in(shared, cbo_cm, "Hi", attachment="a.pdf")
        message_in(shared, care_manager, "Hello")


@pytest.mark.parametrize("who", ["care_manager", "cbo_cm"])
def test_the_inbox_and_badge_cost_the_same_queries_for_2_or_12_threads(
    client_for, care_manager, cbo_cm, eastside, who
):
    user = {"care_manager": care_manager, "cbo_cm": cbo_cm}[who]
    client = client_for(user)
    counts = []
    for threads in (2, 10):
        _threads(care_manager, cbo_cm, eastside, threads)
        with CaptureQueriesContext(connection) as inbox:
            assert client.get(reverse("cbo_threads:inbox")).status_code == 200
        with CaptureQueriesContext(connection) as nav:
            client.get(reverse("cbo_threads:badge"))
        counts.append((len(inbox), len(nav)))
    assert counts[0] == counts[1]
    assert counts[0][0] <= 6 and counts[0][1] <= 3


@pytest.mark.parametrize("who", ["care_manager", "cbo_cm"])
def test_a_thread_costs_the_same_queries_for_2_or_20_messages(
    client_for, care_manager, cbo_cm, assignment, who
):
    client = client_for({"care_manager": care_manager, "cbo_cm": cbo_cm}[who])
    counts = []
    for messages in (2, 18):
        for i in range(messages):
            message_in(assignment, cbo_cm if i % 2 else care_manager, f"m{i}", attachment="x.pdf")
        with CaptureQueriesContext(connection) as page:
            assert client.get(thread_url(assignment)).status_code == 200
        with CaptureQueriesContext(connection) as api:
            client.get(
                reverse("api:cbo-thread-messages", args=[assignment.member_id, assignment.pk])
            )
        counts.append((len(page), len(api)))
    assert counts[0] == counts[1]
    assert max(counts[0]) <= 12
