"""Who is evaluated for what: enrolled on D (start <= D <= end), CICM for D-SNP members and ECM for
Medi-Cal-only members, and a member who moves from MCP to a D-SNP between two evaluations."""

import datetime

import pytest

from eligibility.models import Determination
from eligibility.services import evaluate_eligibility
from tests.eligibility.rules_helpers import (
    AFTER_D,
    DSNP,
    D,
    diagnose,
    evaluate,
    evidence,
    member_aged,
    populations,
)

date = datetime.date
pytestmark = pytest.mark.django_db
DAY_BEFORE_D = D - datetime.timedelta(days=1)


def test_disenrolled_member_gets_one_not_eligible_row_saying_not_enrolled():
    member = member_aged(
        40, enrollment_end=DAY_BEFORE_D, housing_status="homeless", ltc_level_of_care=True
    )
    result = evaluate()
    assert result[member.pk] == [("ECM", "", "not_eligible", evidence(result, member))]
    assert evidence(result, member) == (
        "not enrolled on 2026-09-30 (coverage 2024-01-01..2026-09-29)"
    )


def test_member_whose_enrollment_ends_on_d_is_still_enrolled():
    member = member_aged(40, enrollment_end=D, housing_status="homeless")
    assert populations(evaluate(), member) == {"homeless"}


def test_member_whose_enrollment_starts_after_d_is_not_enrolled():
    member = member_aged(40, enrollment_start=AFTER_D, housing_status="homeless")
    result = evaluate()
    assert result[member.pk][0][:3] == ("ECM", "", "not_eligible")
    assert evidence(result, member) == "not enrolled on 2026-09-30 (coverage 2026-10-01..open)"


def test_member_whose_enrollment_starts_on_d_is_enrolled():
    member = member_aged(40, enrollment_start=D, housing_status="homeless")
    assert populations(evaluate(), member) == {"homeless"}


def test_disenrolled_cicm_member_is_not_eligible_for_cicm():
    member = member_aged(80, program="CICM", enrollment_end=DAY_BEFORE_D)
    diagnose(member, "G30.9", date(2020, 1, 1))
    result = evaluate()
    assert result[member.pk][0][:3] == ("CICM", "", "not_eligible")
    assert evidence(result, member).startswith("not enrolled on 2026-09-30")


def test_dsnp_member_is_evaluated_for_cicm_never_ecm():
    member = member_aged(70, program="CICM", housing_status="homeless", ltc_level_of_care=True)
    result = evaluate()
    assert {program for program, *_ in result[member.pk]} == {"CICM"}
    assert populations(result, member) == {"homeless", "ltc_risk"}


def test_member_moving_from_mcp_to_dsnp_gets_new_cicm_determinations():
    moving = member_aged(70, housing_status="homeless")
    diagnose(moving, "G30.9", date(2020, 1, 1))
    staying = member_aged(70, housing_status="homeless")
    first = evaluate()
    assert (
        first[moving.pk]
        == first[staying.pk]
        == [("ECM", "homeless", "eligible", "housing status homeless on the roster")]
    )
    moving.plan_product = DSNP
    moving.save()
    second = evaluate_eligibility(as_of=D)
    latest = Determination.objects.filter(run=second, member__in=[moving, staying]).values_list(
        "member_id", "program", "population", "is_new"
    )
    assert set(latest) == {
        (moving.pk, "CICM", "homeless", True),
        (moving.pk, "CICM", "dementia", True),
        (staying.pk, "ECM", "homeless", False),
    }
