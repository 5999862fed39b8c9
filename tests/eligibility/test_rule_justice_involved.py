"""Justice-involved: released in the 12 months before D; adults (and all of CICM) also need a
qualifying-need code in 24 months or to be pregnant/postpartum; ECM children/youth nothing more."""

import datetime

import pytest

from tests.eligibility.rules_helpers import (
    AFTER_D,
    FIRST_DAY_12M,
    FIRST_DAY_24M,
    OPENING_12M,
    OPENING_24M,
    D,
    diagnose,
    evaluate,
    evidence,
    is_in,
    member_aged,
    populations,
)

date = datetime.date
pytestmark = pytest.mark.django_db
RELEASED = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("released", "eligible"),
    [(OPENING_12M, False), (FIRST_DAY_12M, True), (D, True), (AFTER_D, False), (None, False)],
    ids=["opening-day", "first-day", "on-D", "after-D", "no-release-date"],
)
def test_release_window_is_the_12_months_before_d(released, eligible):
    child = member_aged(17, incarceration_release_date=released)
    adult = member_aged(40, incarceration_release_date=released)
    diagnose(adult, "E11", date(2026, 1, 1))
    result = evaluate()
    assert ("justice_involved" in populations(result, child)) is eligible
    assert ("justice_involved" in populations(result, adult)) is eligible


def test_child_needs_nothing_more_than_the_release():
    member = member_aged(20, incarceration_release_date=RELEASED)
    assert evidence(evaluate(), member, "justice_involved") == "released 2026-06-15"


def test_adult_without_a_qualifying_need_misses_and_the_nearest_miss_says_so():
    member = member_aged(21, incarceration_release_date=RELEASED)
    result = evaluate()
    assert populations(result, member) == set()
    assert "released 2026-06-15 but no qualifying-need code in 24 months" in evidence(
        result, member
    )


@pytest.mark.parametrize(
    ("code", "eligible"),
    [("F17", True), ("F99", True), ("F209", True), ("B20", True), ("Z21", True), ("S06", True),
     ("S0600", True), ("E10", True), ("E119", True), ("I50", True), ("J44", True), ("N18", True),
     ("E13", False), ("I10", False), ("S05", False), ("G30", False)],
)  # fmt: skip
def test_adult_qualifying_need_codes_match_by_prefix(code, eligible):
    member = member_aged(40, incarceration_release_date=RELEASED)
    diagnose(member, code, date(2026, 1, 1))
    assert is_in("justice_involved", member) is eligible


@pytest.mark.parametrize(
    ("day", "eligible"),
    [(OPENING_24M, False), (FIRST_DAY_24M, True), (D, True), (AFTER_D, False)],
    ids=["opening-day", "first-day", "on-D", "after-D"],
)
def test_qualifying_need_code_window_is_the_24_months_before_d(day, eligible):
    member = member_aged(40, incarceration_release_date=RELEASED)
    diagnose(member, "J44.9", day)
    assert is_in("justice_involved", member) is eligible


@pytest.mark.parametrize(
    "pregnancy",
    [{"currently_pregnant": True}, {"pregnancy_end_date": FIRST_DAY_12M}],
    ids=["pregnant", "postpartum"],
)
def test_adult_pregnant_or_postpartum_needs_no_code(pregnancy):
    member = member_aged(30, incarceration_release_date=RELEASED, **pregnancy)
    assert is_in("justice_involved", member)


def test_evidence_names_the_release_and_the_qualifying_code():
    member = member_aged(40, incarceration_release_date=RELEASED)
    diagnose(member, "N18.3", date(2025, 2, 1))
    assert evidence(evaluate(), member, "justice_involved") == (
        "released 2026-06-15; qualifying-need code N18.3 on 2025-02-01"
    )


def test_cicm_child_uses_the_adult_rule():
    member = member_aged(19, program="CICM", incarceration_release_date=RELEASED)
    assert not is_in("justice_involved", member)
