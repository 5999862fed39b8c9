"""What a CBO partner may do on a shared member (issue 10): add contacts and notes (marked as by
the CBO), complete the care-plan tasks assigned to their organisation, propose goals the plan care
manager accepts or rejects; and the member's CBO care manager as a real task owner. Plus the
SUD tags that are set by themselves, and the plan's own "shared with the CBO" switch.
"""

import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from careplans.assessments.sud import REDISCLOSURE_NOTICE
from careplans.models import CarePlanGoal, CarePlanTask, Contact, GoalProposal
from careplans.plans import selectors as plan_selectors
from careplans.plans import services as care_plans
from careplans.plans.forms import NewTaskForm
from cbo_partners.models import CboAssignment
from tests import factories
from tests.careplans.plan_factories import (
    AssessmentNeedFactory,
    CompletedAssessmentFactory,
    NeedFactory,
    enrolled_member,
)
from tests.factories import share_with_cbo

HTMX = {"HTTP_HX_REQUEST": "true"}
SOON = datetime.date.today() + datetime.timedelta(days=14)


@pytest.fixture
def member(care_manager, cbo_user):
    return share_with_cbo(enrolled_member(care_manager=care_manager), cbo_user.organization)


@pytest.fixture
def plan(member, care_manager):
    return care_plans.create_care_plan(
        member=member, problems=[{"description": "Food insecurity"}], by=care_manager
    )


def fresh(plan):
    plan.refresh_from_db()
    return plan


def add_task(plan, by, **owner):
    plan = fresh(plan)
    return care_plans.add_task(
        plan=plan, revision=plan.revision, goal=None, description="Bring groceries",
        due_on=SOON, by=by, **owner,
    )  # fmt: skip


def url(name, member, *args):
    return reverse(f"careplans:{name}", args=[member.pk, *args])


def test_a_cbo_note_is_marked_as_by_the_cbo_and_reaches_the_plan(
    client_for, cbo_user, care_manager, member
):
    data = {
        "kind": "contact", "occurred_at": "2026-11-20T10:00", "mode": "phone",
        "reached": "member", "outcome": "reached", "note": "Groceries delivered",
    }  # fmt: skip

    response = client_for(cbo_user).post(url("member_contact_create", member), data, **HTMX)

    assert response.status_code == 200
    contact = Contact.objects.get(member=member)
    assert contact.by_organization == cbo_user.organization and contact.shared_with_cbo
    page = client_for(care_manager).get(url("member_contacts", member), **HTMX).content.decode()
    assert "Groceries delivered" in page
    assert f"by {cbo_user.organization.name} (CBO)" in page


def test_the_plan_shares_a_note_with_the_cbo_only_when_ticked(
    client_for, cbo_user, care_manager, member
):
    base = {
        "kind": "contact", "occurred_at": "2026-11-20T10:00", "mode": "phone",
        "reached": "member", "outcome": "reached",
    }  # fmt: skip
    plan_client = client_for(care_manager)
    plan_client.post(url("member_contact_create", member), {**base, "note": "Internal only"})
    plan_client.post(
        url("member_contact_create", member),
        {**base, "note": "For the CBO", "shared_with_cbo": "on"},
    )

    page = client_for(cbo_user).get(url("member_contacts", member), **HTMX).content.decode()

    assert "For the CBO" in page
    assert "Internal only" not in page
    api = client_for(cbo_user).get(reverse("api:member-contacts", args=[member.pk])).json()
    assert [c["note"] for c in api["results"]] == ["For the CBO"]


def test_a_cbo_completes_a_task_assigned_to_the_cbo_and_no_other(
    client_for, cbo_user, care_manager, member, plan
):
    theirs = add_task(plan, care_manager, owner="cbo_cm", owner_user=None, owner_name="CBO CM")
    ours = add_task(plan, care_manager, owner="plan_cm", owner_user=care_manager, owner_name="")
    client = client_for(cbo_user)
    section = client.get(url("care_plan", member), **HTMX).content.decode()
    assert section.count("Mark done") == 1

    revision = fresh(plan).revision
    refused = client.post(
        url("care_plan_task_complete", member, ours.pk), {"complete-revision": revision}, **HTMX
    )
    done = client.post(
        url("care_plan_task_complete", member, theirs.pk), {"complete-revision": revision}, **HTMX
    )

    assert refused.status_code == 404
    assert done.status_code == 200
    theirs.refresh_from_db()
    assert theirs.status == "done" and theirs.completed_by == cbo_user
    assert CarePlanTask.objects.get(pk=ours.pk).status == "open"


