"""The enrollment lifecycle: allowed steps, dates, reasons and the eligibility rule."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from careplans.models import EnrollmentTransition, ProgramEnrollment
from careplans.outreach.enrollment import change_enrollment, member_enrollments, next_statuses
from eligibility.models import ReviewDecision
from eligibility.reviews import review_determination
from eligibility.services import evaluate_eligibility
from tests.careplans.work_factories import ContactFactory, at
from tests.factories import MemberFactory, ProgramEnrollmentFactory

AS_OF = datetime.date(2026, 9, 30)
pytestmark = pytest.mark.django_db


@pytest.fixture
def identified_member(care_manager):
    """An ECM member the engine found homeless and identified (an open episode)."""
    member = MemberFactory(care_manager=care_manager, housing_status="homeless")
    evaluate_eligibility(as_of=AS_OF)
    return member


@pytest.fixture
def ineligible_member(care_manager):
    """Eligible for nothing, yet with an episode someone opened (as imported history might)."""
    member = MemberFactory(care_manager=care_manager, housing_status="housed")
    evaluate_eligibility(as_of=AS_OF)
    ProgramEnrollmentFactory(member=member, program="ECM", identified_on=AS_OF)
    return member


def change(member, by, to_status, effective_on=AS_OF, **kwargs):
    return change_enrollment(
        member=member,
        program=member.program,
        to_status=to_status,
        effective_on=effective_on,
        by=by,
        **kwargs,
    )


def refusal(callable_, *args, **kwargs) -> dict:
    with pytest.raises(ValidationError) as refused:
        callable_(*args, **kwargs)
    return refused.value.message_dict


def test_identified_member_moves_to_outreach_then_enrolled_with_a_transition_each(
    identified_member, care_manager
):
    change(identified_member, care_manager, "outreach", AS_OF + datetime.timedelta(days=2))
    episode = change(
        identified_member,
        care_manager,
        "enrolled",
        AS_OF + datetime.timedelta(days=9),
        note="Signed consent at the shelter",
    )

    assert (episode.status, episode.outreach_started_on, episode.enrolled_on) == (
        "enrolled",
        datetime.date(2026, 10, 2),
        datetime.date(2026, 10, 9),
    )
    history = [
        (t.from_status, t.to_status, t.effective_on.isoformat(), t.changed_by)
        for t in episode.transitions.order_by("changed_at", "id")
    ]
    assert history == [
        ("", "identified", "2026-09-30", None),
        ("identified", "outreach", "2026-10-02", care_manager),
        ("outreach", "enrolled", "2026-10-09", care_manager),
    ]
    assert episode.transitions.last().note == "Signed consent at the shelter"


def test_identified_cannot_jump_to_enrolled(identified_member, care_manager):
    errors = refusal(change, identified_member, care_manager, "enrolled")

    assert "outreach" in errors["to_status"][0]
    assert ProgramEnrollment.objects.get(member=identified_member).status == "identified"


@pytest.mark.parametrize("ending", ["declined", "unable_to_reach"])
def test_outreach_may_end_declined_or_unable_to_reach(identified_member, care_manager, ending):
    change(identified_member, care_manager, "outreach")
    ended_on = AS_OF
    if ending == "unable_to_reach":  # after the outreach rule: 3 days, 30 days, 2 modes
        for days, mode in ((0, "phone"), (15, "phone"), (31, "mail")):
            ContactFactory(
                member=identified_member,
                kind="outreach",
                occurred_at=at(AS_OF + datetime.timedelta(days=days)),
                mode=mode,
                reached="nobody",
                outcome="no_answer",
            )
        ended_on = AS_OF + datetime.timedelta(days=31)

    episode = change(identified_member, care_manager, ending, effective_on=ended_on)

    assert (episode.status, episode.ended_on, episode.is_open) == (ending, ended_on, False)


def test_enrolled_member_may_only_be_disenrolled(identified_member, care_manager):
    change(identified_member, care_manager, "outreach")
    episode = change(identified_member, care_manager, "enrolled")

    assert next_statuses(episode) == ("disenrolled",)
    assert "to_status" in refusal(change, identified_member, care_manager, "declined")


def test_enrolling_without_an_eligible_determination_is_refused(ineligible_member, care_manager):
    change(ineligible_member, care_manager, "outreach")

    errors = refusal(change, ineligible_member, care_manager, "enrolled")

    assert "no eligible determination" in errors["to_status"][0]
    assert ProgramEnrollment.objects.get(member=ineligible_member).status == "outreach"


def test_an_override_to_eligible_allows_enrollment(ineligible_member, care_manager):
    review_determination(
        member=ineligible_member,
        program="ECM",
        population="homeless",
        decision=ReviewDecision.OVERRIDE_ELIGIBLE,
        reason="Sleeping in car since August, confirmed at outreach visit",
        by=care_manager,
    )
    change(ineligible_member, care_manager, "outreach")

    assert change(ineligible_member, care_manager, "enrolled").status == "enrolled"


def test_an_override_to_not_eligible_blocks_enrollment(identified_member, care_manager):
    review_determination(
        member=identified_member,
        program="ECM",
        population="homeless",
        decision=ReviewDecision.OVERRIDE_NOT_ELIGIBLE,
        reason="Housed since September",
        by=care_manager,
    )
    change(identified_member, care_manager, "outreach")

    assert "to_status" in refusal(change, identified_member, care_manager, "enrolled")


def test_effective_date_may_not_be_in_the_future(identified_member, care_manager):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    errors = refusal(change, identified_member, care_manager, "outreach", tomorrow)

    assert "future" in errors["effective_on"][0]


def test_effective_date_may_not_be_before_the_previous_change(identified_member, care_manager):
    errors = refusal(
        change, identified_member, care_manager, "outreach", AS_OF - datetime.timedelta(days=1)
    )

    assert "2026-09-30" in errors["effective_on"][0]
    assert EnrollmentTransition.objects.count() == 1


def test_disenrolling_needs_a_reason_and_other_needs_text(identified_member, care_manager):
    change(identified_member, care_manager, "outreach")
    change(identified_member, care_manager, "enrolled")

    assert "reason" in refusal(change, identified_member, care_manager, "disenrolled")
    assert "reason_text" in refusal(
        change, identified_member, care_manager, "disenrolled", reason="other"
    )
    episode = change(
        identified_member,
        care_manager,
        "disenrolled",
        reason="other",
        reason_text="Joined a PACE program",
    )

    assert (episode.status, episode.end_reason, episode.end_reason_text) == (
        "disenrolled",
        "other",
        "Joined a PACE program",
    )
    assert episode.transitions.last().note == "Joined a PACE program"


def test_disenrollment_records_a_dhcs_reason(identified_member, care_manager):
    change(identified_member, care_manager, "outreach")
    change(identified_member, care_manager, "enrolled")

    episode = change(identified_member, care_manager, "disenrolled", reason="goals_met")

    assert (episode.end_reason, episode.ended_on) == ("goals_met", AS_OF)
    assert episode.transitions.last().reason == "goals_met"


def test_manual_identification_starts_a_new_episode_after_the_last_one_ended(
    identified_member, care_manager
):
    change(identified_member, care_manager, "declined")
    later = AS_OF + datetime.timedelta(days=20)

    episode = change(identified_member, care_manager, "identified", later, note="Asked to rejoin")

    assert (episode.status, episode.identified_on) == ("identified", later)
    assert [e.status for e in member_enrollments(identified_member)] == ["identified", "declined"]
    assert episode.transitions.get().changed_by == care_manager


def test_manual_identification_is_refused_while_an_episode_is_open(identified_member, care_manager):
    assert "to_status" in refusal(change, identified_member, care_manager, "identified")
    assert ProgramEnrollment.objects.filter(member=identified_member).count() == 1


def test_manual_identification_needs_eligibility(care_manager):
    member = MemberFactory(care_manager=care_manager, housing_status="housed")
    evaluate_eligibility(as_of=AS_OF)

    errors = refusal(change, member, care_manager, "identified")

    assert "no eligible determination" in errors["to_status"][0]
    assert not ProgramEnrollment.objects.filter(member=member).exists()


# The section's enrollment form


def post_enrollment(client, member, **fields):
    data = {f"enrollment-ecm-{name}": value for name, value in fields.items()}
    data.setdefault("enrollment-ecm-program", "ECM")
    return client.post(
        reverse("careplans:member_enrollment_change", args=[member.pk]),
        data,
        HTTP_HX_REQUEST="true",
    )


def test_form_moves_enrollment_and_offers_only_the_next_steps(
    client_for, identified_member, care_manager
):
    client = client_for(care_manager)

    response = post_enrollment(
        client, identified_member, to_status="outreach", effective_on="2026-10-01"
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "ECM enrollment: Outreach." in html
    options = response.context["panels"][0].form.fields["to_status"].choices
    assert [value for value, _label in options] == ["enrolled", "declined", "unable_to_reach"]


def test_form_shows_the_disenrollment_reason_message_on_its_field(
    client_for, identified_member, care_manager
):
    change(identified_member, care_manager, "outreach")
    change(identified_member, care_manager, "enrolled")

    response = post_enrollment(
        client_for(care_manager),
        identified_member,
        to_status="disenrolled",
        effective_on=AS_OF.isoformat(),
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_enrollment-ecm-reason_error"' in html
    assert "Choose the reason for disenrollment." in html
    assert ProgramEnrollment.objects.get(member=identified_member).status == "enrolled"
