"""A care manager's task list: open care-plan tasks and running clocks of their caseload, sorted,
filtered, scoped to what they may see, at a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careplans.clocks.services import refresh_member_clocks
from tests.careplans.work_factories import PlanFactory, TaskFactory, cicm_member
from tests.factories import MemberFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
URL = reverse("careplans:tasks")
pytestmark = pytest.mark.django_db


def kinds_and_members(response):
    return [(i.kind, i.member_name.split(",")[0]) for i in response.context["items"]]


@pytest.fixture
def caseload(care_manager, other_care_manager):
    today = timezone.localdate()
    mine = cicm_member(
        care_manager=care_manager,
        last_name="Alvarez",
        enrollment_start=today - datetime.timedelta(days=100),
    )
    plan = PlanFactory(member=mine, created_on=today - datetime.timedelta(days=10))
    TaskFactory(plan=plan, due_on=today + datetime.timedelta(days=3), description="Call PCP")
    TaskFactory(plan=plan, due_on=today - datetime.timedelta(days=1), status="done")
    theirs = MemberFactory(care_manager=other_care_manager, last_name="Zed")
    other_plan = PlanFactory(member=theirs)
    TaskFactory(
        plan=other_plan,
        owner_user=care_manager,
        description="Owned by me",
        due_on=today + datetime.timedelta(days=40),
    )
    TaskFactory(plan=other_plan, description="Not mine")
    refresh_member_clocks(member_ids=None)
    return mine


def test_lists_open_tasks_and_running_clocks_of_my_caseload(client_for, care_manager, caseload):
    response = client_for(care_manager).get(URL)

    assert response.status_code == 200
    items = response.context["items"]
    assert [(i.kind, i.what) for i in items if i.kind == "task"] == [("task", "Call PCP")]
    initial = next(i for i in items if i.kind == "initial_hra")
    assert initial.state == "overdue" and initial.member_id == caseload.pk
    assert b"Not mine" not in response.content
    # Owned by me, but on a member I may not see: not listed either.
    assert b"Owned by me" not in response.content


def test_filters_by_state_and_kind_and_sorts(client_for, care_manager, caseload):
    client = client_for(care_manager)

    overdue = client.get(URL, {"state": "overdue"}, **HTMX)
    tasks_only = client.get(URL, {"kind": "task"}, **HTMX)
    by_kind = client.get(URL, {"sort": "kind"}, **HTMX)
    by_due = client.get(URL, {"sort": "due"}, **HTMX)
    by_due_last = client.get(URL, {"sort": "-due"}, **HTMX)

    assert {i.state for i in overdue.context["items"]} == {"overdue"}
    assert [i.kind for i in tasks_only.context["items"]] == ["task"]
    assert [i.kind for i in by_kind.context["items"]] == sorted(
        i.kind for i in by_kind.context["items"]
    )
    dues = [i.due_on for i in by_due.context["items"]]
    assert dues == sorted(dues)
    latest_first = [i.due_on for i in by_due_last.context["items"]]
    assert latest_first == sorted(dues, reverse=True) and latest_first != dues
    assert b"<html" not in overdue.content


def test_supervisor_sees_a_team_members_items_but_not_others(
    client_for, supervisor, care_manager, other_care_manager, caseload
):
    client = client_for(supervisor)
    team = client.get(URL, {"care_manager": care_manager.pk})
    outside = client.get(URL, {"care_manager": other_care_manager.pk})

    assert team.status_code == 200
    assert any(i.kind == "task" for i in team.context["items"])
    assert outside.status_code == 404


def test_care_manager_cannot_list_someone_elses_items(client_for, care_manager, other_care_manager):
    response = client_for(care_manager).get(URL, {"care_manager": other_care_manager.pk})
    assert response.status_code == 404


def test_query_count_is_the_same_for_6_60_and_600_items(client_for, care_manager):
    """Each member brings 4 open tasks and two running clocks, initial HRA and plan review."""
    client = client_for(care_manager)
    client.get(URL)  # warm up session and role caches
    counts, made = [], 0
    for total in (6, 60, 600):
        for _ in range(total // 6 - made):
            plan = PlanFactory(member=cicm_member(care_manager=care_manager))
            TaskFactory.create_batch(4, plan=plan)
        made = total // 6
        refresh_member_clocks(member_ids=None)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"sort": "member", "state": "all"})
        assert response.context["page"].paginator.count == total
        counts.append(len(queries))
        unions = [q["sql"] for q in queries.captured_queries if "UNION ALL" in q["sql"]]
        # compiled once: the list counted and paged in one statement, the pre-go-live group in one
        assert len(unions) == 2
    assert counts[0] == counts[1] == counts[2]
