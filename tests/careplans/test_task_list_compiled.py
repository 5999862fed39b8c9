"""The task list's union is compiled once per reader, owner and day (careplans/worklists): the
statement is kept, never its rows, so what changes in the data shows on the next listing, and
what the statement is built from (the reader's roles, the day) makes a new one."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.access import scope_signature
from accounts.roles import Role, role_group
from careplans.worklists import selectors
from tests.careplans.work_factories import PlanFactory, TaskFactory, cicm_member
from tests.factories import OrganizationFactory

URL = reverse("careplans:tasks")
pytestmark = pytest.mark.django_db


def descriptions(response) -> list[str]:
    return [item.what for item in response.context["items"]]


@pytest.fixture
def compiles(monkeypatch):
    """How many times the union was built from the sources (a spy: the real function runs)."""
    built = []
    real = selectors.source_items

    def counted(**kwargs):
        if not kwargs.get("snoozed_only"):  # the snoozed group, for supervisors, is not kept
            built.append(kwargs["owner"].pk)
        return real(**kwargs)

    monkeypatch.setattr(selectors, "source_items", counted)
    return built


def test_the_union_is_compiled_once_and_new_tasks_still_show(client_for, care_manager, compiles):
    today = timezone.localdate()
    plan = PlanFactory(member=cicm_member(care_manager=care_manager))
    TaskFactory(plan=plan, due_on=today + datetime.timedelta(days=2), description="Call PCP")
    client = client_for(care_manager)

    assert descriptions(client.get(URL, {"state": "all"})) == ["Call PCP"]
    TaskFactory(plan=plan, due_on=today + datetime.timedelta(days=1), description="Book ride")
    assert descriptions(client.get(URL, {"state": "all"})) == ["Book ride", "Call PCP"]
    assert len(compiles) == 1  # the second listing reused the statement, not its rows


def test_a_supervisor_and_the_care_manager_get_statements_of_their_own(
    client_for, care_manager, supervisor, compiles
):
    today = timezone.localdate()
    plan = PlanFactory(member=cicm_member(care_manager=care_manager))
    TaskFactory(plan=plan, due_on=today, description="Call PCP")

    assert descriptions(client_for(care_manager).get(URL, {"state": "all"})) == ["Call PCP"]
    as_supervisor = client_for(supervisor).get(
        URL, {"state": "all", "care_manager": care_manager.pk}
    )
    assert descriptions(as_supervisor) == ["Call PCP"]
    assert len(compiles) == 2  # one reader's scope is never another's


def test_a_scope_signature_changes_with_the_readers_roles_and_organization(care_manager):
    before = scope_signature(care_manager)
    care_manager.groups.add(role_group(Role.SUPERVISOR))
    for cached in ("_role_names", "_capabilities"):  # what a new request would load afresh
        care_manager.__dict__.pop(cached, None)
    with_role = scope_signature(care_manager)
    assert with_role != before
    care_manager.organization = OrganizationFactory(name="Another plan")
    assert scope_signature(care_manager) != with_role
