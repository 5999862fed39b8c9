"""Every change of a care plan is a version; any two versions can be put side by side."""

import datetime

import pytest
from django.urls import reverse

from careplans.plans import selectors as plan_selectors
from careplans.plans import services as care_plans
from careplans.plans import versions as plan_versions
from tests.careplans.plan_factories import care_plan_with_one_of_each, enrolled_member
from tests.factories import share_with_cbo

TODAY = datetime.date.today()


@pytest.fixture
def member(care_manager):
    return enrolled_member(care_manager=care_manager)


def versions_url(member, **query):
    url = reverse("careplans:plan_versions", args=[member.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_every_change_is_a_numbered_version_with_who_when_and_why(member, care_manager, plan_ids):
    plan = plan_selectors.active_plan(member)

    versions = plan_versions.plan_versions(plan)

    assert [v.number for v in versions] == [1, 2, 3, 4]
    assert [v.comment for v in versions] == [
        "Care plan created with 1 problem(s)",
        "Goal added",
        "Task added",
        "Care team member added",
    ]
    assert {v.saved_by for v in versions} == {care_manager.get_full_name()}
    assert plan.revision == 4


def test_a_version_holds_the_whole_plan_as_it_was(member, plan_ids):
    plan = plan_selectors.active_plan(member)
    first, *_, last = plan_versions.plan_versions(plan)

    before = dict(plan_versions.version_sections(first))
    after = dict(plan_versions.version_sections(last))

    assert [p["Problem"] for p in before["Problems"]] == ["Food insecurity"]
    assert before["Goals"] == [] and before["Tasks"] == [] and before["Care team"] == []
    assert after["Goals"][0]["Problem"] == "Food insecurity"
    assert after["Tasks"][0]["Goal"] == "Enrolled in medically tailored meals"
    assert after["Care team"][0]["Name"] == "Dr. Rivera"


def test_comparing_two_versions_marks_added_removed_and_changed_items(
    member, care_manager, plan_ids
):
    plan = plan_selectors.active_plan(member)
    goal = plan.goals.get()
    care_plans.update_goal(
        goal=goal,
        revision=plan.revision,
        problem=goal.problem,
        member_words=goal.member_words,
        measurable_goal=goal.measurable_goal,
        target_date=goal.target_date,
        status="in_progress",
        by=care_manager,
    )
    care_plans.remove_team_member(
        team_member=plan.team.get(), revision=plan.revision, by=care_manager
    )
    versions = plan_versions.plan_versions(plan)

    comparison = plan_versions.compare_versions(versions[1], versions[-1])

    changes = {s.title: [i.change for i in s.items] for s in comparison.sections}
    assert changes == {
        "Plan and acknowledgement": ["same"],
        "Problems": ["same"],
        "Goals": ["changed"],
        "Tasks": ["added"],
        "Care team": [],
    }
    goals = next(s for s in comparison.sections if s.title == "Goals")
    assert goals.items[0].changed_fields == {"Status"}
    team_removed = plan_versions.compare_versions(versions[3], versions[-1]).sections[-1]
    assert [i.change for i in team_removed.items] == ["removed"]


def test_the_versions_page_lists_versions_and_shows_any_two_side_by_side(
    client_for, care_manager, member, plan_ids
):
    response = client_for(care_manager).get(versions_url(member, left=1, right=4))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Version 1 and version 4 side by side" in page
    assert page.count('data-change="added"') == 3
    assert "Care team member added" in page


def test_the_acknowledgement_shows_as_a_changed_field(client_for, care_manager, member, plan_ids):
    plan = plan_selectors.active_plan(member)
    care_plans.record_acknowledgement(
        plan=plan, revision=plan.revision, acknowledged_on=TODAY, method="signed", by=care_manager
    )

    response = client_for(care_manager).get(versions_url(member))

    page = response.content.decode()
    assert "Version 4 and version 5 side by side" in page
    assert (
        'class="diff-field-changed"><th scope="row">Acknowledgement</th><td>—</td><td>Signed'
        in (page)
    )


def test_cbo_staff_get_404_on_the_versions_of_a_shared_member(client_for, cbo_user, care_manager):
    """Least necessary (issue 10): old versions may hold what the plan no longer shares (an
    SUD problem tagged since), so partners read only the current shared plan."""
    member = share_with_cbo(enrolled_member(care_manager=care_manager), cbo_user.organization)
    care_plan_with_one_of_each(member, care_manager)

    response = client_for(cbo_user).get(versions_url(member))

    assert response.status_code == 404


def _more_versions(member, by, count: int):
    plan = plan_selectors.active_plan(member)
    for n in range(count):
        care_plans.add_problem(plan=plan, revision=plan.revision, description=f"P{n}", by=by)


@pytest.mark.parametrize("extra", [0, 12])
def test_the_versions_page_takes_the_same_queries_whatever_the_history(
    client_for, care_manager, member, plan_ids, extra, django_assert_num_queries
):
    _more_versions(member, care_manager, extra)
    client = client_for(care_manager)

    # session, the user with their roles and organisation (layout), member with its access-log
    # row (one statement), plan, content types, versions, the two versions' rows, the users they
    # name, and the session save
    with django_assert_num_queries(7):
        response = client.get(versions_url(member, left=1, right=2 + extra))

    assert response.status_code == 200
