"""At risk for long-term institutionalization: `ltc_level_of_care=Y` and not a nursing-facility
resident; ECM adults and every CICM member, never ECM children/youth."""

import datetime

import pytest

from tests.eligibility.rules_helpers import D, evaluate, evidence, is_in, member_aged

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("ltc_level_of_care", "nursing_facility_resident", "eligible"),
    [(True, False, True), (True, None, True), (True, True, False), (False, False, False),
     (None, False, False), (None, None, False)],
)  # fmt: skip
def test_level_of_care_and_not_living_in_a_nursing_facility(
    ltc_level_of_care, nursing_facility_resident, eligible
):
    member = member_aged(
        50, ltc_level_of_care=ltc_level_of_care, nursing_facility_resident=nursing_facility_resident
    )
    assert is_in("ltc_risk", member) is eligible


def test_evidence_names_the_roster_facts():
    member = member_aged(50, ltc_level_of_care=True)
    assert evidence(evaluate(), member, "ltc_risk") == (
        "meets nursing-facility level of care; lives in the community"
    )


@pytest.mark.parametrize(("age", "eligible"), [(20, False), (21, True)])
def test_ecm_adults_only(age, eligible):
    assert is_in("ltc_risk", member_aged(age, ltc_level_of_care=True)) is eligible


def test_ecm_member_whose_21st_birthday_is_the_day_after_d_is_not_yet_eligible():
    member = member_aged(21, on=D + datetime.timedelta(days=1), ltc_level_of_care=True)
    assert not is_in("ltc_risk", member)


@pytest.mark.parametrize("age", [5, 20, 80])
def test_cicm_member_of_any_age(age):
    member = member_aged(age, program="CICM", ltc_level_of_care=True)
    assert evaluate()[member.pk][0][:3] == ("CICM", "ltc_risk", "eligible")