def test_the_cbo_care_manager_is_offered_as_a_task_owner_and_completes_the_task(
    client_for, cbo_user, care_manager, member, plan
):
    cbo_cm = factories.cbo_staff(username="cbo.cm", organization=cbo_user.organization)
    other_cbo = factories.cbo_staff(username="cbo.elsewhere")
    CboAssignment.objects.filter(member=member).update(cbo_care_manager=cbo_cm)

    choices = NewTaskForm(plan=fresh(plan), prefix="task").fields["owner_user"].queryset
    assert cbo_cm in choices and care_manager in choices
    assert other_cbo not in choices and cbo_user not in choices

    response = client_for(care_manager).post(
        url("care_plan_task_add", member),
        {
            "task-revision": fresh(plan).revision,
            "task-description": "Home visit",
            "task-owner": "cbo_cm",
            "task-owner_user": cbo_cm.pk,
            "task-due_on": SOON,
        },
        **HTMX,
    )
    assert response.status_code == 200
    task = CarePlanTask.objects.get(description="Home visit")
    assert task.owner_user == cbo_cm

    done = client_for(cbo_cm).post(
        reverse("api:care-plan-task-complete", args=[member.pk, task.pk]),
        {"revision": fresh(plan).revision},
        content_type="application/json",
    )
    assert done.status_code == 200
    assert CarePlanTask.objects.get(pk=task.pk).completed_by == cbo_cm


def test_a_proposed_goal_waits_for_the_plan_care_manager(
    client_for, cbo_user, care_manager, member, plan
):
    proposal = {
        "proposal-revision": fresh(plan).revision,
        "proposal-measurable_goal": "Cooks twice a week",
        "proposal-target_date": SOON,
    }
    response = client_for(cbo_user).post(url("care_plan_goal_propose", member), proposal, **HTMX)
    assert response.status_code == 200
    goal = CarePlanGoal.objects.get(measurable_goal="Cooks twice a week")
    assert goal.proposal == GoalProposal.PROPOSED and goal.proposed_by == cbo_user

    cm = client_for(care_manager)
    prefix = f"decide-{goal.pk}"
    no_reason = cm.post(
        url("care_plan_goal_decide", member, goal.pk),
        {f"{prefix}-revision": fresh(plan).revision, f"{prefix}-decision": "reject"},
        **HTMX,
    )
    assert no_reason.status_code == 422
    assert "Why rejected: Say why the proposed goal is rejected." in no_reason.content.decode()

    rejected = cm.post(
        url("care_plan_goal_decide", member, goal.pk),
        {
            f"{prefix}-revision": fresh(plan).revision,
            f"{prefix}-decision": "reject",
            f"{prefix}-note": "Not what the member wants",
        },
        **HTMX,
    )
    assert rejected.status_code == 200
    assert "Cooks twice a week" not in rejected.content.decode()
    assert CarePlanGoal.objects.get(pk=goal.pk).proposal == GoalProposal.REJECTED


def test_a_cbo_may_not_add_a_goal_directly_or_decide_a_proposal(client_for, cbo_user, member, plan):
    client = client_for(cbo_user)
    revision = fresh(plan).revision
    assert (
        client.post(url("care_plan_goal_add", member), {"goal-revision": revision}).status_code
        == 404
    )
    goal = care_plans.propose_goal(
        plan=fresh(plan), revision=revision, problem=None, member_words="",
        measurable_goal="Walks daily", target_date=SOON, by=cbo_user,
    )  # fmt: skip
    decide = client.post(url("care_plan_goal_decide", member, goal.pk), {})
    assert decide.status_code == 404


