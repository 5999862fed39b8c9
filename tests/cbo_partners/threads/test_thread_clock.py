"""The clock "Plan CM <-> CBO CM at least every 30 days while a CBO care manager is assigned"
(shared/domain/timelines.md): started by the CBO care manager's naming, met by a message between
the two care managers or a contact logged as reaching the CBO care manager; configurable; shown
on the member page, the caseload and "My tasks"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from careplans.clocks.services import refresh_member_clocks
from careplans.models import MemberClock
from cbo_partners.models import CboAssignment, CboAssignmentEvent
from tests.careplans.work_factories import ClockSettingFactory, ContactFactory, at
from tests.cbo_partners.threads.thread_helpers import message_in

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NAMED_ON = TODAY - datetime.timedelta(days=20)


@pytest.fixture
def named(assignment, cbo_lead):
    """The CBO's lead accepted and named the CBO care manager 20 days ago (the sharing accepted
    it through the service today: that step is moved back)."""
    CboAssignmentEvent.objects.filter(
        assignment=assignment, kind__in=["accepted", "cm_changed"]
    ).delete()
    CboAssignmentEvent.objects.create(
        assignment=assignment, kind="accepted", actor=cbo_lead, at=at(NAMED_ON)
    )
    CboAssignment.objects.filter(pk=assignment.pk).update(decided_at=at(NAMED_ON))
    return assignment


def cbo_clock(member) -> MemberClock | None:
    refresh_member_clocks(member_ids=[member.pk], today=TODAY)
    return MemberClock.objects.filter(member=member, clock="cbo_contact").first()


def test_the_clock_runs_30_days_from_the_cbo_care_managers_naming(named, member):
    clock = cbo_clock(member)

    assert clock.due_on == NAMED_ON + datetime.timedelta(days=30)
    assert "the CBO care manager's assignment" in clock.basis


def test_no_clock_without_a_cbo_care_manager_or_an_accepted_assignment(named, member):
    CboAssignment.objects.filter(pk=named.pk).update(cbo_care_manager=None)
    assert cbo_clock(member) is None

    CboAssignment.objects.filter(pk=named.pk).update(
        cbo_care_manager=named.cbo_care_manager, status="ended"
    )
    assert cbo_clock(member) is None


@pytest.mark.parametrize("author", ["care_manager", "cbo_cm"])
def test_a_message_by_either_care_manager_meets_it(named, member, request, author):
    sent_on = TODAY - datetime.timedelta(days=5)
    message_in(named, request.getfixturevalue(author), "Check-in", at=at(sent_on))

    clock = cbo_clock(member)

    assert clock.due_on == sent_on + datetime.timedelta(days=30)
    assert "the last message between the care managers" in clock.basis


def test_a_supervisors_message_does_not_meet_it(named, member, supervisor):
    message_in(named, supervisor, "Checking in", at=at(TODAY - datetime.timedelta(days=5)))

    assert cbo_clock(member).due_on == NAMED_ON + datetime.timedelta(days=30)


def test_a_contact_with_the_cbo_care_manager_meets_it_and_one_with_the_member_does_not(
    named, member, care_manager
):
    ContactFactory(member=member, reached="member", occurred_at=at(TODAY - datetime.timedelta(2)))
    assert cbo_clock(member).due_on == NAMED_ON + datetime.timedelta(days=30)

    called_on = TODAY - datetime.timedelta(days=3)
    ContactFactory(member=member, reached="cbo", occurred_at=at(called_on), mode="phone")

    clock = cbo_clock(member)
    assert clock.due_on == called_on + datetime.timedelta(days=30)
    assert "the last contact with the CBO care manager" in clock.basis


def test_the_number_of_days_is_a_clock_setting(named, member):
    ClockSettingFactory(key="cbo_contact", days=14)

    assert cbo_clock(member).due_on == NAMED_ON + datetime.timedelta(days=14)
    assert cbo_clock(member).state == "overdue"


def test_posting_a_message_recomputes_the_clock_and_it_shows_where_clocks_do(
    client_for, named, member, care_manager, cbo_cm, django_capture_on_commit_callbacks
):
    ClockSettingFactory(key="cbo_contact", days=14)
    assert cbo_clock(member).state == "overdue"
    thread = reverse("cbo_threads:thread", args=[member.pk, named.pk])

    tasks = client_for(care_manager).get(reverse("careplans:tasks")).content.decode()
    assert "Plan CM ↔ CBO CM" in tasks
    section = client_for(care_manager).get(reverse("careplans:member_clocks", args=[member.pk]))
    assert "Plan CM ↔ CBO CM" in section.content.decode()
    member.refresh_from_db()
    assert member.clock_state == "overdue"

    with django_capture_on_commit_callbacks(execute=True):
        client_for(cbo_cm).post(thread, {"body": "Visited today; all well."})

    clock = MemberClock.objects.get(member=member, clock="cbo_contact")
    assert clock.due_on == TODAY + datetime.timedelta(days=14)
    assert clock.state == "due_soon"


def test_a_contact_recorded_as_with_the_cbo_care_manager_meets_it(
    client_for, named, member, care_manager, django_capture_on_commit_callbacks
):
    ClockSettingFactory(key="cbo_contact", days=14)
    assert cbo_clock(member).state == "overdue"
    form = client_for(care_manager).get(reverse("careplans:member_contacts", args=[member.pk]))
    assert '<option value="cbo">CBO care manager</option>' in form.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(care_manager).post(
            reverse("careplans:member_contact_create", args=[member.pk]),
            {
                "kind": "contact",
                "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "mode": "phone",
                "reached": "cbo",
                "outcome": "reached",
                "duration_minutes": "10",
            },
        )
    assert response.status_code == 302

    clock = MemberClock.objects.get(member=member, clock="cbo_contact")
    assert clock.due_on == TODAY + datetime.timedelta(days=14)
