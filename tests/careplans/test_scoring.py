"""Scoring the seed HRA and SDOH screening: every rule flags at its threshold, not one below.

Answers start from a member with no needs, then change only what the case is about, so each
case proves one rule (shared/domain/screening.md: PHQ-2 positive at 3, 2+ ADLs dependent,
interpersonal safety above 10, one positive answer elsewhere).
"""

import pytest

from careplans.assessments import scoring
from careplans.models import ScoringRule
from tests.careplans.assessment_factories import (
    NeedFactory,
    QuestionFactory,
    QuestionSetFactory,
    ScoringRuleFactory,
)

NO_HRA_NEEDS = {
    "general_health": "good",
    "chronic_conditions": ["none"],
    "asthma_triggers": "no",
    "hospital_visits": 0,
    "medication_count": 3,
    "medication_trouble": "no",
    **{f"adl_{k}": "independent" for k in ("bathing", "dressing", "eating", "toileting")},
    **{f"adl_{k}": "independent" for k in ("transferring", "continence")},
    **{f"iadl_{k}": "independent" for k in ("meals", "money", "medications")},
    **{f"iadl_{k}": "independent" for k in ("transport", "housework", "phone")},
    "memory": "no",
    "phq2_interest": "0",
    "phq2_down": "0",
    "heavy_drinking": "never",
    "drug_use": "never",
    "fell_past_year": "no",
    "fear_of_falling": "no",
    "caregiver_strain": "no",
    "advance_directive": "yes",
}
NO_SDOH_NEEDS = {
    "living_situation": "steady",
    "housing_problems": ["none"],
    "food_worried": "never",
    "food_ran_out": "never",
    "transportation": "no",
    "utilities": "no",
    **{f"safety_{k}": "never" for k in ("hurt", "insult", "threaten", "scream")},
    "financial_strain": "not_hard",
    "lives_alone": "no",
}

# (kind, need, answers at the threshold, answers one below it)
CASES = [
    ("hra", "asthma_home_triggers", {"asthma_triggers": "yes"}, {}),
    ("hra", "medication_support", {"medication_trouble": "yes"}, {}),
    (
        "hra",
        "adl_dependence",
        {"adl_bathing": "some_help", "adl_dressing": "dependent"},
        {"adl_bathing": "dependent"},
    ),
    (
        "hra",
        "ltc_risk",
        {"adl_toileting": "dependent", "adl_transferring": "dependent"},
        {"adl_toileting": "dependent"},
    ),
    (
        "hra",
        "iadl_support",
        {"iadl_meals": "some_help", "iadl_money": "some_help"},
        {"iadl_meals": "some_help"},
    ),
    ("hra", "cognitive_concern", {"memory": "yes"}, {}),
    (
        "hra",
        "behavioral_health_referral",
        {"phq2_interest": "1", "phq2_down": "2"},
        {"phq2_interest": "1", "phq2_down": "1"},
    ),
    ("hra", "substance_use", {"heavy_drinking": "once_or_more"}, {}),
    ("hra", "fall_risk", {"fear_of_falling": "yes"}, {}),
    ("hra", "caregiver_strain", {"caregiver_strain": "yes"}, {"caregiver_strain": "no_caregiver"}),
    ("hra", "advance_care_planning", {"advance_directive": "no"}, {}),
    ("sdoh", "housing_instability", {"living_situation": "worried"}, {}),
    ("sdoh", "inadequate_housing", {"housing_problems": ["mold"]}, {}),
    ("sdoh", "food_insecurity", {"food_ran_out": "sometimes"}, {}),
    ("sdoh", "transportation_insecurity", {"transportation": "yes"}, {}),
    ("sdoh", "utility_insecurity", {"utilities": "already_off"}, {}),
    (
        "sdoh",
        "interpersonal_safety",
        # 5 + 3 + 1 + 2 = 11: above 10
        {
            "safety_hurt": "frequently",
            "safety_insult": "sometimes",
            "safety_threaten": "never",
            "safety_scream": "rarely",
        },
        # 5 + 2 + 1 + 2 = 10: not above 10
        {
            "safety_hurt": "frequently",
            "safety_insult": "rarely",
            "safety_threaten": "never",
            "safety_scream": "rarely",
        },
    ),
    ("sdoh", "financial_strain", {"financial_strain": "somewhat_hard"}, {}),
    ("sdoh", "living_alone", {"lives_alone": "yes"}, {}),
]


