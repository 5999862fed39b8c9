"""High utilizers: adults (and all of CICM) >= 5 avoidable ED visits or >= 3 unplanned
inpatient/SNF stays in 6 months; ECM children/youth >= 3 or >= 2 in 12 months. Unknown flags and
observation stays never count."""

import datetime

import pytest

from tests.eligibility.rules_helpers import (
    AFTER_D,
    FIRST_DAY_6M,
    FIRST_DAY_12M,
    OPENING_6M,
    OPENING_12M,
    UtilizationEventFactory,
    days,
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
SEPTEMBER = date(2026, 9, 1)


@pytest.mark.parametrize(("visits", "eligible"), [(4, False), (5, True)])
def test_adult_needs_5_avoidable_ed_visits_in_6_months(visits, eligible):
    member = member_aged(40)
    ed_visits(member, *days(SEPTEMBER, visits))
    assert is_in("high_utilizer", member) is eligible


@pytest.mark.parametrize(("count", "eligible"), [(2, False), (3, True)])
def test_adult_needs_3_unplanned_inpatient_or_snf_stays_in_6_months(count, eligible):
    member = member_aged(40)
    stays(member, SEPTEMBER)
    stays(member, *days(date(2026, 9, 10), count - 1), event_type="snf_stay")
    assert is_in("high_utilizer", member) is eligible


@pytest.mark.parametrize(("visits", "eligible"), [(2, False), (3, True)])
def test_child_needs_3_avoidable_ed_visits_in_12_months(visits, eligible):
    member = member_aged(20)
    ed_visits(member, *days(FIRST_DAY_12M, visits, step=100))
    assert is_in("high_utilizer", member) is eligible


@pytest.mark.parametrize(("count", "eligible"), [(1, False), (2, True)])
def test_child_needs_2_unplanned_stays_in_12_months(count, eligible):
    member = member_aged(12)
    stays(member, *days(FIRST_DAY_12M, count, step=200))
    assert is_in("high_utilizer", member) is eligible


def test_member_turning_21_on_d_uses_the_adult_6_month_threshold():
    child, adult = member_aged(20), member_aged(21)
    for member in (child, adult):
        ed_visits(member, *days(SEPTEMBER, 4))
    result = evaluate()
    assert "high_utilizer" in populations(result, child)
    assert "high_utilizer" not in populations(result, adult)


def test_adult_visits_older_than_6_months_do_not_count():
    member = member_aged(40)
    ed_visits(member, OPENING_6M, *days(FIRST_DAY_12M, 4, step=30))
    assert not is_in("high_utilizer", member)


@pytest.mark.parametrize("age", [0, 12, 20])
def test_cicm_member_of_any_age_uses_the_adult_thresholds(age):
    three, five = member_aged(age, program="CICM"), member_aged(age, program="CICM")
    ed_visits(three, *days(SEPTEMBER, 3))
    ed_visits(five, *days(SEPTEMBER, 5))
    result = evaluate()
    assert "high_utilizer" not in populations(result, three)
    assert result[five.pk][0][:3] == ("CICM", "high_utilizer", "eligible")


@pytest.mark.parametrize(
    ("opening_day", "first_day", "age"),
    [(OPENING_6M, FIRST_DAY_6M, 40), (OPENING_12M, FIRST_DAY_12M, 15)],
    ids=["adult-6-months", "child-12-months"],
)
def test_stays_count_from_the_day_after_the_window_opens(opening_day, first_day, age):
    outside, inside = member_aged(age), member_aged(age)
    threshold = 3 if age >= 21 else 2
    for member, first in ((outside, opening_day), (inside, first_day)):
        stays(member, first, *days(SEPTEMBER, threshold - 1))
    result = evaluate()
    assert "high_utilizer" not in populations(result, outside)
    assert "high_utilizer" in populations(result, inside)


def test_stay_starting_after_d_does_not_count():
    member = member_aged(40)
    stays(member, date(2026, 9, 29), date(2026, 9, 30), AFTER_D)
    assert not is_in("high_utilizer", member)


@pytest.mark.parametrize("avoidable", [None, False])
def test_ed_visits_not_marked_avoidable_do_not_count(avoidable):
    member = member_aged(40)
    ed_visits(member, *days(SEPTEMBER, 4))
    ed_visits(member, date(2026, 9, 20), avoidable=avoidable)
    assert not is_in("high_utilizer", member)


@pytest.mark.parametrize("unplanned", [None, False])
def test_stays_not_marked_unplanned_do_not_count(unplanned):
    member = member_aged(40)
    stays(member, *days(SEPTEMBER, 2))
    stays(member, date(2026, 9, 20), unplanned=unplanned)
    assert not is_in("high_utilizer", member)


def test_unknown_avoidability_is_reported_in_the_nearest_miss():
    member = member_aged(40)
    ed_visits(member, *days(SEPTEMBER, 4))
    ed_visits(member, *days(date(2026, 9, 20), 2), avoidable=None)
    assert evidence(evaluate(), member) == (
        "nearest miss: 4 of 5 avoidable ED visits in 2026-03-31..2026-09-30; "
        "2 ED visits with unknown avoidability not counted"
    )


def test_unknown_plannedness_is_reported_in_the_nearest_miss():
    member = member_aged(40)
    stays(member, *days(SEPTEMBER, 2))
    stays(member, date(2026, 9, 20), unplanned=None)
    assert evidence(evaluate(), member) == (
        "nearest miss: 2 of 3 unplanned inpatient/SNF stays in 2026-03-31..2026-09-30; "
        "1 stay with unknown plannedness not counted"
    )


def test_observation_stays_never_count_as_stays():
    member = member_aged(40)
    stays(member, *days(SEPTEMBER, 2))
    stays(member, *days(date(2026, 9, 10), 3), event_type="observation_stay")
    assert not is_in("high_utilizer", member)


def test_observation_stays_never_count_as_ed_visits():
    member = member_aged(40)
    ed_visits(member, *days(SEPTEMBER, 4))
    UtilizationEventFactory(
        member=member, event_type="observation_stay", start_date=SEPTEMBER, avoidable=True
    )
    assert not is_in("high_utilizer", member)


def test_evidence_names_count_first_and_last_dates_window_and_each_date():
    day = date(2026, 8, 31)
    member = member_aged(40, on=day)
    ed_visits(member, date(2026, 3, 2), *days(date(2026, 6, 1), 3), date(2026, 8, 30))
    assert evidence(evaluate(day), member, "high_utilizer") == (
        "5 avoidable ED visits 2026-03-02..2026-08-30 (window 2026-03-01..2026-08-31; "
        "on 2026-03-02, 2026-06-01, 2026-06-02, 2026-06-03, 2026-08-30)"
    )


def test_evidence_lists_twelve_dates_then_how_many_more():
    member = member_aged(40)
    ed_visits(member, *days(SEPTEMBER, 14))
    text = evidence(evaluate(), member, "high_utilizer")
    assert text.startswith("14 avoidable ED visits 2026-09-01..2026-09-14")
    assert "on 2026-09-01, 2026-09-02," in text
    assert text.endswith("2026-09-12 and 2 more)")


def test_evidence_names_both_reasons_when_both_thresholds_are_met():
    member = member_aged(40)
    ed_visits(member, *days(SEPTEMBER, 5))
    stays(member, *days(SEPTEMBER, 3))
    assert evidence(evaluate(), member, "high_utilizer") == (
        "5 avoidable ED visits 2026-09-01..2026-09-05 (window 2026-03-31..2026-09-30; on "
        "2026-09-01, 2026-09-02, 2026-09-03, 2026-09-04, 2026-09-05); "
        "3 unplanned inpatient/SNF stays 2026-09-01..2026-09-03 (window 2026-03-31..2026-09-30; "
        "on 2026-09-01, 2026-09-02, 2026-09-03)"
    )
