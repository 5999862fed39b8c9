"""California Children's Services (ECM only): `ccs_enrolled=Y` and under 21 on D."""

import datetime

import pytest

from tests.eligibility.rules_helpers import D, evaluate, evidence, is_in, member_aged

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("age", "eligible"), [(0, True), (20, True), (21, False), (40, False)])
def test_ecm_children_and_youth_under_21(age, eligible):
    assert is_in("ccs", member_aged(age, ccs_enrolled=True)) is eligible


def test_member_whose_21st_birthday_is_the_day_after_d_is_still_eligible():
    member = member_aged(21, on=D + datetime.timedelta(days=1), ccs_enrolled=True)
    assert evidence(evaluate(), member, "ccs") == (
        "enrolled in California Children's Services; age 20"
    )


@pytest.mark.parametrize("ccs_enrolled", [False, None])
def test_not_enrolled_or_unknown_is_not_eligible(ccs_enrolled):
    assert not is_in("ccs", member_aged(10, ccs_enrolled=ccs_enrolled))


@pytest.mark.parametrize("age", [10, 20])
def test_cicm_child_is_not_in_the_ecm_only_population(age):
    member = member_aged(age, program="CICM", ccs_enrolled=True)
    assert evaluate()[member.pk][0][:3] == ("CICM", "", "not_eligible")
