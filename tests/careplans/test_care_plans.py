"""The individualized care plan page: create, problems, goals, tasks, team, acknowledgement."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AccessLog
from careplans.models import CarePlan, CarePlanTask
from careplans.plans import selectors as plan_selectors
from careplans.plans import services as care_plans
from tests.careplans.plan_factories import (
    AssessmentNeedFactory,
    CompletedAssessmentFactory,
    NeedFactory,
    enrolled_member,
)
from tests.factories import MemberFactory, share_with_cbo

HTMX = {"HTTP_HX_REQUEST": "true"}
TODAY = datetime.date.today()


@pytest.fixture
def member(care_manager, cbo_user):
    return share_with_cbo(enrolled_member(care_manager=care_manager), cbo_user.organization)


def url(name, member, *args):
    return reverse(f"careplans:{name}", args=[member.pk, *args])


def plan_of(member) -> CarePlan:
    return plan_selectors.active_plan(member)


def test_new_plan_form_prefills_flagged_needs_with_their_z_codes(client_for, care_manager, member):
    assessment = CompletedAssessmentFactory(member=member)
    AssessmentNeedFactory(assessment=assessment)
    housing = NeedFactory(code="housing", label="Housing instability", icd10_codes="Z59.811")
    AssessmentNeedFactory(assessment=assessment, need=housing)

    response = client_for(care_manager).get(url("care_plan_new", member))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Food insecurity (Z59.41)" in page
    assert "Housing instability (Z59.811)" in page


def test_creating_a_plan_keeps_chosen_needs_edited_and_hand_added_problems(
    client_for, care_manager, member
):
    food = AssessmentNeedFactory(assessment=CompletedAssessmentFactory(member=member))
    housing = AssessmentNeedFactory(
        assessment=food.assessment, need=NeedFactory(code="housing", label="Housing")
    )
    data = {
        f"include_{food.pk}": "on",
        f"description_{food.pk}": "Runs out of food at month end",
        f"description_{housing.pk}": "Housing",
        "other_problems": "Lives alone\n\nNo phone",
    }

    response = client_for(care_manager).post(url("care_plan_new", member), data)

    assert response.status_code == 302
    plan = plan_of(member)
    problems = [(p.description, p.need and p.need.icd10_codes) for p in plan.problems.all()]
    assert problems == [
        ("Runs out of food at month end", "Z59.41"),
        ("Lives alone", None),
        ("No phone", None),
    ]
    assert plan.program == member.program and plan.created_by == care_manager


def test_a_member_who_is_not_enrolled_gets_no_plan_and_a_clear_message(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager)

    response = client_for(care_manager).post(url("care_plan_new", member), {"other_problems": "x"})

    assert response.status_code == 422
    assert "A care plan is for an enrolled member" in response.content.decode()
    assert not CarePlan.objects.filter(member=member).exists()


def test_a_member_has_one_active_plan(care_manager, member, plan_ids):
    with pytest.raises(care_plans.ValidationError, match="already has an active"):
        care_plans.create_care_plan(member=member, problems=[], by=care_manager)


def test_a_goal_without_a_target_date_gets_a_field_message(
    client_for, care_manager, member, plan_ids
):
    plan = plan_of(member)
    data = {"goal-revision": plan.revision, "goal-measurable_goal": "Walk daily"}

    response = client_for(care_manager).post(url("care_plan_goal_add", member), data, **HTMX)

    assert response.status_code == 422
    assert 'id="id_goal-target_date_error">A goal needs a target date.' in response.content.decode()
    assert plan.goals.count() == 1


def test_a_goal_is_added_in_place_with_htmx(client_for, care_manager, member, plan_ids):
    plan = plan_of(member)
    data = {
        "goal-revision": plan.revision,
        "goal-member_words": "I want to walk to church",
        "goal-measurable_goal": "Walk 20 minutes 5 days a week",
        "goal-target_date": (TODAY + datetime.timedelta(days=90)).isoformat(),
        "goal-status": "in_progress",
    }

    response = client_for(care_manager).post(url("care_plan_goal_add", member), data, **HTMX)

    assert response.status_code == 200
    assert 'id="member-care-plan"' in response.content.decode()
    assert "I want to walk to church" in response.content.decode()
    assert plan_of(member).revision == plan.revision + 1


def test_editing_a_goal_opens_its_form_in_place_and_saves(
    client_for, care_manager, member, plan_ids
):
    client = client_for(care_manager)
    goal_url = url("care_plan_goal", member, plan_ids["goal_id"])

    form = client.get(goal_url, **HTMX)
    plan = plan_of(member)
    saved = client.post(
        goal_url,
        {
            "edit-revision": plan.revision,
            "edit-measurable_goal": "Enrolled and receiving meals",
            "edit-target_date": (TODAY + datetime.timedelta(days=30)).isoformat(),
            "edit-status": "met",
        },
        **HTMX,
    )

    assert 'value="Enrolled in medically tailored meals"' in form.content.decode()
    assert saved.status_code == 200
    goal = plan_of(member).goals.get()
    assert (goal.measurable_goal, goal.status) == ("Enrolled and receiving meals", "met")


def _task_data(plan, **changes):
    data = {
        "task-revision": plan.revision,
        "task-description": "Call the food bank",
        "task-owner": "member",
        "task-owner_name": "Member",
        "task-due_on": (TODAY + datetime.timedelta(days=3)).isoformat(),
    }
    return data | changes


def test_a_task_due_in_the_past_on_creation_gets_a_field_message(
    client_for, care_manager, member, plan_ids
):
    plan = plan_of(member)
    data = _task_data(plan, **{"task-due_on": (TODAY - datetime.timedelta(days=1)).isoformat()})

    response = client_for(care_manager).post(url("care_plan_task_add", member), data, **HTMX)

    assert response.status_code == 422
    assert 'id="id_task-due_on_error">A new task cannot be due in the past.' in (
        response.content.decode()
    )


def test_a_task_names_who_does_it(client_for, care_manager, member, plan_ids):
    plan = plan_of(member)
    data = _task_data(plan, **{"task-owner_name": ""})

    response = client_for(care_manager).post(url("care_plan_task_add", member), data, **HTMX)

    assert response.status_code == 422
    assert "pick a user or type a name" in response.content.decode()


def test_marking_a_task_done_records_when(client_for, care_manager, member, plan_ids):
    plan = plan_of(member)
    data = {
        "edit-revision": plan.revision,
        "edit-description": "Refer to the meals provider",
        "edit-owner": "plan_cm",
        "edit-owner_user": care_manager.pk,
        "edit-due_on": (TODAY + datetime.timedelta(days=7)).isoformat(),
        "edit-status": "done",
    }

    response = client_for(care_manager).post(
        url("care_plan_task", member, plan_ids["task_id"]), data, **HTMX
    )

    assert response.status_code == 200
    task = CarePlanTask.objects.get(pk=plan_ids["task_id"])
    assert (task.status, task.completed_on) == ("done", TODAY)


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (-1, "cannot be dated before the plan was created"),
        (1, "cannot be in the future"),
    ],
)
def test_an_acknowledgement_outside_the_plan_life_gets_a_field_message(
    client_for, care_manager, member, plan_ids, days, message
):
    plan = plan_of(member)
    data = {
        "ack-revision": plan.revision,
        "ack-acknowledged_on": (TODAY + datetime.timedelta(days=days)).isoformat(),
        "ack-method": "signed",
    }

    response = client_for(care_manager).post(url("care_plan_acknowledgement", member), data)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert plan_of(member).acknowledged_on is None


def test_an_acknowledgement_records_date_and_method(client_for, care_manager, member, plan_ids):
    plan = plan_of(member)
    data = {
        "ack-revision": plan.revision,
        "ack-acknowledged_on": TODAY.isoformat(),
        "ack-method": "verbal",
    }

    client_for(care_manager).post(url("care_plan_acknowledgement", member), data)

    plan = plan_of(member)
    assert (plan.acknowledged_on, plan.acknowledgement_method) == (TODAY, "verbal")


def test_mark_reviewed_records_the_review_date_and_refreshes_clocks(
    client_for, care_manager, member, plan_ids, monkeypatch, django_capture_on_commit_callbacks
):
    from careplans.clocks import services as clocks

    refreshed = []
    monkeypatch.setattr(
        clocks, "refresh_member_clocks", lambda *, member_ids: refreshed.append(member_ids)
    )
    plan = plan_of(member)

    with django_capture_on_commit_callbacks(execute=True):
        client_for(care_manager).post(
            url("care_plan_review", member), {"review-revision": plan.revision}
        )

    assert plan_of(member).last_reviewed_on == TODAY
    assert refreshed == [[member.pk]]


def test_care_team_members_are_added_and_removed(client_for, care_manager, member, plan_ids):
    client = client_for(care_manager)
    plan = plan_of(member)
    client.post(
        url("care_plan_team_add", member),
        {"team-revision": plan.revision, "team-name": "Ana Ruiz", "team-role": "CBO CM"},
    )
    plan = plan_of(member)
    client.post(
        url("care_plan_team_remove", member, plan_ids["team_member_id"]),
        {"remove-revision": plan.revision},
    )

    assert [p.name for p in plan_of(member).team.all()] == ["Ana Ruiz"]


def test_cbo_staff_read_a_shared_members_plan_but_get_404_on_writes(
    client_for, cbo_user, member, plan_ids
):
    client = client_for(cbo_user)
    plan = plan_of(member)

    read = client.get(url("care_plan", member), **HTMX)
    write = client.post(url("care_plan_review", member), {"review-revision": plan.revision})

    assert read.status_code == 200
    assert "Enrolled in medically tailored meals" in read.content.decode()
    assert "Add goal" not in read.content.decode()
    assert write.status_code == 404
    assert plan_of(member).last_reviewed_on is None


def test_another_care_managers_member_is_a_404(client_for, other_care_manager, member, plan_ids):
    response = client_for(other_care_manager).get(url("care_plan", member))

    assert response.status_code == 404


def test_viewing_the_plan_writes_an_access_log_row(client_for, care_manager, member, plan_ids):
    client_for(care_manager).get(url("care_plan", member), **HTMX)

    assert AccessLog.objects.filter(
        user=care_manager, member=member, viewed=AccessLog.View.CARE_PLAN
    ).exists()


def test_member_page_loads_the_care_plan_section(client_for, care_manager, member):
    response = client_for(care_manager).get(reverse("members:detail", args=[member.pk]))

    assert f'hx-get="{url("care_plan", member)}"' in response.content.decode()


def _grow(member, by, extra: int):
    plan = plan_of(member)
    for n in range(extra):
        goal = care_plans.add_goal(
            plan=plan,
            revision=plan.revision,
            problem=None,
            member_words="",
            measurable_goal=f"Goal {n}",
            target_date=TODAY + datetime.timedelta(days=30),
            status="not_started",
            by=by,
        )
        care_plans.add_task(
            plan=plan,
            revision=plan.revision,
            goal=goal,
            description=f"Task {n}",
            owner="care_team",
            owner_user=None,
            owner_name="Dr. Rivera",
            due_on=TODAY + datetime.timedelta(days=3),
            by=by,
        )
        care_plans.add_team_member(
            plan=plan, revision=plan.revision, name=f"Person {n}", role="PCP", by=by
        )


@pytest.mark.parametrize("extra", [0, 15])
def test_the_plan_page_takes_the_same_queries_whatever_its_size(
    client_for, care_manager, member, plan_ids, extra, django_assert_num_queries
):
    _grow(member, care_manager, extra)
    client = client_for(care_manager)

    # session, the user with their roles, member with its access-log row (one statement), plan +
    # 4 parts, the needs with Z codes (the problem form), the task owner choices (a server-side
    # cursor: declare, fetch, close) and the session save
    with django_assert_num_queries(10):
        response = client.get(url("care_plan", member), **HTMX)

    assert response.status_code == 200


def test_a_problem_named_like_its_need_is_not_echoed(client_for, care_manager, member):
    """Issue 13: "Fall risk (Fall risk)"."""
    assessment = CompletedAssessmentFactory(member=member)
    falls = AssessmentNeedFactory(
        assessment=assessment,
        need=NeedFactory(code="fall_risk", label="Fall risk", icd10_codes="Z91.81"),
    )
    food = AssessmentNeedFactory(assessment=assessment)
    data = {
        f"include_{falls.pk}": "on", f"description_{falls.pk}": "Fall risk",
        f"include_{food.pk}": "on", f"description_{food.pk}": "Skips meals at month end",
    }  # fmt: skip
    client = client_for(care_manager)
    client.post(url("care_plan_new", member), data)

    page = client.get(url("care_plan", member), **HTMX).content.decode()

    assert "Fall risk (Fall risk)" not in page
    assert "Fall risk</td>" in page
    assert 'Skips meals at month end <span class="muted">(Food insecurity)</span>' in page


def test_goals_are_shown_under_their_problem(client_for, care_manager, member, plan_ids):
    plan = plan_of(member)
    housing = care_plans.add_problem(
        plan=plan, revision=plan.revision, description="Behind on rent", by=care_manager
    )
    for problem, words in [(housing, "Keep my apartment"), (None, "Walk every day")]:
        plan = plan_of(member)
        care_plans.add_goal(
            plan=plan, revision=plan.revision, problem=problem, member_words=words,
            measurable_goal=words, target_date=TODAY + datetime.timedelta(days=30),
            status="not_started", by=care_manager,
        )  # fmt: skip

    page = client_for(care_manager).get(url("care_plan", member), **HTMX).content.decode()

    goals = page[page.index('id="goals-h"') : page.index('id="tasks-h"')]
    order = [
        goals.index("For: Food insecurity"),
        goals.index("Food every day"),
        goals.index("For: Behind on rent"),
        goals.index("Keep my apartment"),
        goals.index("Not tied to a problem"),
        goals.index("Walk every day"),
    ]
    assert order == sorted(order)


def test_a_hand_written_problem_takes_z_codes_from_the_catalog(
    client_for, care_manager, member, plan_ids
):
    """Issue 13: Z codes could only come with a need an assessment flagged."""
    housing = NeedFactory(code="housing", label="Housing instability", icd10_codes="Z59.811")
    client = client_for(care_manager)
    plan = plan_of(member)
    form = client.get(url("care_plan", member), **HTMX).content.decode()
    assert "Housing instability: Z59.811" in form

    response = client.post(
        url("care_plan_problem_add", member),
        {"problem-revision": plan.revision, "problem-description": "Couch-surfing since May",
         "problem-need": housing.pk},
        **HTMX,
    )  # fmt: skip

    assert response.status_code == 200, response.content
    problem = plan_of(member).problems.get(description="Couch-surfing since May")
    assert problem.need == housing
    assert "Z59.811" in response.content.decode()

    edit = url("care_plan_problem", member, problem.pk)
    client.post(
        edit,
        {"edit-revision": plan_of(member).revision, "edit-description": "Couch-surfing",
         "edit-need": ""},
        **HTMX,
    )  # fmt: skip
    problem.refresh_from_db()
    assert problem.need is None and problem.description == "Couch-surfing"
