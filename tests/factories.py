"""Factories for test data; tests build rows through these, not Model.objects.create."""

import datetime
import itertools

import factory

from accounts.models import Organization, User
from accounts.roles import Role, role_group
from members.models import Member

_cin_numbers = itertools.count(10_000_000)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["name"]

    name = "Golden State Health Plan"
    kind = Organization.Kind.PLAN


class CboFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"Community Partner {n}")
    kind = Organization.Kind.CBO


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    organization = factory.SubFactory(OrganizationFactory)
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(role_group(extracted))


def care_manager(**kwargs) -> User:
    return UserFactory(role=Role.CARE_MANAGER, **kwargs)


def supervisor(**kwargs) -> User:
    return UserFactory(role=Role.SUPERVISOR, **kwargs)


def plan_admin(**kwargs) -> User:
    return UserFactory(role=Role.PLAN_ADMIN, **kwargs)


def cbo_staff(**kwargs) -> User:
    kwargs.setdefault("organization", CboFactory())
    return UserFactory(role=Role.CBO_STAFF, **kwargs)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    cin = factory.LazyFunction(lambda: f"{next(_cin_numbers):08d}A")
    last_name = factory.Faker("last_name")
    first_name = factory.Faker("first_name")
    date_of_birth = datetime.date(1952, 4, 9)
    sex = "F"
    county = "Los Angeles"
    plan_product = "MCP"
    enrollment_start = datetime.date(2024, 1, 1)


class EvaluationRunFactory(factory.django.DjangoModelFactory):
    """A finished evaluation run; add determinations with DeterminationFactory(run=...)."""

    class Meta:
        model = "eligibility.EvaluationRun"

    as_of = datetime.date(2026, 9, 30)
    rule_version = "2026.1"
    status = "succeeded"
    stage = "Done"
    progress_percent = 100


class DeterminationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "eligibility.Determination"

    run = factory.SubFactory(EvaluationRunFactory)
    member = factory.SubFactory(MemberFactory)
    program = factory.LazyAttribute(lambda d: d.member.program or "ECM")
    population = "homeless"
    status = factory.LazyAttribute(lambda d: "eligible" if d.population else "not_eligible")
    evidence = "housing status homeless on the roster"
    is_new = False


class ProgramEnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.ProgramEnrollment"

    member = factory.SubFactory(MemberFactory)
    program = "ECM"
    status = "identified"
    identified_on = datetime.date(2026, 9, 30)


def share_with_cbo(member, organization, *, part2=False, consented_on=datetime.date(2026, 1, 5)):
    """Share `member` with the CBO `organization`: an accepted assignment and an active
    care-coordination consent naming it (and Part 2 when `part2`). Tests share members only
    through this, so how sharing is stored can change in one place.
    """
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from cbo_partners.models import (
        AssignmentStatus,
        CboAssignment,
        Consent,
        ConsentMethod,
        ConsentScope,
        Partner,
    )

    partner = Partner.objects.filter(organization=organization).first()
    if partner is None:
        group = Group.objects.get_or_create(name=f"cbo:{organization.pk}")[0]
        partner = Partner.objects.create(organization=organization, group=group, capacity=500)
    recorder = UserFactory(username="consent.recorder")
    CboAssignment.objects.create(
        member=member,
        partner=partner,
        program="CICM",
        status=AssignmentStatus.ACCEPTED,
        assigned_by=recorder,
        assigned_at=timezone.now(),
    )
    scopes = [ConsentScope.CARE_COORDINATION] + ([ConsentScope.SUD_PART2] if part2 else [])
    consent = Consent.objects.create(
        member=member,
        scopes=scopes,
        method=ConsentMethod.WRITTEN,
        effective_on=consented_on,
        recorded_by=recorder,
        recorded_at=timezone.now(),
    )
    consent.recipients.add(partner)
    member.cbo = organization
    member.cbo_consent_on = consented_on
    member.save(update_fields=["cbo", "cbo_consent_on"])
    return member
