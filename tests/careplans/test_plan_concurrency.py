"""Two people editing one care plan: the second save is refused, with nothing lost.

Each form carries the plan revision it was opened on; a save takes the revision with an atomic
`UPDATE ... WHERE revision = %s`, so a save over someone else's change fails and says whose.
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from careplans.models import CarePlan
from careplans.plans import selectors as plan_selectors
from careplans.plans import services as care_plans
from careplans.plans import versions as plan_versions
from tests.careplans.plan_factories import care_plan_with_one_of_each, enrolled_member
from tests.factories import care_manager as make_care_manager

HTMX = {"HTTP_HX_REQUEST": "true"}
TARGET = (datetime.date.today() + datetime.timedelta(days=45)).isoformat()


@pytest.fixture
def member(supervisor, care_manager):
    member = enrolled_member(care_manager=care_manager)
    care_plan_with_one_of_each(member, care_manager)
    return member


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def opened_revision(client, member) -> str:
    page = client.get(reverse("careplans:care_plan", args=[member.pk]), **HTMX)
    return re.search(r'name="goal-revision" value="(\d+)"', page.content.decode()).group(1)


def add_goal(client, member, revision, words):
    return client.post(
        reverse("careplans:care_plan_goal_add", args=[member.pk]),
        {
            "goal-revision": revision,
            "goal-member_words": words,
            "goal-measurable_goal": "Attend 2 appointments a month",
            "goal-target_date": TARGET,
            "goal-status": "not_started",
        },
        **HTMX,
    )


def test_a_save_over_someone_elses_change_is_refused_and_the_input_reshown(
    member, care_manager, supervisor
):
    supervisor.first_name, supervisor.last_name = "Sam", "Lee"
    supervisor.save()
    mine, theirs = logged_in(care_manager), logged_in(supervisor)
    my_revision = opened_revision(mine, member)
    their_revision = opened_revision(theirs, member)

    first = add_goal(theirs, member, their_revision, "I want to see my daughter")
    second = add_goal(mine, member, my_revision, "I want to get my teeth fixed")

    page = second.content.decode()
    assert first.status_code == 200
    assert second.status_code == 409
    assert re.search(
        r"This care plan was changed by Sam Lee at \d{4}-\d\d-\d\d \d\d:\d\d while you were "
        r"editing; your changes are below, review and save again",
        page,
    )
    assert "I want to get my teeth fixed</textarea>" in page
    assert "I want to see my daughter" in page  # their change is shown too
    plan = CarePlan.objects.get(member=member)
    assert f'name="goal-revision" value="{plan.revision}"' in page
    assert [g.member_words for g in plan.goals.all()].count("I want to get my teeth fixed") == 0


def test_saving_again_after_review_succeeds(member, care_manager, supervisor):
    mine, theirs = logged_in(care_manager), logged_in(supervisor)
    stale = opened_revision(mine, member)
    add_goal(theirs, member, opened_revision(theirs, member), "Their goal")
    refused = add_goal(mine, member, stale, "My goal")
    current = re.search(r'name="goal-revision" value="(\d+)"', refused.content.decode()).group(1)

    again = add_goal(mine, member, current, "My goal")

    assert again.status_code == 200
    words = {g.member_words for g in CarePlan.objects.get(member=member).goals.all()}
    assert {"Their goal", "My goal"} <= words


def test_a_stale_service_call_writes_nothing_not_even_a_version(member, care_manager):
    plan = plan_selectors.active_plan(member)
    before = len(plan_versions.plan_versions(plan))

    with pytest.raises(care_plans.StalePlanError) as refused:
        care_plans.mark_reviewed(plan=plan, revision=plan.revision - 1, by=care_manager)

    assert refused.value.current_revision == plan.revision
    assert CarePlan.objects.get(pk=plan.pk).last_reviewed_on is None
    assert len(plan_versions.plan_versions(plan)) == before


def test_the_stale_message_names_whoever_saved_last(member, care_manager):
    plan = plan_selectors.active_plan(member)
    nurse = make_care_manager(username="cm.nurse", first_name="Noor", last_name="Haddad")
    opened = plan.revision
    care_plans.mark_reviewed(plan=plan, revision=opened, by=nurse)

    with pytest.raises(care_plans.StalePlanError, match="changed by Noor Haddad at"):
        care_plans.add_problem(plan=plan, revision=opened, description="Falls", by=care_manager)
