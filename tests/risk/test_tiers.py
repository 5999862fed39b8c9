"""Tiers, score, homelessness, the 6- and 12-month windows, rising across two runs, members joining
or leaving enrollment between runs, and re-running a day (risk.md)."""

import datetime

import pytest

from members.models import Member
from risk.models import MemberRisk, StratificationRun
from tests.eligibility.rules_helpers import FIRST_DAY_6M, FIRST_DAY_12M, OPENING_6M, OPENING_12M
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
SEPT = date(2026, 9, 1)


def _ed(member, count, first=SEPT):
    for n in range(count):
        ed_visit(member, first + n * DAY)


JANUARY = date(2026, 1, 10)


def _ip(member, count, first=JANUARY):
    for n in range(count):
        admission(member, first + 10 * n * DAY, first + (10 * n + 1) * DAY, unplanned=True)


@pytest.mark.parametrize(
    ("ed", "ip", "codes", "housing", "tier"),
    [
        (0, 0, (), "housed", "low"),
        (1, 0, ("I50.9",), "housed", "low"),
        (2, 0, (), "housed", "medium"),
        (3, 0, (), "housed", "medium"),
        (4, 0, (), "housed", "high"),
        (0, 1, (), "housed", "medium"),
        (0, 2, (), "housed", "high"),
        (0, 0, ("N18.3",), "housed", "medium"),
        (0, 0, ("N18.3", "I50.9"), "housed", "medium"),
        (0, 0, ("N18.3", "E11.22"), "housed", "high"),
        (0, 0, (), "homeless", "medium"),
        (1, 0, (), "homeless", "medium"),
        (2, 0, (), "homeless", "high"),
        (0, 1, (), "homeless", "high"),
    ],
)
def test_tier_thresholds(ed, ip, codes, housing, tier):
    member = roster_member(housing_status=housing)
    _ed(member, ed)
    _ip(member, ip)
    for code in codes:
        diagnose(member, code)
    risk = risk_of(member)
    assert risk.tier == tier
    assert risk.evidence.startswith(f"{tier}: ")


@pytest.mark.parametrize(("lace", "tier"), [(4, "low"), (5, "medium"), (9, "medium"), (10, "high")])
def test_lace_tier_bands(lace, tier):
    """A planned stay and ED visits that count for its E but are older than D's 6 months, so
    LACE alone decides the tier."""
    member = roster_member()
    length_days, ed_before = {4: (4, 0), 5: (7, 0), 9: (14, 2), 10: (14, 3)}[lace]
    start = D - (length_days + 1) * DAY
    for n in range(ed_before):
        ed_visit(member, OPENING_6M - n * DAY)  # inside the stay's E window, not D's 6 months
    admission(member, start, start + length_days * DAY, unplanned=False)
    risk = risk_of(member)
    assert (risk.lace, risk.tier) == (lace, tier)


def test_score_orders_members_within_a_tier():
    member = roster_member(housing_status="homeless")
    _ed(member, 6)
    _ip(member, 4)
    for code in ("B20", "C78.0"):
        diagnose(member, code)
    risk = risk_of(member)
    # lace none, 2 x min(4, 3), min(6, 4), min(12, 6), homeless 3
    assert (risk.charlson, risk.score) == (12, 6 + 4 + 6 + 3)


def test_homelessness_code_counts_only_when_housing_status_is_empty_or_unknown():
    empty, unknown, housed = (roster_member(housing_status=s) for s in ("", "unknown", "housed"))
    for member in (empty, unknown, housed):
        diagnose(member, "Z59.01")
    result = stratify()
    assert result[empty.pk].homeless and result[unknown.pk].homeless
    assert not result[housed.pk].homeless
    assert "homelessness code Z59.01 on 2026-09-30" in result[empty.pk].evidence


def test_ed_visits_count_in_the_6_months_before_d_any_avoidability():
    member = roster_member()
    ed_visit(member, OPENING_6M, avoidable=True)
    ed_visit(member, FIRST_DAY_6M, avoidable=False)
    ed_visit(member, D, avoidable=None)
    ed_visit(member, D + DAY)
    risk = risk_of(member)
    assert risk.ed_6m == 2
    assert risk.ed_6m_dates == [FIRST_DAY_6M, D]


