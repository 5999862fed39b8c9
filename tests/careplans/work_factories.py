"""Factories for outreach, contacts, clocks and the rows clock rules read (issue 4 work lists).

Rows are made directly so clock tests do not depend on the assessment and care-plan screens.
"""

import datetime

import factory
from django.utils import timezone

from tests.careplans.plan_factories import CompletedAssessmentFactory, QuestionSetFactory
from tests.factories import MemberFactory, ProgramEnrollmentFactory, care_manager


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """An instant on a plan-local day (a winter offset is fine for dates in tests)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.Contact"

    member = factory.SubFactory(MemberFactory)
    kind = "contact"
    occurred_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    mode = "phone"
    reached = "member"
    outcome = "reached"
    duration_minutes = 15
    note = ""
    recorded_by = factory.LazyFunction(lambda: care_manager(username="cm.recorder"))


class HraQuestionSetFactory(QuestionSetFactory):
    kind = "hra"
    title = "Health Risk Assessment"


class HraFactory(CompletedAssessmentFactory):
    """A completed HRA; pass status="draft", completed_on=None for one in progress."""

    question_set = factory.SubFactory(HraQuestionSetFactory)
    completed_on = datetime.date(2026, 3, 1)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.CarePlan"

    member = factory.SubFactory(MemberFactory)
    program = factory.LazyAttribute(lambda plan: plan.member.program)
    created_by = factory.LazyFunction(lambda: care_manager(username="cm.planner"))
    created_on = datetime.date(2026, 3, 10)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.CarePlanTask"

    plan = factory.SubFactory(PlanFactory)
    description = "Schedule PCP follow-up"
    owner = "plan_cm"
    due_on = datetime.date(2026, 4, 1)
    created_on = datetime.date(2026, 3, 10)


class DischargeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "eligibility.UtilizationEvent"

    member = factory.SubFactory(MemberFactory)
    event_type = "inpatient_admission"
    end_date = datetime.date(2026, 5, 5)
    start_date = factory.LazyAttribute(lambda e: e.end_date - datetime.timedelta(days=4))
    source_id = factory.Sequence(lambda n: f"UTL{n}")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.CareManagerAssignment"

    member = factory.SubFactory(MemberFactory)
    care_manager = factory.LazyAttribute(lambda a: a.member.care_manager)
    assigned_by = factory.LazyFunction(lambda: care_manager(username="cm.assigner"))
    assigned_at = factory.LazyFunction(timezone.now)


class ClockSettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.ClockSetting"

    key = "care_plan"
    days = 30
    reason = "Plan policy"
    changed_at = factory.LazyFunction(timezone.now)


def enrolled(member, *, program=None, on=datetime.date(2026, 1, 15)):
    """Enroll a member in their program (an open episode in status enrolled)."""
    return ProgramEnrollmentFactory(
        member=member,
        program=program or member.program,
        status="enrolled",
        identified_on=on - datetime.timedelta(days=10),
        outreach_started_on=on - datetime.timedelta(days=5),
        enrolled_on=on,
    )


def cicm_member(**kwargs):
    kwargs.setdefault("plan_product", "DSNP:H1234-001")
    kwargs.setdefault("mbi", "1EG4TE5MK73")
    return MemberFactory(**kwargs)
