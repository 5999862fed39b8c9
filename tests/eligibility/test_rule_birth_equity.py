"""Birth equity: pregnant or postpartum (pregnancy ended in the 12 months before D) and black,
American Indian/Alaska Native or Native Hawaiian/Pacific Islander; all ages, both programs."""

import pytest

from tests.eligibility.rules_helpers import (
    AFTER_D,
    FIRST_DAY_12M,
    OPENING_12M,
    D,
    evaluate,
    evidence,
    is_in,
    member_aged,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("race", "eligible"),
    [("black", True), ("american_indian_alaska_native", True),
     ("native_hawaiian_pacific_islander", True), ("white", False), ("hispanic_latino", False),
     ("multiracial", False), ("declined", False), ("", False)],
)  # fmt: skip
def test_pregnant_member_of_the_named_groups(race, eligible):
    member = member_aged(28, race_ethnicity=race, currently_pregnant=True)
    assert is_in("birth_equity", member) is eligible


@pytest.mark.parametrize(
    ("ended", "eligible"),
    [(OPENING_12M, False), (FIRST_DAY_12M, True), (D, True), (AFTER_D, False)],
    ids=["opening-day", "first-day", "on-D", "after-D"],
)
def test_postpartum_window_is_the_12_months_before_d(ended, eligible):
    member = member_aged(28, race_ethnicity="black", pregnancy_end_date=ended)
    assert is_in("birth_equity", member) is eligible


@pytest.mark.parametrize("currently_pregnant", [False, None])
def test_not_pregnant_or_unknown_without_an_end_date_is_not_eligible(currently_pregnant):
    member = member_aged(28, race_ethnicity="black", currently_pregnant=currently_pregnant)
    assert not is_in("birth_equity", member)


def test_evidence_names_the_pregnancy_and_race():
    pregnant = member_aged(28, race_ethnicity="black", currently_pregnant=True)
    postpartum = member_aged(
        28, race_ethnicity="american_indian_alaska_native", pregnancy_end_date=FIRST_DAY_12M
    )
    result = evaluate()
    assert evidence(result, pregnant, "birth_equity") == (
        "currently pregnant; race/ethnicity black"
    )
    assert evidence(result, postpartum, "birth_equity") == (
        "pregnancy ended 2025-10-01; race/ethnicity american_indian_alaska_native"
    )


@pytest.mark.parametrize(("age", "program"), [(16, "ECM"), (20, "ECM"), (35, "ECM"), (17, "CICM")])
def test_applies_at_every_age_in_both_programs(age, program):
    member = member_aged(
        age, program=program, race_ethnicity="native_hawaiian_pacific_islander",
        currently_pregnant=True,
    )  # fmt: skip
    assert evaluate()[member.pk][0][:3] == (program, "birth_equity", "eligible")
