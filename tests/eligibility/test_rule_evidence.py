"""What every run stores: exactly one not_eligible row or one eligible row per population for each
member, and evidence that names the facts (counts, windows, dates) or the nearest miss."""

import datetime

import pytest

from tests.eligibility.rules_helpers import (
    FIRST_DAY_12M,
    D,
    days,
    diagnose,
    ed_visits,
    evaluate,
    evidence,
    member_aged,
    roster_member,
    stays,
)

date = datetime.date
pytestmark = pytest.mark.django_db
SEPTEMBER = date(2026, 9, 1)


def test_nearest_miss_counts_the_avoidable_visits_and_the_unknown_ones():
    member = member_aged(40)
    ed_visits(member, *days(SEPTEMBER, 4))
    ed_visits(member, date(2026, 9, 20), date(2026, 9, 21), avoidable=None)
    ed_visits(member, date(2026, 9, 22), avoidable=False)
    result = evaluate()
    assert result[member.pk] == [("ECM", "", "not_eligible", evidence(result, member))]
    assert evidence(result, member) == (
        "nearest miss: 4 of 5 avoidable ED visits in 2026-03-31..2026-09-30; "
        "2 ED visits with unknown avoidability not counted"
    )


def test_nearest_miss_for_a_child_uses_the_12_month_youth_threshold():
    member = member_aged(20)
    ed_visits(member, FIRST_DAY_12M, D)
    assert evidence(evaluate(), member) == (
        "nearest miss: 2 of 3 avoidable ED visits in 2025-10-01..2026-09-30"
    )


def test_nearest_miss_picks_the_closest_threshold():
    member = member_aged(40)
    ed_visits(member, SEPTEMBER)
    stays(member, *days(SEPTEMBER, 2))
    assert evidence(evaluate(), member) == (
        "nearest miss: 2 of 3 unplanned inpatient/SNF stays in 2026-03-31..2026-09-30"
    )


def test_member_with_no_data_still_gets_a_nearest_miss_in_numbers():
    member = roster_member()
    assert evidence(evaluate(), member) == (
        "nearest miss: 0 of 5 avoidable ED visits in 2026-03-31..2026-09-30"
    )


def test_member_in_several_populations_gets_one_row_for_each():
    member = member_aged(
        30, housing_status="homeless", race_ethnicity="black", currently_pregnant=True,
        child_welfare_involved=True, ltc_level_of_care=True,
    )  # fmt: skip
    diagnose(member, "F20.9", SEPTEMBER)
    assert [(pop, status) for _p, pop, status, _e in evaluate()[member.pk]] == [
        ("birth_equity", "eligible"),
        ("homeless", "eligible"),
        ("ltc_risk", "eligible"),
        ("smi_sud", "eligible"),
    ]


def test_every_member_has_one_not_eligible_row_or_only_eligible_rows():
    members = [
        member_aged(40),
        member_aged(40, housing_status="homeless", ltc_level_of_care=True),
        member_aged(12, ccs_enrolled=True, child_welfare_involved=True),
        member_aged(
            80, program="CICM", enrollment_end=date(2026, 1, 31), housing_status="homeless"
        ),
        member_aged(80, program="CICM"),
    ]
    result = evaluate()
    for rows in (result[m.pk] for m in members):
        statuses = [status for _p, _pop, status, _e in rows]
        populations_ = [pop for _p, pop, _s, _e in rows]
        assert (statuses == ["not_eligible"] and populations_ == [""]) or (
            set(statuses) == {"eligible"} and "" not in populations_
        )
        assert len(set(populations_)) == len(populations_)
        assert all(evidence_ for *_rest, evidence_ in rows)
