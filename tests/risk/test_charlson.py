"""Charlson (risk.md): each condition counts once with its weight from any code in the 12 months
before D, prefixes compare without the dot, and the hierarchy pairs count only the more severe."""

import datetime

import pytest

from tests.eligibility.rules_helpers import FIRST_DAY_12M, OPENING_12M
from tests.risk.risk_helpers import CHARLSON, D, diagnose, risk_of, roster_member, stratify

pytestmark = pytest.mark.django_db

ONE_CODE_PER_CONDITION = {
    "myocardial infarction": ("I21.4", 1),
    "congestive heart failure": ("I50.9", 1),
    "peripheral vascular disease": ("I73.9", 1),
    "cerebrovascular disease": ("I63.9", 1),
    "dementia": ("F03.90", 1),
    "chronic pulmonary disease": ("J44.9", 1),
    "rheumatic disease": ("M06.9", 1),
    "peptic ulcer disease": ("K25.9", 1),
    "mild liver disease": ("K70.30", 1),
    "diabetes without chronic complication": ("E11.9", 1),
    "diabetes with chronic complication": ("E11.22", 2),
    "hemiplegia or paraplegia": ("G81.90", 2),
    "renal disease": ("N18.4", 2),
    "any malignancy": ("C50.911", 2),
    "moderate or severe liver disease": ("K72.10", 3),
    "metastatic solid tumour": ("C78.00", 6),
    "HIV/AIDS": ("B20", 6),
}


@pytest.mark.parametrize(("condition", "code_weight"), ONE_CODE_PER_CONDITION.items())
def test_each_condition_counts_its_weight(condition, code_weight):
    code, weight = code_weight
    member = roster_member()
    diagnose(member, code)
    risk = risk_of(member)
    assert risk.charlson == weight
    assert [c["condition"] for c in risk.charlson_conditions] == [condition]
    assert risk.charlson_conditions[0]["code"] == code.replace(".", "")
    assert risk.charlson_conditions[0]["date"] == D.isoformat()


def test_every_prefix_of_the_table_is_recognised():
    """One member per prefix of risk.md's table; each scores exactly its condition's weight."""
    members = {}
    for condition, (weight, prefixes) in CHARLSON.items():
        for prefix in prefixes:
            member = roster_member()
            diagnose(member, prefix + "9" if len(prefix) == 3 else prefix)
            members[member.pk] = (condition, weight, prefix)
    result = stratify()
    wrong = [
        (prefix, result[pk].charlson)
        for pk, (_c, weight, prefix) in members.items()
        if result[pk].charlson != weight
    ]
    assert not wrong


@pytest.mark.parametrize(
    ("code", "charlson"),
    [
        ("I25.2", 1),  # old myocardial infarction
        ("I25.10", 0),  # atherosclerotic heart disease is not on the list
        ("I25.5", 1),  # ischaemic cardiomyopathy: heart failure
        ("I25", 0),  # the category alone matches no 4-character prefix
        ("E11.65", 1),  # E116: without chronic complication
        ("E11.51", 2),  # E115: with chronic complication
        ("N03.1", 0),  # N031 is outside N032-N037
        ("N03.2", 2),
        ("N03.7", 2),
        ("N03.8", 0),
        ("C44.91", 0),  # skin other than melanoma
        ("C43.9", 2),  # melanoma
        ("C26.9", 2),
        ("C27", 0),
        ("F05.1", 1),
        ("F05.0", 0),
        ("I69.4", 1),
        ("I70.0", 1),
        ("G31.1", 1),
        ("G31.0", 0),
    ],
)
def test_prefix_edges(code, charlson):
    member = roster_member()
    diagnose(member, code)
    assert risk_of(member).charlson == charlson


@pytest.mark.parametrize(
    ("mild", "severe", "charlson"),
    [
        ("K70.30", "K72.10", 3),  # liver: mild 1, moderate/severe 3
        ("E11.9", "E11.22", 2),  # diabetes: without 1, with complication 2
        ("C50.9", "C78.0", 6),  # any malignancy 2, metastatic 6
    ],
)
def test_hierarchy_counts_only_the_more_severe(mild, severe, charlson):
    both, only_mild = roster_member(), roster_member()
    diagnose(both, mild)
    diagnose(both, severe)
    diagnose(only_mild, mild)
    result = stratify()
    assert result[both.pk].charlson == charlson
    assert len(result[both.pk].charlson_conditions) == 1
    assert result[only_mild.pk].charlson < charlson


def test_a_condition_counts_once_however_many_codes():
    member = roster_member()
    for code in ("I50.9", "I50.1", "I11.0"):
        diagnose(member, code)
    assert risk_of(member).charlson == 1


def test_conditions_add_up_and_the_evidence_names_them():
    member = roster_member()
    diagnose(member, "I50.9")
    diagnose(member, "J44.9")
    diagnose(member, "N18.3")
    risk = risk_of(member)
    assert risk.charlson == 4
    assert (
        "Charlson 4 (congestive heart failure, chronic pulmonary disease, renal disease)"
        in risk.evidence
    )


def test_only_diagnoses_of_the_12_months_before_d_count():
    outside, inside, after = roster_member(), roster_member(), roster_member()
    diagnose(outside, "B20", OPENING_12M)
    diagnose(inside, "B20", FIRST_DAY_12M)
    diagnose(after, "B20", D + datetime.timedelta(days=1))
    result = stratify()
    assert (result[outside.pk].charlson, result[inside.pk].charlson) == (0, 6)
    assert result[after.pk].charlson == 0
