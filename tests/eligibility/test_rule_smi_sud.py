"""SMI/SUD: adults (and all of CICM) need an SMI or SUD code in 12 months and a risk sign;
ECM children/youth need only a youth behavioral-health code (SMI, SUD, F90-F98) in 12 months."""

import datetime

import pytest
from django.conf import settings

from eligibility.imports import import_diagnoses
from tests.eligibility.rules_helpers import (
    AFTER_D,
    FIRST_DAY_12M,
    OPENING_12M,
    D,
    diagnose,
    ed_visits,
    evaluate,
    evidence,
    is_in,
    member_aged,
    populations,
    stays,
)

date = datetime.date
pytestmark = pytest.mark.django_db
JULY = date(2026, 7, 1)


def adult_with_risk(code: str, day: date = JULY, **fields):
    member = member_aged(40, housing_status="at_risk", **fields)
    diagnose(member, code, day)
    return member


def test_adult_with_an_smi_code_and_2_ed_visits_is_eligible_and_evidence_names_both():
    member = member_aged(40)
    diagnose(member, "F209", JULY)
    ed_visits(member, JULY, D, avoidable=None)  # any ED visit, whatever its avoidability
    assert evidence(evaluate(), member, "smi_sud") == (
        "SMI/SUD code F20.9 on 2026-07-01; 2 ED visits in 12 months"
    )


def test_adult_with_a_code_and_1_ed_visit_misses_and_the_nearest_miss_says_why():
    member = member_aged(40)
    diagnose(member, "F209", JULY)
    ed_visits(member, JULY)
    result = evaluate()
    assert populations(result, member) == set()
    assert "SMI/SUD code F20.9 on 2026-07-01 but none of: 2 ED visits (1)" in evidence(
        result, member
    )


@pytest.mark.parametrize(("count", "eligible"), [(1, False), (2, True)])
def test_adult_risk_sign_of_2_inpatient_admissions_in_12_months(count, eligible):
    member = member_aged(40)
    diagnose(member, "F1020", JULY)
    stays(member, *[FIRST_DAY_12M, JULY][:count], unplanned=False)
    assert is_in("smi_sud", member) is eligible


@pytest.mark.parametrize("event_type", ["snf_stay", "observation_stay"])
def test_snf_and_observation_stays_are_not_inpatient_admissions(event_type):
    member = member_aged(40)
    diagnose(member, "F209", JULY)
    stays(member, JULY, D, event_type=event_type)
    assert not is_in("smi_sud", member)


def test_ed_visit_on_the_opening_day_of_12_months_is_not_a_risk_sign():
    member = member_aged(40)
    diagnose(member, "F209", JULY)
    ed_visits(member, OPENING_12M, JULY)
    assert not is_in("smi_sud", member)


@pytest.mark.parametrize(
    ("housing_status", "eligible"),
    [("homeless", True), ("at_risk", True), ("housed", False), ("unknown", False), ("", False)],
)
def test_adult_risk_sign_of_housing_status(housing_status, eligible):
    member = member_aged(40, housing_status=housing_status)
    diagnose(member, "F31", JULY)
    assert is_in("smi_sud", member) is eligible


@pytest.mark.parametrize(
    ("pregnancy", "eligible"),
    [
        ({"currently_pregnant": True}, True),
        ({"pregnancy_end_date": FIRST_DAY_12M}, True),
        ({"pregnancy_end_date": OPENING_12M}, False),
        ({"currently_pregnant": False}, False),
        ({"currently_pregnant": None}, False),
    ],
    ids=["pregnant", "postpartum", "postpartum-ended", "not-pregnant", "unknown"],
)
def test_adult_risk_sign_of_pregnancy_or_postpartum(pregnancy, eligible):
    member = member_aged(30, **pregnancy)
    diagnose(member, "F33", JULY)
    assert is_in("smi_sud", member) is eligible


def test_adult_with_risk_signs_but_no_diagnoses_is_not_eligible():
    member = member_aged(40, housing_status="at_risk")
    ed_visits(member, JULY, D)
    assert not is_in("smi_sud", member)


@pytest.mark.parametrize(
    ("code", "eligible"),
    [("F20", True), ("F209", True), ("F29", True), ("F30", True), ("F33", True), ("F34", False),
     ("F431", True), ("F4310", True), ("F43", False), ("F432", False), ("F10", True),
     ("F16", True), ("F17", False), ("F1721", False), ("F18", True), ("F19", True),
     ("F90", False), ("Z5900", False)],
)  # fmt: skip
def test_adult_code_groups_match_by_prefix_and_exclude_nicotine(code, eligible):
    assert is_in("smi_sud", adult_with_risk(code)) is eligible


@pytest.mark.parametrize(
    ("code", "eligible"),
    [("F90", True), ("F98", True), ("F99", False), ("F89", False), ("F17", False),
     ("F209", True), ("F11", True), ("F431", True)],
)  # fmt: skip
def test_child_needs_only_a_youth_behavioral_health_code(code, eligible):
    member = member_aged(20)
    diagnose(member, code, JULY)
    assert is_in("smi_sud", member) is eligible


@pytest.mark.parametrize(
    ("day", "eligible"),
    [(OPENING_12M, False), (FIRST_DAY_12M, True), (D, True), (AFTER_D, False)],
    ids=["opening-day", "first-day", "on-D", "after-D"],
)
def test_code_window_is_the_12_months_before_d(day, eligible):
    child = member_aged(15)
    diagnose(child, "F900", day)
    adult = adult_with_risk("F200", day)
    result = evaluate()
    assert ("smi_sud" in populations(result, child)) is eligible
    assert ("smi_sud" in populations(result, adult)) is eligible


def test_member_turning_21_on_d_needs_a_risk_sign():
    child, adult = member_aged(20), member_aged(21)
    for member in (child, adult):
        diagnose(member, "F209", JULY)
    result = evaluate()
    assert evidence(result, child, "smi_sud") == "behavioral health code F20.9 on 2026-07-01"
    assert "smi_sud" not in populations(result, adult)


def test_cicm_child_uses_the_adult_rule():
    youth_code = member_aged(15, program="CICM")
    diagnose(youth_code, "F90", JULY)
    with_risk = member_aged(15, program="CICM", housing_status="homeless")
    diagnose(with_risk, "F209", JULY)
    without_risk = member_aged(15, program="CICM")
    diagnose(without_risk, "F209", JULY)
    result = evaluate()
    assert "smi_sud" not in populations(result, youth_code)
    assert "smi_sud" in populations(result, with_risk)
    assert "smi_sud" not in populations(result, without_risk)


@pytest.mark.parametrize("code", ["F20", "F209", "F20.9", "f20.9", "F20.0"])
def test_imported_codes_match_with_and_without_the_dot(tmp_path, code):
    member = member_aged(16)
    path = tmp_path / "diagnoses.csv"
    path.write_text(
        f"cin,icd10_code,diagnosis_date,source_id\n{member.cin},{code},2026-07-01,DX1\n",
        encoding="utf-8",
    )
    import_diagnoses(path, max_bytes=getattr(settings, "CLINICAL_MAX_UPLOAD_BYTES", 10**9))
    assert evidence(evaluate(), member, "smi_sud").startswith("behavioral health code F20")
