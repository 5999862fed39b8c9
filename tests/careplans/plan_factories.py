"""Factories for care plans and the assessment rows that pre-fill them.

The assessment screens are built elsewhere; these factories make the finished rows directly
(a completed assessment and the needs it flagged) so care-plan tests do not depend on scoring.
Plans made here are plain rows, not revisions: tests that need versions go through the services.
"""

import datetime

import factory

from tests.factories import MemberFactory, ProgramEnrollmentFactory, care_manager


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.Need"
        django_get_or_create = ["code"]

    code = "food_insecurity"
    label = "Food insecurity"
    icd10_codes = "Z59.41"
    community_supports = ["medically_tailored_meals"]


class QuestionSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.QuestionSet"
        django_get_or_create = ["kind", "version"]

    kind = "sdoh"
    version = 1
    title = "AHC HRSN screening"
    status = "published"


class CompletedAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.Assessment"

    member = factory.SubFactory(MemberFactory)
    question_set = factory.SubFactory(QuestionSetFactory)
    status = "completed"
    started_by = factory.LazyFunction(lambda: care_manager(username="cm.assessor"))
    completed_by = factory.SelfAttribute("started_by")
    completed_on = datetime.date(2026, 9, 1)


class AssessmentNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.AssessmentNeed"

    assessment = factory.SubFactory(CompletedAssessmentFactory)
    need = factory.SubFactory(NeedFactory)
    points = 1
    evidence = "food ran out in the past 12 months"


def enrolled_member(**kwargs):
    """A member enrolled in their program (the precondition of a care plan)."""
    member = MemberFactory(**kwargs)
    ProgramEnrollmentFactory(
        member=member,
        program=member.program,
        status="enrolled",
        outreach_started_on=datetime.date(2026, 9, 30),
        enrolled_on=datetime.date(2026, 10, 1),
    )
    return member


class CarePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.CarePlan"

    member = factory.SubFactory(MemberFactory)
    program = factory.LazyAttribute(lambda plan: plan.member.program)
    created_by = factory.LazyFunction(lambda: care_manager(username="cm.planner"))
    created_on = factory.LazyFunction(datetime.date.today)


class CarePlanProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.CarePlanProblem"

    plan = factory.SubFactory(CarePlanFactory)
    description = "Food insecurity"


class CarePlanGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.CarePlanGoal"

    plan = factory.SubFactory(CarePlanFactory)
    member_words = "I want to have food every day of the month."
    measurable_goal = "Enrolled in medically tailored meals"
    target_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=60))


class CarePlanTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.CarePlanTask"

    plan = factory.SubFactory(CarePlanFactory)
    description = "Refer to the medically tailored meals provider"
    owner = "plan_cm"
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))
    created_on = factory.LazyFunction(datetime.date.today)


class CareTeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.CareTeamMember"

    plan = factory.SubFactory(CarePlanFactory)
    name = factory.Faker("name")
    role = "Primary care physician"
    organization = "Eastside Clinic"


def care_plan_with_one_of_each(member, by) -> dict[str, int]:
    """An enrolled member's plan, built through the services (so it has versions), with one
    problem, goal, task and care team member; answers the ids URLs need."""
    from careplans.plans import selectors as plan_selectors
    from careplans.plans import services as care_plans

    if plan_selectors.enrolled_program(member) is None:
        ProgramEnrollmentFactory(
            member=member,
            program=member.program,
            status="enrolled",
            outreach_started_on=datetime.date(2026, 9, 30),
            enrolled_on=datetime.date(2026, 10, 1),
        )
    plan = care_plans.create_care_plan(
        member=member, problems=[{"description": "Food insecurity"}], by=by
    )
    problem = plan.problems.get()
    goal = care_plans.add_goal(
        plan=plan,
        revision=plan.revision,
        problem=problem,
        member_words="Food every day",
        measurable_goal="Enrolled in medically tailored meals",
        target_date=datetime.date.today() + datetime.timedelta(days=60),
        status="not_started",
        by=by,
    )
    task = care_plans.add_task(
        plan=plan,
        revision=plan.revision,
        goal=goal,
        description="Refer to the meals provider",
        owner="plan_cm",
        owner_user=by,
        owner_name="",
        due_on=datetime.date.today() + datetime.timedelta(days=7),
        by=by,
    )
    person = care_plans.add_team_member(
        plan=plan, revision=plan.revision, name="Dr. Rivera", role="PCP", by=by
    )
    return {
        "problem_id": problem.pk,
        "goal_id": goal.pk,
        "task_id": task.pk,
        "team_member_id": person.pk,
        "version_number": 1,
    }
