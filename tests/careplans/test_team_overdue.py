"""The supervisor's table: per care manager on the team, overdue and due-soon counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careplans.clocks.services import refresh_member_clocks
from tests.careplans.work_factories import HraFactory, PlanFactory, TaskFactory, cicm_member
from tests.factories import care_manager as make_care_manager

URL = reverse("careplans:team_overdue")
pytestmark = pytest.mark.django_db


@pytest.fixture
def team(care_manager, supervisor):
    today = timezone.localdate()
    old = today - datetime.timedelta(days=400)
    cicm_member(care_manager=care_manager, enrollment_start=old)  # initial HRA overdue
    reassess = cicm_member(care_manager=care_manager, enrollment_start=old)
    HraFactory(member=reassess, completed_on=old)  # reassessment + care plan overdue
    plan = PlanFactory(member=reassess, created_on=today)
    TaskFactory(plan=plan, due_on=today - datetime.timedelta(days=2))
    TaskFactory(plan=plan, due_on=today + datetime.timedelta(days=2))
    outsider = make_care_manager(username="cm.outside")
    cicm_member(care_manager=outsider, enrollment_start=old)
    refresh_member_clocks(member_ids=None)
    return outsider


def test_supervisor_sees_counts_for_their_team_only(client_for, supervisor, care_manager, team):
    response = client_for(supervisor).get(URL)

    assert response.status_code == 200
    rows = {row.pk: row for row in response.context["rows"]}
    assert set(rows) == {care_manager.pk}
    row = rows[care_manager.pk]
    assert row.overdue_assessments == 2
    assert row.overdue_care_plans == 0  # plan created today, after the HRA
    assert row.overdue_tasks == 1
    assert row.due_soon_tasks == 1
    assert f"?care_manager={care_manager.pk}".encode() in response.content


def test_plan_admin_sees_every_care_manager(client_for, plan_admin, care_manager, team):
    rows = client_for(plan_admin).get(URL).context["rows"]
    assert {row.pk for row in rows} >= {care_manager.pk, team.pk}


def test_one_query_for_the_table(supervisor, team):
    from careplans.worklists.selectors import team_overdue

    supervisor._role_names = frozenset({"supervisor"})
    with CaptureQueriesContext(connection) as queries:
        list(team_overdue(supervisor))
    assert len(queries) == 2  # the due-soon setting, then the table


def test_care_manager_and_cbo_get_404(client_for, care_manager, cbo_user):
    assert client_for(care_manager).get(URL).status_code == 404
    assert client_for(cbo_user).get(URL).status_code == 404
