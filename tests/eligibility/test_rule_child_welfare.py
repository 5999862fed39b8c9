"""Child welfare (ECM only): `child_welfare_involved=Y` and under 26 on D (former foster youth
stay eligible to 26)."""

import datetime

import pytest

from tests.eligibility.rules_helpers import D, evaluate, evidence, is_in, member_aged

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("age", "eligible"), [(3, True), (20, True), (21, True), (25, True), (26, False), (40, False)]
)
def test_ecm_members_under_26(age, eligible):
    assert is_in("child_welfare", member_aged(age, child_welfare_involved=True)) is eligible


def test_member_whose_26th_birthday_is_the_day_after_d_is_still_eligible():
    member = member_aged(26, on=D + datetime.timedelta(days=1), child_welfare_involved=True)
    assert evidence(evaluate(), member, "child_welfare") == "child welfare involvement; age 25"


@pytest.mark.parametrize("child_welfare_involved", [False, None])
def test_not_involved_or_unknown_is_not_eligible(child_welfare_involved):
    member = member_aged(15, child_welfare_involved=child_welfare_involved)
    assert not is_in("child_welfare", member)


@pytest.mark.parametrize("age", [15, 24])
def test_cicm_member_is_not_in_the_ecm_only_population(age):
    member = member_aged(age, program="CICM", child_welfare_involved=True)
    assert evaluate()[member.pk][0][:3] == ("CICM", "", "not_eligible")
