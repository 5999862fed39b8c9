"""Assigning members to care managers: the service, the page's bulk action, and the history."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from members.models import CareManagerAssignment, Member
from members.services import assign_members
from tests.factories import MemberFactory
from tests.factories import care_manager as make_care_manager

HTMX = {"HTTP_HX_REQUEST": "true"}


def give(care_manager, count, **fields) -> list[Member]:
    return Member.objects.bulk_create(
        MemberFactory.build_batch(count, care_manager=care_manager, **fields)
    )


def ids(members) -> list[int]:
    return [m.pk for m in members]


def care_managers_of(members) -> set:
    return set(Member.objects.filter(pk__in=ids(members)).values_list("care_manager", flat=True))


@pytest.fixture
def teammate(supervisor):
    return make_care_manager(
        username="cm.team", first_name="Tina", last_name="Teammate", supervisor=supervisor
    )


# The service


def test_bulk_assign_writes_one_history_row_per_member(supervisor, care_manager, teammate):
    members = give(care_manager, 12) + give(None, 3)

    changed = assign_members(member_ids=ids(members), care_manager=teammate, by=supervisor)

    assert changed == 15
    assert care_managers_of(members) == {teammate.pk}
    history = CareManagerAssignment.objects.all()
    assert sorted(h.member_id for h in history) == sorted(ids(members))
    assert {(h.care_manager_id, h.assigned_by_id) for h in history} == {
        (teammate.pk, supervisor.pk)
    }
    previous = [h.previous_care_manager_id for h in history]
    assert (previous.count(care_manager.pk), previous.count(None)) == (12, 3)


def test_bulk_assign_is_one_update_and_one_insert_whatever_the_count(
    supervisor, care_manager, teammate
):
    def statements_for(count: int) -> list[str]:
        members = give(care_manager, count)
        assigner = User.objects.get(pk=supervisor.pk)  # as in a request: roles not yet read
        with CaptureQueriesContext(connection) as queries:
            assert assign_members(member_ids=ids(members), care_manager=teammate, by=assigner)
        return [q["sql"] for q in queries.captured_queries]

    few, many = statements_for(3), statements_for(30)

    assert len(few) == len(many)
    writes = [sql for sql in many if "UPDATE" in sql or "INSERT" in sql]
    assert len(writes) == 1  # one statement: UPDATE ... RETURNING feeding INSERT ... SELECT
    assert "UPDATE members_member" in writes[0]
    assert "INSERT INTO members_caremanagerassignment" in writes[0]


def test_members_already_with_that_care_manager_are_skipped(supervisor, care_manager, teammate):
    already = give(teammate, 2)
    moving = give(care_manager, 3)

    changed = assign_members(member_ids=ids(already + moving), care_manager=teammate, by=supervisor)

    assert changed == 3
    assert sorted(CareManagerAssignment.objects.values_list("member_id", flat=True)) == sorted(
        ids(moving)
    )


def test_assigning_nothing_new_writes_nothing(supervisor, teammate):
    already = give(teammate, 2)
    assert assign_members(member_ids=ids(already), care_manager=teammate, by=supervisor) == 0
    assert not CareManagerAssignment.objects.exists()


def test_a_care_manager_outside_the_team_is_refused_and_nothing_changes(
    supervisor, care_manager, other_care_manager
):
    members = give(care_manager, 3)

    with pytest.raises(ValidationError, match="not on your team"):
        assign_members(member_ids=ids(members), care_manager=other_care_manager, by=supervisor)

    assert care_managers_of(members) == {care_manager.pk}
    assert not CareManagerAssignment.objects.exists()


def test_members_the_supervisor_cannot_see_are_left_alone(supervisor, teammate, other_care_manager):
    other_team = give(other_care_manager, 2)

    assert assign_members(member_ids=ids(other_team), care_manager=teammate, by=supervisor) == 0
    assert care_managers_of(other_team) == {other_care_manager.pk}


def test_care_managers_cannot_assign(care_manager):
    members = give(care_manager, 1)
    with pytest.raises(ValidationError, match="Only supervisors and plan admins"):
        assign_members(member_ids=ids(members), care_manager=None, by=care_manager)
    assert care_managers_of(members) == {care_manager.pk}


def test_plan_admin_may_assign_to_any_care_manager(plan_admin, other_care_manager):
    members = give(None, 2)
    assert (
        assign_members(member_ids=ids(members), care_manager=other_care_manager, by=plan_admin) == 2
    )
    assert care_managers_of(members) == {other_care_manager.pk}


def test_unassign_records_who_had_the_member(supervisor, care_manager):
    members = give(care_manager, 2) + give(None, 1)

    changed = assign_members(member_ids=ids(members), care_manager=None, by=supervisor)

    assert changed == 2
    assert care_managers_of(members) == {None}
    assert set(
        CareManagerAssignment.objects.values_list("previous_care_manager", "care_manager")
    ) == {(care_manager.pk, None)}


# The page's bulk action: POST /members/assign/


def test_supervisor_assigns_selected_members_from_the_list(
    client_for, supervisor, care_manager, teammate
):
    members = give(care_manager, 4)

    response = client_for(supervisor).post(
        reverse("members:assign"),
        {"member_ids": ids(members[:3]), "assign_to": str(teammate.pk)},
    )

    assert response.status_code == 200
    assert "3 member(s) assigned to Tina Teammate." in response.content.decode()
    assert care_managers_of(members[:3]) == {teammate.pk}
    assert care_managers_of(members[3:]) == {care_manager.pk}
    assert CareManagerAssignment.objects.count() == 3


def test_assign_keeps_the_list_filters(client_for, supervisor, care_manager, teammate):
    in_fresno = MemberFactory(care_manager=care_manager, county="Fresno", last_name="Fresnan")
    MemberFactory(care_manager=care_manager, county="Kern", last_name="Kernan")

    response = client_for(supervisor).post(
        reverse("members:assign"),
        {"member_ids": [in_fresno.pk], "assign_to": str(teammate.pk), "county": "Fresno"},
        **HTMX,
    )

    assert response.status_code == 200
    assert [m.last_name for m in response.context["page"].object_list] == ["Fresnan"]
    assert b"<html" not in response.content


def test_assign_page_refuses_a_care_manager_outside_the_team(
    client_for, supervisor, care_manager, other_care_manager
):
    members = give(care_manager, 2)

    response = client_for(supervisor).post(
        reverse("members:assign"),
        {"member_ids": ids(members), "assign_to": str(other_care_manager.pk)},
    )

    assert response.status_code == 422
    assert "That care manager is not on your team." in response.content.decode()
    assert care_managers_of(members) == {care_manager.pk}
    assert not CareManagerAssignment.objects.exists()


def test_assign_page_unassigns_with_the_explicit_choice(client_for, supervisor, care_manager):
    members = give(care_manager, 2)

    response = client_for(supervisor).post(
        reverse("members:assign"), {"member_ids": ids(members), "assign_to": "unassign"}
    )

    assert response.status_code == 200
    assert "2 member(s) assigned to nobody (unassigned)." in response.content.decode()
    assert care_managers_of(members) == {None}


def test_an_empty_choice_does_not_unassign(client_for, supervisor, care_manager):
    members = give(care_manager, 2)

    response = client_for(supervisor).post(
        reverse("members:assign"), {"member_ids": ids(members), "assign_to": ""}
    )

    assert response.status_code == 422
    assert "Choose a care manager (or Unassign)" in response.content.decode()
    assert care_managers_of(members) == {care_manager.pk}


def test_assign_page_needs_selected_members(client_for, supervisor, teammate):
    response = client_for(supervisor).post(
        reverse("members:assign"), {"assign_to": str(teammate.pk)}
    )
    assert response.status_code == 422
    assert "Select at least one member." in response.content.decode()


def test_care_manager_gets_404_from_the_assign_page(client_for, care_manager):
    members = give(care_manager, 1)

    response = client_for(care_manager).post(
        reverse("members:assign"), {"member_ids": ids(members), "assign_to": "unassign"}
    )

    assert response.status_code == 404
    assert care_managers_of(members) == {care_manager.pk}


def test_member_page_shows_the_assignment_history(client_for, supervisor, care_manager, teammate):
    member = MemberFactory(care_manager=care_manager)
    care_manager.first_name, care_manager.last_name = "Carla", "Casework"
    care_manager.save(update_fields=["first_name", "last_name"])
    supervisor.first_name, supervisor.last_name = "Sam", "Super"
    supervisor.save(update_fields=["first_name", "last_name"])
    assign_members(member_ids=[member.pk], care_manager=teammate, by=supervisor)

    response = client_for(supervisor).get(reverse("members:detail", args=[member.pk]))

    page = response.content.decode()
    assert "Assignment history" in page and "Never reassigned." not in page
    history_row = page.split('id="hist-h"')[1]
    assert "<td>Carla Casework</td><td>Tina Teammate</td><td>Sam Super</td>" in history_row
