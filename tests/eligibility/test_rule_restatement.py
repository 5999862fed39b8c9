"""The engine's determinations agree with a plain Python re-statement of populations.md
(rules_helpers.expected_populations) for a seeded random population, on days chosen for their
window edges. Hand-written cases pin the boundaries we thought of; this catches the ones we did not.
"""

import datetime
import random

import pytest

from eligibility.models import Diagnosis, UtilizationEvent
from members.models import Member
from tests.eligibility.rules_helpers import (
    DSNP,
    DiagnosisFactory,
    UtilizationEventFactory,
    evaluate,
    expected_populations,
    months_back,
)
from tests.factories import MemberFactory

date = datetime.date
pytestmark = pytest.mark.django_db

AS_OF_DAYS = (date(2026, 9, 30), date(2026, 8, 31), date(2026, 3, 31), date(2026, 10, 30))
CODES = (
    "F20", "F209", "F29", "F17", "F1721", "F10", "F1020", "F16", "F18", "F19", "F43", "F431",
    "F4310", "F33", "F34", "F90", "F98", "F99", "F01", "F0390", "G30", "G309", "G3101", "G311",
    "G3183", "Z5900", "Z5902", "Z5903", "Z590", "B20", "Z21", "S06", "E11", "E13", "I50", "J44",
    "N18", "I10",
)  # fmt: skip
EVENT_TYPES = ("ed_visit", "ed_visit", "ed_visit", "inpatient_admission", "snf_stay",
               "observation_stay")  # fmt: skip
BURST_ED = ("ed_visit", "ed_visit", "ed_visit", "observation_stay")
BURST_STAYS = ("inpatient_admission", "snf_stay", "observation_stay")
FLAGS = (True, True, True, False, None)


def _near(rng: random.Random, day: date) -> date:
    """A date near one of the day's window edges, or anywhere in the 30 months around it."""
    if rng.random() < 0.4:
        edge = rng.choice([day, months_back(day, 6), months_back(day, 12), months_back(day, 24)])
        return edge + datetime.timedelta(days=rng.choice([-1, 0, 1]))
    return day - datetime.timedelta(days=rng.randint(-60, 800))


def _member(rng: random.Random, n: int) -> Member:
    day = rng.choice(AS_OF_DAYS)
    if rng.random() < 0.3:  # birthdays on or around an as-of day, near 21 and 26
        age = rng.choice([20, 21, 25, 26])
        dob = day.replace(year=day.year - age) + datetime.timedelta(days=rng.choice([-1, 0, 1]))
    else:
        dob = date(1940, 1, 1) + datetime.timedelta(days=rng.randint(0, 31_000))
    start = rng.choice([date(2024, 1, 1), date(2025, 6, 1), day, day + datetime.timedelta(days=1)])
    end = rng.choice([None, None, None, day, day - datetime.timedelta(days=1), date(2027, 1, 1)])
    return MemberFactory.build(
        cin=f"{90_000_000 + n:08d}R",
        date_of_birth=dob,
        plan_product=rng.choice(["MCP", "MCP", DSNP]),
        enrollment_start=start,
        enrollment_end=end if end is None or end >= start else None,
        housing_status=rng.choice(["", "housed", "homeless", "at_risk", "unknown"]),
        race_ethnicity=rng.choice(
            [
                "",
                "black",
                "white",
                "american_indian_alaska_native",
                "native_hawaiian_pacific_islander",
                "asian",
            ]
        ),
        incarceration_release_date=rng.choice([None, None, _near(rng, day)]),
        pregnancy_end_date=rng.choice([None, None, _near(rng, day)]),
        currently_pregnant=rng.choice([None, None, False, True]),
        nursing_facility_resident=rng.choice([None, False, True]),
        wants_community_transition=rng.choice([None, False, True]),
        ltc_level_of_care=rng.choice([None, False, True]),
        ccs_enrolled=rng.choice([None, False, True]),
        child_welfare_involved=rng.choice([None, False, True]),
    )


def _population(seed: int, size: int) -> list[int]:
    """Create the members and their clinical rows; return the members' ids."""
    rng = random.Random(seed)
    members = Member.objects.bulk_create([_member(rng, n) for n in range(size)])
    diagnoses, events = [], []
    for member in members:
        day = rng.choice(AS_OF_DAYS)
        for _ in range(rng.choice([0, 0, 1, 2, 3])):
            diagnoses.append(
                DiagnosisFactory.build(
                    member=member, icd10_code=rng.choice(CODES), diagnosis_date=_near(rng, day)
                )
            )
        # Half the members get a burst of one kind of event in about 6 months, enough to land
        # on either side of a threshold; the rest get a few of anything spread over 30 months.
        burst = rng.choice([None, None, BURST_ED, BURST_STAYS])
        for _ in range(rng.choice([0, 2, 3, 4, 5, 6, 7, 9])):
            events.append(
                UtilizationEventFactory.build(
                    member=member,
                    event_type=rng.choice(burst or EVENT_TYPES),
                    start_date=(
                        day - datetime.timedelta(days=rng.randint(-5, 200))
                        if burst
                        else _near(rng, day)
                    ),
                    end_date=None,
                    unplanned=rng.choice(FLAGS),
                    avoidable=rng.choice(FLAGS),
                )
            )
    Diagnosis.objects.bulk_create(diagnoses)
    UtilizationEvent.objects.bulk_create(events)
    return [member.pk for member in members]


def _expected(day: date, member_ids: list[int]) -> dict[int, tuple[str, set[str]]]:
    diagnoses: dict[int, list] = {}
    events: dict[int, list] = {}
    for dx in Diagnosis.objects.filter(member__in=member_ids):
        diagnoses.setdefault(dx.member_id, []).append(dx)
    for ev in UtilizationEvent.objects.filter(member__in=member_ids):
        events.setdefault(ev.member_id, []).append(ev)
    return {
        m.pk: expected_populations(m, diagnoses.get(m.pk, []), events.get(m.pk, []), day)
        for m in Member.objects.filter(pk__in=member_ids)
    }


@pytest.mark.parametrize("day", AS_OF_DAYS, ids=str)
def test_engine_agrees_with_the_python_restatement_for_a_random_population(day):
    expected = _expected(day, _population(seed=20261, size=250))
    result = evaluate(day)
    assert result.keys() >= expected.keys()
    mismatches = []
    for member_id, (program, pops) in expected.items():
        rows = result[member_id]
        got = {pop for _prog, pop, status, _ev in rows if status == "eligible"}
        assert [row[1:3] for row in rows] == [("", "not_eligible")] or all(
            pop and status == "eligible" for _prog, pop, status, _ev in rows
        ), rows
        if {prog for prog, *_ in rows} != {program} or got != pops:
            mismatches.append((member_id, program, sorted(pops), rows))
    assert not mismatches, f"{len(mismatches)} members differ, e.g. {mismatches[:3]}"


def test_the_random_population_reaches_every_population_and_the_not_eligible_case():
    member_ids = _population(seed=20261, size=250)
    seen = set()
    for day in AS_OF_DAYS:
        for _program, pops in _expected(day, member_ids).values():
            seen |= pops or {"none"}
    assert seen >= {
        "homeless", "high_utilizer", "smi_sud", "justice_involved", "ltc_risk", "nf_transition",
        "birth_equity", "dementia", "ccs", "child_welfare", "none",
    }  # fmt: skip