def test_unplanned_admissions_count_in_the_12_months_before_d():
    member = roster_member()
    admission(member, OPENING_12M, OPENING_12M + DAY)
    admission(member, FIRST_DAY_12M, FIRST_DAY_12M + DAY)
    admission(member, SEPT, SEPT + DAY, unplanned=None)
    admission(member, SEPT, SEPT + DAY, unplanned=False)
    admission(member, SEPT, SEPT + DAY, event_type="snf_stay")
    risk = risk_of(member)
    assert (risk.ip_12m, risk.ip_12m_dates) == (1, [FIRST_DAY_12M])


def test_members_not_enrolled_on_d_get_no_row():
    ended = roster_member(enrollment_start=date(2025, 1, 1), enrollment_end=D - DAY)
    last_day = roster_member(enrollment_start=date(2025, 1, 1), enrollment_end=D)
    future = roster_member(enrollment_start=D + DAY)
    first_day = roster_member(enrollment_start=D)
    result = stratify()
    assert ended.pk not in result and future.pk not in result
    assert last_day.pk in result and first_day.pk in result


def test_rising_compares_with_the_latest_earlier_stratification():
    riser, steady, newcomer = roster_member(), roster_member(), roster_member(enrollment_start=D)
    _ed(steady, 2, first=date(2026, 8, 1))
    stratify(D - 7 * DAY)
    _ed(riser, 4)
    _ed(newcomer, 4)
    result = stratify(D)
    assert (result[riser.pk].tier, result[riser.pk].previous_tier) == ("high", "low")
    assert result[riser.pk].rising
    assert not result[steady.pk].rising  # medium both times
    assert not result[newcomer.pk].rising  # no row in the earlier run
    assert result[newcomer.pk].previous_tier == ""


def test_rising_is_false_on_the_first_stratification_and_when_the_tier_falls():
    member = roster_member()
    _ed(member, 4, first=date(2026, 6, 1))
    first = stratify(date(2026, 7, 1))
    assert first[member.pk].tier == "high" and not first[member.pk].rising
    later = stratify(date(2027, 1, 15))  # the visits left the 6-month window
    assert later[member.pk].tier == "low" and not later[member.pk].rising


def test_a_member_who_left_between_runs_has_no_row_and_the_caseload_tier_clears():
    member = roster_member(enrollment_start=date(2025, 1, 1))
    _ed(member, 4, first=date(2026, 9, 10))
    stratify(date(2026, 9, 20))
    assert Member.objects.get(pk=member.pk).risk_tier == "high"
    Member.objects.filter(pk=member.pk).update(enrollment_end=date(2026, 9, 25))
    assert member.pk not in stratify(D)
    refreshed = Member.objects.get(pk=member.pk)
    assert (refreshed.risk_tier, refreshed.risk_score) == ("", None)


def test_rerunning_a_day_replaces_its_rows_with_the_same_result():
    member = roster_member()
    _ed(member, 3)
    first = {pk: (r.tier, r.score, r.evidence) for pk, r in stratify().items()}
    second = {pk: (r.tier, r.score, r.evidence) for pk, r in stratify().items()}
    assert first == second
    assert MemberRisk.objects.filter(as_of=D).count() == len(first)
    assert StratificationRun.objects.filter(as_of=D, status="succeeded").count() == 2


def test_an_earlier_day_does_not_replace_the_caseload_tier_of_a_later_one():
    member = roster_member()
    _ed(member, 4, first=date(2026, 9, 20))
    stratify(D)
    stratify(date(2026, 9, 1))
    refreshed = Member.objects.get(pk=member.pk)
    assert (refreshed.risk_tier, refreshed.risk_score) == ("high", 4)


def test_caseload_summary_carries_tier_score_and_rising():
    member = roster_member()
    stratify(D - DAY)
    _ed(member, 2)
    stratify(D)
    refreshed = Member.objects.get(pk=member.pk)
    assert (refreshed.risk_tier, refreshed.risk_score, refreshed.risk_rising) == (
        "medium",
        2,
        True,
    )
