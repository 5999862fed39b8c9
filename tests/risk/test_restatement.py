"""The engine agrees with the plain Python re-statement of risk.md (risk_helpers.expected_risk)
for a seeded random population on days chosen for their window edges; hand-written cases pin the
boundaries we thought of, this catches the ones we did not."""

import datetime
import random

import pytest

from eligibility.models import Diagnosis, UtilizationEvent
from members.models import Member
from tests.eligibility.rules_helpers import DiagnosisFactory, UtilizationEventFactory, months_back
from tests.factories import MemberFactory
from tests.risk.risk_helpers import CHARLSON, HOMELESSNESS, expected_risk, stratify

date = datetime.date
pytestmark = pytest.mark.django_db
AS_OF_DAYS = (date(2026, 9, 30), date(2026, 8, 31), date(2026, 3, 31), date(2024, 2, 29))
CODES = (
    *(prefixes[0] for _w, prefixes in CHARLSON.values()),
    *(prefixes[-1] for _w, prefixes in CHARLSON.values()),
    "I2510", "I252", "E119", "E1122", "K7030", "K7210", "C509", "C780", "C44", "N031", "F051",
    "F050", "Z5901", "Z590", "I10", *HOMELESSNESS,
)  # fmt: skip


def _near(rng: random.Random, day: date) -> date:
    if rng.random() < 0.5:
        edge = rng.choice(
            [day, months_back(day, 6), months_back(day, 12), day - datetime.timedelta(days=30)]
        )
        return edge + datetime.timedelta(days=rng.choice([-1, 0, 1]))
    return day - datetime.timedelta(days=rng.randint(-20, 420))


def _population(seed: int, size: int) -> list[int]:
    rng = random.Random(seed)
    members = Member.objects.bulk_create(
        [
            MemberFactory.build(
                cin=f"{93_000_000 + n:08d}K",
                enrollment_start=rng.choice(
                    [date(2024, 1, 1), date(2026, 8, 31), date(2026, 10, 1)]
                ),
                enrollment_end=rng.choice([None, None, date(2026, 8, 31), date(2026, 9, 29)]),
                housing_status=rng.choice(["", "housed", "homeless", "at_risk", "unknown"]),
            )
            for n in range(size)
        ]
    )
    diagnoses, events = [], []
    for member in members:
        day = rng.choice(AS_OF_DAYS)
        for _ in range(rng.choice([0, 1, 2, 3, 5])):
            diagnoses.append(
                DiagnosisFactory.build(
                    member=member, icd10_code=rng.choice(CODES), diagnosis_date=_near(rng, day)
                )
            )
        for _ in range(rng.choice([0, 1, 3, 5, 8])):
            kind = rng.choice(["ed_visit", "ed_visit", "inpatient_admission", "snf_stay"])
            start = _near(rng, day)
            stay = kind != "ed_visit"
            end = start + datetime.timedelta(days=rng.choice([0, 1, 3, 5, 9, 15])) if stay else None
            events.append(
                UtilizationEventFactory.build(
                    member=member, event_type=kind, start_date=start,
                    end_date=rng.choice([end, end, None]) if stay else None,
                    unplanned=rng.choice([True, True, False, None]) if stay else None,
                    avoidable=rng.choice([True, None]) if not stay else None,
                )
            )  # fmt: skip
    Diagnosis.objects.bulk_create(diagnoses)
    UtilizationEvent.objects.bulk_create(events)
    return [m.pk for m in members]


@pytest.mark.parametrize("day", AS_OF_DAYS, ids=str)
def test_engine_agrees_with_the_python_restatement_for_a_random_population(day):
    member_ids = _population(seed=20262, size=300)
    diagnoses: dict[int, list] = {}
    events: dict[int, list] = {}
    for dx in Diagnosis.objects.filter(member__in=member_ids):
        diagnoses.setdefault(dx.member_id, []).append(dx)
    for ev in UtilizationEvent.objects.filter(member__in=member_ids):
        events.setdefault(ev.member_id, []).append(ev)
    result = stratify(day)
    mismatches, tiers = [], set()
    for member in Member.objects.filter(pk__in=member_ids):
        expected = expected_risk(
            member, diagnoses.get(member.pk, []), events.get(member.pk, []), day
        )
        got = result.get(member.pk)
        if expected is None:
            if got is not None:
                mismatches.append((member.pk, "should have no row"))
            continue
        tiers.add(expected.tier)
        actual = (got.tier, got.score, got.lace, got.charlson, got.ed_6m, got.ip_12m, got.homeless)
        wanted = (expected.tier, expected.score, expected.lace, expected.charlson, expected.ed_6m,
                  expected.ip_12m, expected.homeless)  # fmt: skip
        if actual != wanted:
            mismatches.append((member.pk, actual, wanted))
    assert not mismatches, f"{len(mismatches)} members differ, e.g. {mismatches[:3]}"
    if day == AS_OF_DAYS[0]:
        assert tiers == {"low", "medium", "high"}
