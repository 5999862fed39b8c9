"""The member's timeline: every kind of activity in one order, paged, at a fixed query count."""

import datetime

import pytest
import reversion
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from careplans.clocks.services import refresh_member_clocks
from careplans.models import Assessment, EnrollmentTransition
from members.timeline import member_timeline, timeline_rows
from tests.careplans.work_factories import ContactFactory, HraFactory, PlanFactory, at, enrolled
from tests.factories import MemberFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db


def test_all_kinds_of_activity_in_order(care_manager):
    member = MemberFactory(care_manager=care_manager)
    ContactFactory(member=member, occurred_at=at(datetime.date(2026, 3, 2), 9))
    ContactFactory(
        member=member,
        kind="outreach",
        reached="nobody",
        outcome="left_message",
        occurred_at=at(datetime.date(2026, 2, 20)),
    )
    hra = HraFactory(member=member, completed_on=datetime.date(2026, 3, 1))
    Assessment.objects.filter(pk=hra.pk).update(started_at=at(datetime.date(2026, 2, 28)))
    episode = enrolled(member, on=datetime.date(2026, 2, 25))
    EnrollmentTransition.objects.create(
        enrollment=episode,
        from_status="outreach",
        to_status="enrolled",
        effective_on=datetime.date(2026, 2, 25),
        changed_by=care_manager,
        changed_at=at(datetime.date(2026, 2, 25)),
    )
    with reversion.create_revision():
        plan = PlanFactory(member=member)
        reversion.set_user(care_manager)
        reversion.set_comment("Care plan created")
    plan.save()  # a save outside a revision adds no version

    entries = member_timeline(member).object_list

    assert [e.kind for e in entries] == [
        "care_plan_version",  # saved now
        "contact",  # 2026-03-02 09:00
        "assessment_completed",  # 2026-03-01, a date
        "assessment_started",  # 2026-02-28
        "enrollment",  # 2026-02-25
        "contact",  # 2026-02-20
    ]
    titles = [e.title for e in entries]
    assert "Contact by phone" in titles
    assert "Outreach attempt by phone" in titles
    assert "Health Risk Assessment completed" in titles
    assert "ECM enrollment: Enrolled" in titles
    assert entries[0].detail == "Care plan created"
    completed = next(e for e in entries if e.kind == "assessment_completed")
    assert completed.date_only and timezone.localtime(completed.at).date() == datetime.date(
        2026, 3, 1
    )


def test_order_is_latest_first(care_manager):
    member = MemberFactory(care_manager=care_manager)
    for day in (5, 1, 9):
        ContactFactory(member=member, occurred_at=at(datetime.date(2026, 4, day)))

    entries = member_timeline(member).object_list

    assert [timezone.localtime(e.at).day for e in entries] == [9, 5, 1]


@pytest.mark.parametrize("count", [30, 300])
def test_a_page_costs_one_query_whatever_the_history(care_manager, count):
    """The count comes with the page (count(*) OVER ()): one statement a page (issue 14)."""
    member = MemberFactory(care_manager=care_manager)
    ContactFactory.create_batch(count, member=member)
    HraFactory.create_batch(2, member=member)

    with CaptureQueriesContext(connection) as queries:
        page = member_timeline(member, page_number=2)
        entries = list(page.object_list)

    assert len(queries) == 1
    assert page.paginator.count == timeline_rows(member).count() > count  # as counted alone
    assert len(entries) == min(20, page.paginator.count - 20)


def test_a_page_past_the_end_shows_the_last_page(care_manager):
    member = MemberFactory(care_manager=care_manager)
    ContactFactory.create_batch(3, member=member)

    page = member_timeline(member, page_number=2)

    assert page.number == 1 and len(page.object_list) == 3


def test_timeline_paging_partial_and_access_log(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager)
    ContactFactory.create_batch(25, member=member)
    refresh_member_clocks(member_ids=[member.pk])
    url = reverse("careplans:member_timeline", args=[member.pk])

    response = client_for(care_manager).get(url, {"page": 2}, **HTMX)

    assert response.status_code == 200
    assert b'id="member-timeline"' in response.content
    assert b"<html" not in response.content
    assert len(response.context["timeline"].object_list) == 5
    assert AccessLog.objects.filter(member=member, viewed="contacts_timeline").exists()
