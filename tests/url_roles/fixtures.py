"""The users of each role and the ids the URLs take, for the route checks (and for the other
URL-walking tests: tests/test_url_methods.py, tests/test_cbo_leaks.py)."""

import datetime

import factory
import pytest
from django.utils import timezone
from knox.models import AuthToken

from cbo_partners.assignments.services import assign
from cbo_partners.models import CboAssignment
from core.models import ImportJob, ImportProblem
from notifications.models import Notification
from risk.models import StratificationRun
from tests.careplans.assessment_factories import AssessmentFactory, assessment_url_ids
from tests.careplans.plan_factories import care_plan_with_one_of_each
from tests.cbo_partners.threads.thread_helpers import thread_url_ids
from tests.factories import (
    CboFactory,
    EvaluationRunFactory,
    MemberFactory,
    cbo_lead,
    cbo_partner,
    share_with_cbo,
)
from tests.referrals.helpers import cs_referral_to


class FinishedImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportJob

    kind = ImportJob.Kind.ROSTER
    status = ImportJob.Status.REJECTED
    stage = "Rejected: nothing was changed"
    progress_percent = 100
    source_name = "members.csv"
    problem_count = 1


class ImportProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportProblem

    job = factory.SubFactory(FinishedImportJobFactory)
    line = 2
    column = "cin"
    reason = "is required"


@pytest.fixture
def users(care_manager, supervisor, plan_admin, cbo_user):
    return {
        "anonymous": None,
        "care_manager": care_manager,
        "supervisor": supervisor,
        "plan_admin": plan_admin,
        "cbo_staff": cbo_user,
        "cbo_lead": cbo_lead(username="cbo.lead", organization=cbo_user.organization),
    }


def _cbo_ids(member, organization, by) -> dict:
    """A partner with a contact, and the member's assignment to it and a consent with a form."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cbo_partners.consent import services as consents
    from cbo_partners.directory import services as directory
    from cbo_partners.models import CboAssignment

    partner = cbo_partner(organization)
    contact = directory.add_contact(partner=partner, by=by, name="Front desk")
    consent = consents.record(
        member=member,
        recipients=[partner],
        scopes=["care_coordination"],
        method="written",
        effective_on=datetime.date(2026, 1, 5),
        by=by,
        form=SimpleUploadedFile("signed.pdf", b"%PDF-1.4 signed", "application/pdf"),
    )
    return {
        "partner_id": partner.pk,
        "contact_id": contact.pk,
        "assignment_id": CboAssignment.objects.filter(member=member).latest("id").pk,
        "consent_id": consent.pk,
    }


@pytest.fixture
def url_kwargs(users, settings, tmp_path):
    """Ids for URLs that need them: a member every role may see (shared with the CBO user's
    organisation, whose thread names the CBO user as CBO care manager), and a finished import
    job."""
    settings.MEDIA_ROOT = tmp_path
    member = share_with_cbo(
        MemberFactory(care_manager=users["care_manager"]), users["cbo_staff"].organization
    )
    job = FinishedImportJobFactory(requested_by=users["plan_admin"])
    ImportProblemFactory(job=job)
    run = EvaluationRunFactory(requested_by=users["plan_admin"])
    plan_ids = care_plan_with_one_of_each(member, users["care_manager"])
    assessment_ids = assessment_url_ids(member, users["care_manager"])
    cbo_ids = _cbo_ids(member, users["cbo_staff"].organization, users["plan_admin"])
    assignment = CboAssignment.objects.get(pk=cbo_ids["assignment_id"])
    assignment.cbo_care_manager = users["cbo_staff"]
    assignment.save(update_fields=["cbo_care_manager"])
    return {
        **thread_url_ids(assignment, users["care_manager"]),
        **cbo_ids,
        "member_id": member.pk,
        "job_id": job.pk,
        "run_id": run.pk,
        "token_key": AuthToken.objects.create(user=users["care_manager"])[0].token_key,
        "user_id": users["care_manager"].pk,
        "job_name": "sessions",
        "notification_id": Notification.objects.create(
            user=users["care_manager"],
            kind="clock",
            key=f"clock:{member.pk}:initial_hra",
            day=datetime.date(2026, 9, 30),
            member=member,
            title="Initial HRA due today",
            link=f"/members/{member.pk}/",
            created_at=timezone.now(),
        ).pk,
        "stratification_id": StratificationRun.objects.create(
            as_of=datetime.date(2026, 9, 30), rule_version="2026.1", status="succeeded"
        ).pk,
        "cbo_task_id": cbo_task(member, users["care_manager"]),
        "referral_id": cs_referral_to(
            member, users["cbo_staff"].organization, by=users["care_manager"]
        ).pk,
        **plan_ids,
        **assessment_ids,
    }


def cbo_task(member, by) -> int:
    """A task of the member's plan owned by "the CBO care manager" (a CBO partner completes it)."""
    from careplans.plans import selectors as plan_selectors
    from careplans.plans import services as care_plans

    plan = plan_selectors.active_plan(member)
    task = care_plans.add_task(
        plan=plan, revision=plan.revision, goal=None, description="Bring groceries",
        owner="cbo_cm", owner_user=None, owner_name="CBO care manager",
        due_on=datetime.date.today() + datetime.timedelta(days=7), by=by,
    )  # fmt: skip
    return task.pk


@pytest.fixture
def outside_kwargs(url_kwargs, other_care_manager, users):
    """The same ids for a member only the plan admin may see: another care manager's (not on
    the supervisor's team), shared with another CBO only; the plan's parts, assessment and CBO
    thread are theirs."""
    member = MemberFactory(care_manager=other_care_manager)
    plan_ids = care_plan_with_one_of_each(member, other_care_manager)
    assessment = AssessmentFactory(
        member=member,
        question_set_id=url_kwargs["question_set_id"],
        started_by=other_care_manager,
    )
    other = CboFactory()
    assign(member=member, partner=cbo_partner(other), program="CICM", by=users["plan_admin"])
    cbo_ids = _cbo_ids(member, other, users["plan_admin"])
    thread_ids = thread_url_ids(
        CboAssignment.objects.get(pk=cbo_ids["assignment_id"]), other_care_manager
    )
    return {
        **url_kwargs,
        **plan_ids,
        **thread_ids,
        "member_id": member.pk,
        "assessment_id": assessment.pk,
        "assignment_id": cbo_ids["assignment_id"],
        "consent_id": cbo_ids["consent_id"],
        "cbo_task_id": cbo_task(member, other_care_manager),
    }
