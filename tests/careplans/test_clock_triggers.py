"""Clocks follow changes made in other apps at once, not only at the nightly refresh:
an assignment starts first outreach, an enrollment starts the enrolled-member clocks."""

import pytest
from django.utils import timezone

from careplans.models import MemberClock, ProgramEnrollment
from careplans.outreach.enrollment import change_enrollment
from members.services import assign_members
from tests.factories import DeterminationFactory, MemberFactory, ProgramEnrollmentFactory

pytestmark = pytest.mark.django_db


def running_clocks(member) -> set[str]:
    return set(MemberClock.objects.filter(member=member).values_list("clock", flat=True))


def test_assigning_a_member_starts_the_first_outreach_clock(
    supervisor, care_manager, django_capture_on_commit_callbacks
):
    member = MemberFactory()

    with django_capture_on_commit_callbacks(execute=True):
        assign_members(member_ids=[member.pk], care_manager=care_manager, by=supervisor)

    assert "first_outreach" in running_clocks(member)
    member.refresh_from_db()
    assert member.clock_state in ("due", "due_soon")


def test_enrolling_a_member_starts_the_monthly_contact_clock(
    care_manager, django_capture_on_commit_callbacks
):
    member = MemberFactory(care_manager=care_manager)  # ECM: clocks start at enrollment
    DeterminationFactory(member=member, program="ECM", population="homeless")
    ProgramEnrollmentFactory(member=member, program="ECM", status="outreach")
    assert "member_contact" not in running_clocks(member)

    with django_capture_on_commit_callbacks(execute=True):
        change_enrollment(
            member=member,
            program="ECM",
            to_status="enrolled",
            effective_on=timezone.localdate(),
            by=care_manager,
        )

    assert ProgramEnrollment.objects.get(member=member).status == "enrolled"
    assert {"member_contact", "initial_hra"} <= running_clocks(member)
