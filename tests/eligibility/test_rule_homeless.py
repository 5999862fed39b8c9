"""Homeless population: the roster's housing_status, or a Z59.00-Z59.02 code in the 12 months
before D when the roster does not know (empty or `unknown`)."""

import pytest

from tests.eligibility.rules_helpers import (
    AFTER_D,
    FIRST_DAY_12M,
    OPENING_12M,
    D,
    diagnose,
    evaluate,
    evidence,
    is_in,
    member_aged,
    roster_member,
)

pytestmark = pytest.mark.django_db


def test_roster_housing_status_homeless_is_enough():
    member = roster_member(housing_status="homeless")
    result = evaluate()
    assert evidence(result, member, "homeless") == "housing status homeless on the roster"


@pytest.mark.parametrize("housing_status", ["", "unknown"])
def test_homelessness_code_counts_when_the_roster_does_not_know(housing_status):
    member = roster_member(housing_status=housing_status)
    diagnose(member, "Z59.01", FIRST_DAY_12M)
    result = evaluate()
    expected = f"homelessness code Z59.01 on 2025-10-01 (housing status {housing_status or 'empty'}"
    assert evidence(result, member, "homeless").startswith(expected)


@pytest.mark.parametrize("housing_status", ["housed", "at_risk"])
def test_homelessness_code_does_not_override_a_known_housing_status(housing_status):
    member = roster_member(housing_status=housing_status)
    diagnose(member, "Z5900", D)
    assert not is_in("homeless", member)


def test_empty_housing_status_and_no_diagnoses_is_not_homeless():
    member = roster_member(housing_status="")
    result = evaluate()
    assert result[member.pk] == [("ECM", "", "not_eligible", evidence(result, member))]


@pytest.mark.parametrize(
    ("day", "counts"),
    [(OPENING_12M, False), (FIRST_DAY_12M, True), (D, True), (AFTER_D, False)],
    ids=["opening-day", "first-day", "on-D", "after-D"],
)
def test_homelessness_code_window_is_the_12_months_before_d(day, counts):
    member = roster_member(housing_status="unknown")
    diagnose(member, "Z5902", day)
    assert is_in("homeless", member) is counts


@pytest.mark.parametrize(("code", "counts"), [("Z5900", True), ("Z59.02", True), ("Z590", False),
                                              ("Z5903", False), ("Z591", False)])  # fmt: skip
def test_only_the_three_homelessness_codes_count(code, counts):
    member = roster_member(housing_status="")
    diagnose(member, code, D)
    assert is_in("homeless", member) is counts


@pytest.mark.parametrize(("age", "program"), [(8, "ECM"), (20, "ECM"), (45, "ECM"), (70, "CICM")])
def test_homeless_applies_to_children_adults_and_cicm(age, program):
    member = member_aged(age, program=program, housing_status="homeless")
    result = evaluate()
    assert ("homeless", program) in {(pop, prog) for prog, pop, *_ in result[member.pk]}