def _flagged(question_set, answers) -> dict:
    rules = ScoringRule.objects.filter(question_set=question_set).select_related("need")
    flagged = scoring.flagged_needs(
        questions=list(question_set.questions.all()), rules=rules, answers=answers
    )
    return {f.need.code: f for f in flagged}


def test_answers_with_no_needs_flag_nothing(versions):
    assert _flagged(versions["hra"], NO_HRA_NEEDS) == {}
    assert _flagged(versions["sdoh"], NO_SDOH_NEEDS) == {}


@pytest.mark.parametrize(("kind", "need", "at", "below"), CASES, ids=[c[1] for c in CASES])
def test_rule_flags_at_its_threshold_and_not_one_below(versions, kind, need, at, below):
    baseline = NO_HRA_NEEDS if kind == "hra" else NO_SDOH_NEEDS

    assert need in _flagged(versions[kind], {**baseline, **at})
    assert need not in _flagged(versions[kind], {**baseline, **below})


def test_every_seed_rule_has_a_threshold_case(versions):
    codes = set(
        ScoringRule.objects.filter(question_set__in=versions.values()).values_list(
            "need__code", flat=True
        )
    )
    assert codes == {case[1] for case in CASES}


def test_two_adls_flag_personal_care_and_long_term_care_risk(versions):
    answers = {**NO_HRA_NEEDS, "adl_bathing": "dependent", "adl_eating": "some_help"}

    flagged = _flagged(versions["hra"], answers)

    assert {"adl_dependence", "ltc_risk"} <= set(flagged)
    assert "personal_care" in flagged["adl_dependence"].need.community_supports


def test_evidence_names_the_answers_in_plain_words(versions):
    """Issue 13: "asthma triggers: yes", not "asthma_triggers 1 ≥ 1"."""
    answers = {**NO_SDOH_NEEDS, "food_worried": "often", "food_ran_out": "sometimes"}

    food = _flagged(versions["sdoh"], answers)["food_insecurity"]

    assert food.points == 2
    assert food.evidence == "food worried: often true; food ran out: sometimes true"


def test_a_yes_no_answer_reads_as_a_sentence(versions):
    answers = {**NO_HRA_NEEDS, "asthma_triggers": "yes"}

    flagged = _flagged(versions["hra"], answers)

    assert flagged["asthma_home_triggers"].evidence == "asthma triggers: yes"


def test_a_score_threshold_above_one_point_is_named(versions):
    answers = {**NO_HRA_NEEDS, "adl_bathing": "dependent", "adl_eating": "some_help"}

    evidence = _flagged(versions["hra"], answers)["ltc_risk"].evidence

    assert "≥" not in evidence and "_" not in evidence
    assert evidence.startswith("adl bathing: cannot do it without help; adl eating: with some help")
    assert evidence.endswith("(score 2; 2 or more flags this need)")


def test_housing_need_maps_to_the_housing_community_supports(versions):
    housing = _flagged(versions["sdoh"], {**NO_SDOH_NEEDS, "living_situation": "not_steady"})

    need = housing["housing_instability"].need
    assert set(need.community_supports) == {
        "housing_navigation",
        "housing_deposits",
        "housing_tenancy",
        "transitional_rent",
    }
    assert "Z59.811" in need.icd10_codes


def test_several_choices_add_up_and_numbers_and_text_score_nothing(db):
    question_set = QuestionSetFactory()
    QuestionFactory(
        question_set=question_set,
        key="problems",
        domain="home",
        answer_type="multiple",
        choices=[
            {"value": "mold", "en": "Mold", "es": "Moho", "points": 1},
            {"value": "pests", "en": "Pests", "es": "Plagas", "points": 2},
        ],
    )
    QuestionFactory(question_set=question_set, key="visits", domain="home", answer_type="number")
    rule = ScoringRuleFactory(question_set=question_set, domain="home", min_points=3)

    assert rule.need.code in _flagged(question_set, {"problems": ["mold", "pests"], "visits": 9})
    assert _flagged(question_set, {"problems": ["pests"], "visits": 40}) == {}


def test_rules_are_data_a_new_threshold_changes_the_result(db):
    question_set = QuestionSetFactory()
    QuestionFactory(question_set=question_set, key="a", domain="food")
    QuestionFactory(question_set=question_set, key="b", domain="food")
    need = NeedFactory(code="food_insecurity")
    ScoringRuleFactory(question_set=question_set, need=need, domain="food", min_points=2)

    assert _flagged(question_set, {"a": "yes", "b": "no"}) == {}
    assert "food_insecurity" in _flagged(question_set, {"a": "yes", "b": "yes"})
