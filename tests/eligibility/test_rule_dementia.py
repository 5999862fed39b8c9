"""Dementia (CICM only): a dementia code dated on or before D, at any time."""

import datetime

import pytest

from tests.eligibility.rules_helpers import (
    AFTER_D,
    D,
    diagnose,
    evaluate,
    evidence,
    is_in,
    member_aged,
)

date = datetime.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "eligible"),
    [(date(2001, 1, 1), True), (D, True), (AFTER_D, False)],
    ids=["long-ago", "on-D", "after-D"],
)
def test_dementia_code_any_time_up_to_d(day, eligible):
    member = member_aged(80, program="CICM")
    diagnose(member, "G30.9", day)
    assert is_in("dementia", member) is eligible


@pytest.mark.parametrize(
    ("code", "eligible"),
    [("F01", True), ("F0150", True), ("F02", True), ("F03", True), ("F0390", True),
     ("G30", True), ("G309", True), ("G3101", True), ("G3109", True), ("G3183", True),
     ("G310", False), ("G311", False), ("G3184", False), ("F04", False)],
)  # fmt: skip
def test_dementia_codes_match_by_prefix(code, eligible):
    member = member_aged(80, program="CICM")
    diagnose(member, code, date(2020, 5, 1))
    assert is_in("dementia", member) is eligible


def test_evidence_names_the_latest_code_and_its_date():
    member = member_aged(80, program="CICM")
    diagnose(member, "F03.90", date(2019, 1, 1))
    diagnose(member, "G31.83", date(2024, 2, 29))
    assert evidence(evaluate(), member, "dementia") == "dementia code G31.83 on 2024-02-29"


def test_cicm_member_without_diagnoses_is_not_eligible():
    member = member_aged(80, program="CICM")
    assert evaluate()[member.pk][0][:3] == ("CICM", "", "not_eligible")


@pytest.mark.parametrize("age", [30, 80])
def test_ecm_member_with_a_dementia_code_is_not_in_the_population(age):
    member = member_aged(age)
    diagnose(member, "G30.9", date(2020, 5, 1))
    assert evaluate()[member.pk][0][:3] == ("ECM", "", "not_eligible")
