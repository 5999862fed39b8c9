"""Confirming and overriding the engine's answer: reasons, scope, history, re-evaluation."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from eligibility.models import DeterminationReview, ReviewDecision
from eligibility.reviews import eligible_populations, member_eligibility, review_determination
from eligibility.services import evaluate_eligibility
from tests.factories import MemberFactory

AS_OF = datetime.date(2026, 9, 30)
pytestmark = pytest.mark.django_db


@pytest.fixture
def homeless_member(care_manager):
    """An ECM member the engine finds homeless from the roster's housing status."""
    member = MemberFactory(care_manager=care_manager, housing_status="homeless")
    evaluate_eligibility(as_of=AS_OF)
    return member


def review(member, by, **kwargs):
    kwargs.setdefault("program", member.program)
    kwargs.setdefault("population", "homeless")
    kwargs.setdefault("reason", "")
    return review_determination(member=member, by=by, **kwargs)


def test_override_without_a_reason_is_refused_and_stores_nothing(homeless_member, care_manager):
    with pytest.raises(ValidationError) as refused:
        review(
            homeless_member,
            care_manager,
            decision=ReviewDecision.OVERRIDE_NOT_ELIGIBLE,
            reason="   ",
        )

    assert "reason" in refused.value.message_dict
    assert not DeterminationReview.objects.exists()


def test_confirmation_needs_no_reason_and_points_at_the_current_determination(
    homeless_member, care_manager
):
    confirmed = review(homeless_member, care_manager, decision=ReviewDecision.CONFIRMED)

    assert confirmed.determination.population == "homeless"
    assert confirmed.reviewed_by == care_manager
    shown = member_eligibility(homeless_member).populations
    assert [(p.code, p.status, p.override) for p in shown] == [("homeless", "eligible", None)]


def test_care_manager_may_override_eligible_a_population_the_engine_did_not_find(
    homeless_member, care_manager
):
    review(
        homeless_member,
        care_manager,
        population="justice_involved",
        decision=ReviewDecision.OVERRIDE_ELIGIBLE,
        reason="Released from county jail last month; plan feed not updated yet.",
    )

    shown = {p.code: p for p in member_eligibility(homeless_member).populations}
    assert shown["justice_involved"].status == "eligible"
    assert shown["justice_involved"].evidence == ""
    assert shown["justice_involved"].override.reviewed_by == care_manager
    assert eligible_populations(member=homeless_member, program="ECM") == {
        "homeless",
        "justice_involved",
    }


def test_a_population_outside_the_members_program_is_refused(homeless_member, care_manager):
    with pytest.raises(ValidationError) as refused:
        review(
            homeless_member,
            care_manager,
            population="dementia",  # CICM only; this member is ECM
            decision=ReviewDecision.OVERRIDE_ELIGIBLE,
            reason="Diagnosed by PCP",
        )

    assert "population" in refused.value.message_dict


def test_override_survives_re_evaluation(homeless_member, care_manager):
    review(
        homeless_member,
        care_manager,
        decision=ReviewDecision.OVERRIDE_NOT_ELIGIBLE,
        reason="Moved into permanent supportive housing on 2026-09-01.",
    )

    run = evaluate_eligibility(as_of=AS_OF + datetime.timedelta(days=30))

    shown = member_eligibility(homeless_member)
    assert shown.run == run
    homeless = shown.populations[0]
    assert (homeless.engine_status, homeless.status) == ("eligible", "not_eligible")
    assert homeless.override.reason.startswith("Moved into permanent")
    assert eligible_populations(member=homeless_member, program="ECM") == set()


def test_a_confirmation_after_an_override_returns_to_the_engines_answer(
    homeless_member, care_manager, supervisor
):
    review(
        homeless_member,
        care_manager,
        decision=ReviewDecision.OVERRIDE_NOT_ELIGIBLE,
        reason="Housed",
    )
    review(homeless_member, supervisor, decision=ReviewDecision.CONFIRMED)

    shown = member_eligibility(homeless_member)
    assert shown.populations[0].status == "eligible"
    assert shown.overrides == []
    assert [(r.decision, r.reviewed_by) for r in shown.reviews] == [
        ("confirmed", supervisor),
        ("override_not_eligible", care_manager),
    ]
    assert all(r.reviewed_at for r in shown.reviews)


def test_unknown_decision_is_refused(homeless_member, care_manager):
    with pytest.raises(ValidationError) as refused:
        review(homeless_member, care_manager, decision="maybe", reason="x")

    assert "decision" in refused.value.message_dict
