"""Nursing-facility transition: `nursing_facility_resident=Y` and `wants_community_transition=Y`;
ECM adults and every CICM member, never ECM children/youth."""

import pytest

from tests.eligibility.rules_helpers import evaluate, evidence, is_in, member_aged, populations

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("resident", "wants", "eligible"),
    [(True, True, True), (True, False, False), (True, None, False), (None, True, False),
     (False, True, False)],
)  # fmt: skip
def test_resident_who_wants_to_move_to_the_community(resident, wants, eligible):
    member = member_aged(60, nursing_facility_resident=resident, wants_community_transition=wants)
    assert is_in("nf_transition", member) is eligible


def test_resident_at_level_of_care_is_in_nf_transition_not_ltc_risk():
    member = member_aged(
        60, nursing_facility_resident=True, wants_community_transition=True, ltc_level_of_care=True
    )
    result = evaluate()
    assert populations(result, member) == {"nf_transition"}
    assert evidence(result, member, "nf_transition") == (
        "nursing-facility resident who wants to move to the community"
    )


@pytest.mark.parametrize(("age", "eligible"), [(20, False), (21, True)])
def test_ecm_adults_only(age, eligible):
    member = member_aged(age, nursing_facility_resident=True, wants_community_transition=True)
    assert is_in("nf_transition", member) is eligible


def test_cicm_member_of_any_age():
    member = member_aged(
        17, program="CICM", nursing_facility_resident=True, wants_community_transition=True
    )
    assert evaluate()[member.pk][0][:3] == ("CICM", "nf_transition", "eligible")
