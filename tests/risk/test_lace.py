"""LACE (risk.md): every band of L, A, C and E, the 30-day index window (D - 30 < end <= D), the
ED visits of the 6 months before the stay's start with the admission day excluded, the highest
stay wins."""

import datetime

import pytest

from tests.risk.risk_helpers import (
    D,
    admission,
    diagnose,
    ed_visit,
    risk_of,
    roster_member,
    stratify,
)

date = datetime.date
pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("days", "points"),
    [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (6, 4), (7, 5), (13, 5), (14, 7), (40, 7)],
)
def test_length_of_stay_bands(days, points):
    member = roster_member()
    admission(member, D - days * DAY, D, unplanned=False)
    risk = risk_of(member)
    assert (risk.lace_l, risk.lace_a, risk.lace_c, risk.lace_e) == (points, 0, 0, 0)
    assert risk.lace == points


@pytest.mark.parametrize(("unplanned", "points"), [(True, 3), (False, 0), (None, 0)])
def test_acuity_is_3_only_for_an_unplanned_admission(unplanned, points):
    member = roster_member()
    admission(member, D, D, unplanned=unplanned)
    assert risk_of(member).lace_a == points


@pytest.mark.parametrize(
    ("codes", "points"),
    [
        ((), 0),
        (("I50.9",), 1),
        (("N18.3",), 2),
        (("N18.3", "I50.9"), 3),
        (("N18.3", "I50.9", "J44.9"), 5),
        (("B20",), 5),
    ],
)
def test_comorbidity_bands(codes, points):
    member = roster_member()
    for code in codes:
        diagnose(member, code)
    admission(member, D, D, unplanned=False)
    assert risk_of(member).lace_c == points


@pytest.mark.parametrize(("visits", "points"), [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (6, 4)])
def test_ed_visit_bands(visits, points):
    member = roster_member()
    start = date(2026, 9, 20)
    for n in range(visits):
        ed_visit(member, start - (n + 1) * DAY)
    admission(member, start, start + DAY, unplanned=False)
    risk = risk_of(member)
    assert (risk.lace_e, risk.lace_ed_visits) == (points, visits)


def test_ed_visit_on_the_admission_day_is_not_counted():
    member = roster_member()
    start = date(2026, 9, 20)
    ed_visit(member, start)
    admission(member, start, start + DAY, unplanned=False)
    assert risk_of(member).lace_e == 0


def test_ed_window_is_the_6_months_before_the_stay_start():
    """S = 2026-08-31: S - 6 months = 2026-02-28 is outside, 2026-03-01 inside."""
    member = roster_member()
    start = date(2026, 8, 31)
    ed_visit(member, date(2026, 2, 28))
    ed_visit(member, date(2026, 3, 1))
    admission(member, start, date(2026, 9, 15), unplanned=False)
    assert risk_of(member).lace_e == 1


@pytest.mark.parametrize(
    ("end", "indexed"),
    [(D - 30 * DAY, False), (D - 29 * DAY, True), (D, True)],
    ids=["D-30-outside", "D-29-inside", "D-inside"],
)
def test_index_window_is_the_30_days_before_d(end, indexed):
    member = roster_member()
    admission(member, end - 2 * DAY, end, unplanned=True)
    risk = risk_of(member)
    assert (risk.lace is not None) is indexed


def test_a_stay_ending_after_d_or_still_open_is_no_index_stay():
    later, open_stay = roster_member(), roster_member()
    admission(later, D - 2 * DAY, D + DAY)
    admission(open_stay, D - 2 * DAY, None)
    result = stratify()
    assert result[later.pk].lace is None
    assert result[open_stay.pk].lace is None


def test_snf_and_observation_stays_are_no_index_stay():
    member = roster_member()
    admission(member, D - 5 * DAY, D, event_type="snf_stay")
    admission(member, D - 5 * DAY, D, event_type="observation_stay")
    assert risk_of(member).lace is None


def test_the_highest_stay_is_the_index_and_named_in_the_evidence():
    member = roster_member()
    diagnose(member, "I50.9")
    diagnose(member, "J44.9")
    for n in range(2):
        ed_visit(member, date(2026, 8, 20) + n * DAY)
    admission(member, date(2026, 9, 1), date(2026, 9, 8), unplanned=True)  # L5 A3 C2 E2 = 12
    admission(member, date(2026, 9, 25), date(2026, 9, 26), unplanned=False)  # L1 C2 E2 = 5
    risk = risk_of(member)
    assert risk.lace == 12
    assert risk.tier == "high"
    assert risk.evidence.startswith(
        "high: LACE 12 (stay 2026-09-01..2026-09-08, unplanned: L 5, A 3, C 2, E 2); "
        "Charlson 2 (congestive heart failure, chronic pulmonary disease); "
        "1 unplanned admission in 12 months"
    )