def test_substance_use_is_tagged_by_itself_from_the_need_down_to_the_task(care_manager):
    member = enrolled_member(care_manager=care_manager)
    need = NeedFactory(
        code="substance_use", label="Possible substance use disorder", icd10_codes=""
    )
    flag = AssessmentNeedFactory(assessment=CompletedAssessmentFactory(member=member), need=need)
    plan = care_plans.create_care_plan(
        member=member, problems=[{"source": flag, "description": "Drinks daily"}], by=care_manager
    )
    problem = plan.problems.get()
    goal = care_plans.add_goal(
        plan=fresh(plan), revision=fresh(plan).revision, problem=problem, member_words="",
        measurable_goal="Sees a counsellor", target_date=SOON, status="not_started",
        by=care_manager,
    )  # fmt: skip
    task = care_plans.add_task(
        plan=fresh(plan), revision=fresh(plan).revision, goal=goal, description="Refer",
        owner="plan_cm", owner_user=care_manager, owner_name="", due_on=SOON, by=care_manager,
    )  # fmt: skip
    assert problem.sud and goal.sud and task.sud
    # and a form that leaves the box unticked cannot untag what came from an SUD need
    care_plans.update_problem(
        problem=problem, revision=fresh(plan).revision, description="Drinks daily",
        resolved_on=None, sud=False, by=care_manager,
    )  # fmt: skip
    problem.refresh_from_db()
    assert problem.sud


def test_the_plan_care_manager_tags_a_problem_sud_and_the_cbo_stops_seeing_it(
    client_for, care_manager, cbo_user, member, plan
):
    problem = plan.problems.get()
    response = client_for(care_manager).post(
        url("care_plan_problem", member, problem.pk),
        {"edit-revision": fresh(plan).revision, "edit-description": "Alcohol", "edit-sud": "on"},
        **HTMX,
    )
    assert response.status_code == 200

    section = client_for(cbo_user).get(url("care_plan", member), **HTMX).content.decode()
    assert "Alcohol" not in section
    assert list(plan_selectors.active_plan(member, reader=cbo_user).problems.all()) == []
    assert [p.description for p in plan_selectors.active_plan(member).problems.all()] == ["Alcohol"]


def test_the_page_notice_is_the_regulation_text_word_for_word():
    html = render_to_string("careplans/_part2_notice.html")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert REDISCLOSURE_NOTICE in text


@pytest.mark.parametrize("extra", [1, 12])
def test_the_care_plan_section_costs_a_cbo_the_same_queries_whatever_its_size(
    client_for, cbo_user, care_manager, member, plan, extra, django_assert_num_queries
):
    for n in range(extra):
        add_task(plan, care_manager, owner="cbo_cm", owner_user=None, owner_name=f"CBO {n}")
        care_plans.propose_goal(
            plan=fresh(plan), revision=fresh(plan).revision, problem=None, member_words="",
            measurable_goal=f"Goal {n}", target_date=SOON, by=cbo_user,
        )  # fmt: skip
    client = client_for(cbo_user)

    # session, user with roles, member with its access-log row, the Part 2 consent, plan + 4 parts
    with django_assert_num_queries(9):
        response = client.get(url("care_plan", member), **HTMX)

    assert response.status_code == 200
    assert response.content.decode().count("Mark done") == extra


@pytest.mark.parametrize("extra", [1, 12])
def test_the_contacts_section_costs_a_cbo_the_same_queries_whatever_its_size(
    client_for, cbo_user, care_manager, member, extra, django_assert_num_queries
):
    from careplans.outreach import services as contact_services

    for n in range(extra):
        contact_services.record_contact(
            member=member, kind="contact", occurred_at=timezone.now(), mode="phone",
            reached="member", outcome="reached", note=f"Shared {n}", shared_with_cbo=True,
            by=care_manager,
        )  # fmt: skip
    client = client_for(cbo_user)

    # session, user with roles, member with its access-log row (one statement), the Part 2
    # consent, the timeline page (counted in the same statement)
    with django_assert_num_queries(5):
        response = client.get(url("member_contacts", member), **HTMX)

    assert response.status_code == 200
    assert response.content.decode().count("Shared ") == min(extra, 20)
