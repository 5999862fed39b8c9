"""Time windows and age as populations.md defines them: `D - N months < d <= D`, with the month-end
clamp, evaluated as of the given day (never the machine clock), and the new age on a birthday."""

import datetime

import pytest
from django.db import connection

from eligibility.rules import AsOf, months_before
from tests.eligibility.rules_helpers import (
    D,
    days,
    diagnose,
    ed_visits,
    evaluate,
    evidence,
    is_in,
    member_aged,
    months_back,
    populations,
    roster_member,
)

date = datetime.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "months", "opening"),
    [
        (date(2024, 2, 29), 12, date(2023, 2, 28)),
        (date(2026, 8, 31), 6, date(2026, 2, 28)),
        (date(2028, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 9, 30), 12, date(2025, 9, 30)),
        (date(2026, 9, 30), 6, date(2026, 3, 30)),
        (date(2026, 9, 30), 24, date(2024, 9, 30)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2026, 1, 15), 6, date(2025, 7, 15)),
    ],
)
def test_months_before_is_the_same_day_or_the_shorter_months_last_day(day, months, opening):
    assert months_before(day, months) == opening


def test_window_labels_for_30_september_2026_match_the_document():
    as_of = AsOf(D)
    assert as_of.window(12).label == "2025-10-01..2026-09-30"
    assert as_of.window(6).label == "2026-03-31..2026-09-30"


def test_months_before_agrees_with_postgres_interval_arithmetic_every_day_of_two_years():
    every_day = days(date(2027, 1, 1), 731)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d, (d - interval '6 months')::date, (d - interval '12 months')::date, "
            "(d - interval '24 months')::date FROM unnest(%s::date[]) AS d",
            [every_day],
        )
        for day, six, twelve, twenty_four in cursor.fetchall():
            assert (months_before(day, 6), months_before(day, 12)) == (six, twelve)
            assert months_before(day, 24) == twenty_four == months_back(day, 24)


def test_event_on_the_opening_day_of_the_6_month_window_does_not_count():
    member = member_aged(40)
    ed_visits(member, date(2026, 3, 30), *days(date(2026, 6, 1), 4))
    assert "high_utilizer" not in populations(evaluate(), member)


def test_event_on_the_day_after_the_opening_day_counts():
    member = member_aged(40)
    ed_visits(member, date(2026, 3, 31), *days(date(2026, 6, 1), 4))
    assert "high_utilizer" in populations(evaluate(), member)


def test_event_on_the_opening_day_of_the_12_month_window_does_not_count():
    member = roster_member(housing_status="")
    diagnose(member, "Z59.00", date(2025, 9, 30))
    assert "homeless" not in populations(evaluate(), member)


def test_event_on_the_first_day_of_the_12_month_window_counts():
    member = roster_member(housing_status="")
    diagnose(member, "Z59.00", date(2025, 10, 1))
    assert "homeless" in populations(evaluate(), member)


def test_event_on_d_counts():
    member = member_aged(40)
    ed_visits(member, *days(date(2026, 9, 26), 5))
    assert "high_utilizer" in populations(evaluate(), member)


def test_event_on_the_day_after_d_does_not_count():
    member = member_aged(40)
    ed_visits(member, *days(date(2026, 9, 27), 5))  # the fifth is 1 October
    assert "high_utilizer" not in populations(evaluate(), member)


def test_31_august_minus_6_months_opens_the_window_after_28_february():
    day = date(2026, 8, 31)
    counted, opening = member_aged(40, on=day), member_aged(40, on=day)
    ed_visits(counted, date(2026, 3, 1), *days(date(2026, 7, 1), 4))
    ed_visits(opening, date(2026, 2, 28), *days(date(2026, 7, 1), 4))
    result = evaluate(day)
    assert "high_utilizer" in populations(result, counted)
    assert "high_utilizer" not in populations(result, opening)
    assert "2026-03-01..2026-08-31" in evidence(result, counted, "high_utilizer")


def test_29_february_minus_12_months_opens_the_window_after_28_february():
    day = date(2028, 2, 29)
    counted, opening = roster_member(housing_status=""), roster_member(housing_status="")
    diagnose(counted, "Z5901", date(2027, 3, 1))
    diagnose(opening, "Z5901", date(2027, 2, 28))
    result = evaluate(day)
    assert "homeless" in populations(result, counted)
    assert "homeless" not in populations(result, opening)


def test_events_after_the_as_of_day_are_ignored_even_when_the_clock_has_passed_them():
    day = date(2026, 3, 15)  # the machine clock is later; the events below are "in the past"
    member = member_aged(40, on=day)
    ed_visits(member, *days(date(2026, 3, 11), 4), date(2026, 3, 16))
    diagnose(member, "Z5900", date(2026, 4, 1))
    member.housing_status = ""
    member.save()
    result = evaluate(day)
    assert populations(result, member) == set()
    assert "4 of 5 avoidable ED visits" in evidence(result, member)


def test_an_as_of_day_in_the_future_counts_events_up_to_it_whatever_the_clock_says():
    day = date(2031, 1, 15)
    member = member_aged(40, on=day)
    ed_visits(member, *days(date(2031, 1, 11), 5))
    assert is_in("high_utilizer", member, day)


def test_member_whose_21st_birthday_is_d_is_an_adult_that_day():
    assert is_in("ltc_risk", member_aged(21, ltc_level_of_care=True))


def test_member_whose_21st_birthday_is_the_day_after_d_is_still_a_child():
    member = member_aged(21, on=D + datetime.timedelta(days=1), ltc_level_of_care=True)
    assert not is_in("ltc_risk", member)


def test_member_a_day_short_of_21_after_a_31_day_month_is_still_a_child():
    # 2005-10-31 to 2026-10-30 is "20 years 11 months 30 days", which PostgreSQL's interval
    # comparison used to equate with 21 years.
    day = date(2026, 10, 30)
    member = roster_member(
        date_of_birth=date(2005, 10, 31), ltc_level_of_care=True, ccs_enrolled=True
    )
    result = evaluate(day)
    assert populations(result, member) == {"ccs"}
    assert evidence(result, member, "ccs").endswith("age 20")


def test_age_in_evidence_is_the_new_age_on_the_birthday():
    member = member_aged(18, ccs_enrolled=True)
    assert evidence(evaluate(), member, "ccs").endswith("age 18")


@pytest.mark.parametrize(("day", "adult"), [(date(2029, 2, 28), False), (date(2029, 3, 1), True)])
def test_member_born_on_29_february_turns_21_on_1_march_in_a_common_year(day, adult):
    # populations.md does not say; this pins PostgreSQL's age() (and the usual legal reading).
    member = roster_member(date_of_birth=date(2008, 2, 29), ltc_level_of_care=True)
    assert is_in("ltc_risk", member, day) is adult
