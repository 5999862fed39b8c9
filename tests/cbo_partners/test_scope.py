"""Which members a CBO's staff see: only while an open assignment and an active care-coordination
consent naming their CBO both exist; a care manager only those assigned to them, the lead all
of the organisation's. Revocation and expiry answer 404 on the next request, with no job run;
the CBO's open tasks go back to the plan care manager, who is told."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import access
from audit.models import AccessLog
from careplans.models import CarePlanTask
from careplans.plans.versions import plan_versions
from cbo_partners.assignments import services as assignments
from cbo_partners.consent import services as consents
from cbo_partners.models import Consent
from notifications.models import Notification
from tests.careplans.plan_factories import care_plan_with_one_of_each
from tests.factories import (
    CboFactory,
    MemberFactory,
    cbo_lead,
    cbo_partner,
    cbo_staff,
    share_with_cbo,
    supervisor,
)
from tests.factories import (
    care_manager as make_care_manager,
)

pytestmark = pytest.mark.django_db


def page(client, member):
    return client.get(reverse("members:detail", args=[member.pk]))


def visible(user):
    return set(access.members_visible_to(user).values_list("pk", flat=True))


@pytest.fixture
def org(cbo_user):
    return cbo_user.organization


def test_shared_not_shared_other_cbo(client_for, cbo_user, org):
    shared = share_with_cbo(MemberFactory(), org)
    other = share_with_cbo(MemberFactory(), CboFactory())
    plain = MemberFactory()
    client = client_for(cbo_user)

    assert page(client, shared).status_code == 200
    for member in (other, plain):
        assert page(client, member).status_code == 404
    assert visible(cbo_user) == {shared.pk}


def test_assignment_without_consent_shows_nothing(cbo_user, org):
    member = MemberFactory()
    assignments.assign(
        member=member, partner=cbo_partner(org), program="CICM", by=supervisor(username="s1")
    )
    assert visible(cbo_user) == set()


def test_revocation_answers_404_on_the_next_request_and_returns_tasks(
    client_for, cbo_user, org, care_manager, django_capture_on_commit_callbacks
):
    member = share_with_cbo(MemberFactory(care_manager=care_manager), org)
    care_plan_with_one_of_each(member, care_manager)
    task = CarePlanTask.objects.filter(plan__member=member).first()
    CarePlanTask.objects.filter(pk=task.pk).update(owner="cbo_cm", owner_user=cbo_user)
    client = client_for(cbo_user)
    section = reverse("cbo_partners:member_section", args=[member.pk])
    assert page(client, member).status_code == 200

    consent = Consent.objects.get(member=member)
    with django_capture_on_commit_callbacks(execute=True):
        consents.revoke(consent=consent, by=care_manager, revoked_on=datetime.date.today())

    assert page(client, member).status_code == 404
    assert client.get(section, HTTP_HX_REQUEST="true").status_code == 404
    task.refresh_from_db()
    assert (task.owner, task.owner_user) == ("plan_cm", care_manager)
    note = Notification.objects.get(user=care_manager, kind=Notification.Kind.CBO)
    assert "1 open task came back to you" in note.title
    assert member.last_name not in note.title


def test_expiry_cuts_access_on_its_day_without_the_sweep(
    client_for, cbo_user, org, care_manager, monkeypatch, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    member = MemberFactory(care_manager=care_manager)
    partner = cbo_partner(org)
    sup = supervisor(username="sup.exp")
    assignment = assignments.assign(member=member, partner=partner, program="CICM", by=sup)
    assignments.accept(assignment=assignment, by=sup, cbo_care_manager=cbo_user)
    consents.record(
        member=member, recipients=[partner], scopes=["care_coordination"], method="written",
        effective_on=today - datetime.timedelta(days=30), expires_on=today, by=care_manager,
    )  # fmt: skip
    assert page(client_for(cbo_user), member).status_code == 200  # the last day still counts

    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert page(client_for(cbo_user), member).status_code == 404  # no job has run
    with django_capture_on_commit_callbacks(execute=True):
        ended = consents.sweep()
    assert ended == 1  # the sweep removes the grant and tells the plan CM
    assert Notification.objects.filter(user=care_manager, kind="cbo").exists()


def test_a_cbo_care_manager_sees_only_their_members_the_lead_sees_all(client_for, org):
    first = cbo_staff(username="cbo.first", organization=org)
    second = cbo_staff(username="cbo.second", organization=org)
    lead = cbo_lead(username="cbo.boss", organization=org)
    mine = share_with_cbo(MemberFactory(), org, care_manager=first)
    theirs = share_with_cbo(MemberFactory(), org, care_manager=second)

    assert visible(first) == {mine.pk}
    assert page(client_for(first), theirs).status_code == 404
    assert visible(lead) == {mine.pk, theirs.pk}

    assignment = theirs.cbo_assignments.get()
    assignments.change_cbo_care_manager(assignment=assignment, by=lead, cbo_care_manager=first)
    assert visible(first) == {mine.pk, theirs.pk}
    assert visible(second) == set()


def test_the_cbo_member_list_costs_the_same_queries_whatever_the_count(
    client_for, cbo_user, org, django_assert_max_num_queries
):
    client = client_for(cbo_user)
    share_with_cbo(MemberFactory(), org)
    client.get(reverse("members:list"))
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("members:list")).status_code == 200
    for _ in range(8):
        share_with_cbo(MemberFactory(), org)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("members:list"))
    assert response.content.decode().count('href="/members/') >= 9


def test_the_lead_decides_on_the_waiting_page(client_for, org, care_manager):
    lead = cbo_lead(username="cbo.boss", organization=org)
    staff = cbo_staff(username="cbo.cm2", organization=org)
    sup = supervisor(username="sup.x")
    partner = cbo_partner(org)
    waiting = [
        assignments.assign(
            member=MemberFactory(last_name=f"Waiting{i}"), partner=partner, program="CICM", by=sup
        )
        for i in range(3)
    ]
    consents.record(
        member=waiting[2].member, recipients=[partner], scopes=["care_coordination"],
        method="verbal", effective_on=datetime.date(2026, 1, 5), by=care_manager,
    )  # fmt: skip
    client = client_for(lead)
    response = client.get(reverse("cbo_partners:decisions"))
    assert response.status_code == 200
    assert "Waiting for the member's consent" in response.content.decode()
    assert waiting[2].member.last_name in response.content.decode()
    assert waiting[0].member.last_name not in response.content.decode()
    log = AccessLog.objects.get(user=lead, viewed=AccessLog.View.CBO_DECISIONS)
    assert log.member_ids == [waiting[2].member_id]

    declined = client.post(
        reverse("cbo_partners:assignment_decline", args=[waiting[0].pk]),
        {"decline_reason": "other", "decline_note": ""},
    )
    assert declined.status_code == 422
    assert "Say why the CBO declines" in declined.content.decode()

    accepted = client.post(
        reverse("cbo_partners:assignment_accept", args=[waiting[1].pk]),
        {"cbo_care_manager": staff.pk},
    )
    assert accepted.status_code == 302
    waiting[1].refresh_from_db()
    assert waiting[1].cbo_care_manager == staff


def test_another_cbos_lead_gets_404_for_the_assignment(client_for, org):
    partner = cbo_partner(org)
    assignment = assignments.assign(
        member=MemberFactory(), partner=partner, program="CICM", by=supervisor(username="s2")
    )
    stranger = cbo_lead(username="cbo.stranger")
    response = client_for(stranger).post(
        reverse("cbo_partners:assignment_decline", args=[assignment.pk]),
        {"decline_reason": "language"},
    )
    assert response.status_code == 404


def test_plan_cm_without_the_member_gets_404_for_its_consent_form(client_for, org):
    member = share_with_cbo(MemberFactory(care_manager=make_care_manager(username="cm.x")), org)
    consent = Consent.objects.get(member=member)
    other = make_care_manager(username="cm.y")
    url = reverse("cbo_partners:consent_form", args=[member.pk, consent.pk])
    assert client_for(other).get(url).status_code == 404


def test_the_tasks_given_back_are_a_version_of_the_plan(
    client_for, cbo_user, org, care_manager, django_capture_on_commit_callbacks
):
    member = share_with_cbo(MemberFactory(care_manager=care_manager), org)
    care_plan_with_one_of_each(member, care_manager)
    task = CarePlanTask.objects.filter(plan__member=member).first()
    CarePlanTask.objects.filter(pk=task.pk).update(owner="cbo_cm", owner_user=cbo_user)
    plan = task.plan
    before = len(plan_versions(plan))

    with django_capture_on_commit_callbacks(execute=True):
        consents.revoke(
            consent=Consent.objects.get(member=member), by=care_manager,
            revoked_on=datetime.date.today(),
        )  # fmt: skip

    versions = plan_versions(plan)
    assert len(versions) == before + 1
    latest = versions[-1]
    assert latest.comment == (
        f"1 open task(s) returned from {org.name} to the plan care manager: the CBO's access ended"
    )
    assert latest.saved_by == "System"
    page = client_for(care_manager).get(reverse("careplans:plan_versions", args=[member.pk]))
    assert "returned from" in page.content.decode()
