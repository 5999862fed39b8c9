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


def cbo_lead(**kwargs) -> User:
    """A CBO's lead: CBO staff who also decides on assignments."""
    user = cbo_staff(**kwargs)
    user.groups.add(role_group(Role.CBO_LEAD))
    return user


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


def cbo_partner(organization, *, capacity=500):
    """The directory entry of a CBO organisation, made through the directory service."""
    from cbo_partners.directory import services as directory
    from cbo_partners.models import Partner

    partner = Partner.objects.filter(organization=organization).first()
    if partner is None:
        partner = directory.create_partner(
            name=organization.name, organization=organization, by=directory_admin(),
            capacity=capacity,
        )  # fmt: skip
    return partner


def directory_admin() -> User:
    """The plan admin who keeps the CBO directory in the tests (its changes name a user)."""
    return UserFactory(username="directory.admin", role=Role.PLAN_ADMIN)


def share_with_cbo(
    member,
    organization,
    *,
    part2=False,
    consented_on=datetime.date(2026, 1, 5),
    care_manager=None,
    program="CICM",
):
    """Share `member` with the CBO `organization` through the services: an assignment accepted
    by the CBO naming `care_manager` (by default the organisation's first CBO staff user, if
    any) and an active care-coordination consent naming it (and Part 2 when `part2`). Tests
    share members only through this, so how sharing is stored can change in one place.
    Returns the member, refreshed.
    """
    from cbo_partners.assignments import services as assignments
    from cbo_partners.consent import services as consents
    from cbo_partners.models import ConsentMethod, ConsentScope

    partner = cbo_partner(organization)
    recorder = UserFactory(username="consent.recorder", role=Role.SUPERVISOR)
    if care_manager is None:
        care_manager = (
            User.objects.filter(organization=organization, groups__name=Role.CBO_STAFF)
            .order_by("pk")
            .first()
        )
    assignment = assignments.assign(member=member, partner=partner, program=program, by=recorder)
    if care_manager is not None:
        assignments.accept(assignment=assignment, by=recorder, cbo_care_manager=care_manager)
    scopes = [ConsentScope.CARE_COORDINATION] + ([ConsentScope.SUD_PART2] if part2 else [])
    consents.record(
        member=member,
        recipients=[partner],
        scopes=scopes,
        method=ConsentMethod.WRITTEN,
        effective_on=consented_on,
        by=recorder,
    )
    member.refresh_from_db()
    return member
