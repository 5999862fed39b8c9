"""Helpers for the rule tests: clinical-row factories, running the real engine, and a plain Python
re-statement of shared/domain/populations.md (rule set 2026.1) to compare the SQL against.

The re-statement is written from the document, not from eligibility/rules, on purpose: it is the
second opinion that catches a window, threshold or code-prefix mistake in the SQL.
"""

import calendar
import datetime
import itertools
import os
from collections import defaultdict

import factory

from eligibility.evaluation import create_run, run_evaluation
from eligibility.models import Determination, Diagnosis, UtilizationEvent
from members.models import Member
from tests.factories import MemberFactory

D = datetime.date(2026, 9, 30)
AFTER_D = datetime.date(2026, 10, 1)
# For D = 2026-09-30 (populations.md): "D - N months" itself is outside, the next day inside.
OPENING_6M, FIRST_DAY_6M = datetime.date(2026, 3, 30), datetime.date(2026, 3, 31)
OPENING_12M, FIRST_DAY_12M = datetime.date(2025, 9, 30), datetime.date(2025, 10, 1)
OPENING_24M, FIRST_DAY_24M = datetime.date(2024, 9, 30), datetime.date(2024, 10, 1)
DSNP = "DSNP:H1234-001"
_source_ids = itertools.count(1)
# CINs of our own, apart from MemberFactory's sequence: other engineers' transactional tests
# commit members to the shared test database while ours run.
_cins = itertools.count(50_000_000 + os.getpid() % 40_000 * 1_000)


class DiagnosisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Diagnosis

    member = factory.SubFactory(MemberFactory)
    icd10_code = "F209"
    diagnosis_date = D
    source_id = factory.LazyFunction(lambda: f"DX{next(_source_ids)}")


class UtilizationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UtilizationEvent

    member = factory.SubFactory(MemberFactory)
    event_type = "ed_visit"
    start_date = D
    end_date = None
    unplanned = None
    avoidable = True
    source_id = factory.LazyFunction(lambda: f"UT{next(_source_ids)}")


Row = tuple[str, str, str, str]  # (program, population, status, evidence)


def evaluate(day: datetime.date = D) -> dict[int, list[Row]]:
    """Run the real engine as of `day`: {member_id: [(program, population, status, evidence)]}.

    The engine itself, not services.evaluate_eligibility: the rule tests evaluate days after
    the machine's today too, which every user-facing door refuses (core/dates.py)."""
    run = run_evaluation(create_run(as_of=day))
    assert run.status == "succeeded", run.message
    result: dict[int, list[Row]] = defaultdict(list)
    rows = Determination.objects.filter(run=run).order_by("member_id", "program", "population")
    for member_id, *row in rows.values_list(
        "member_id", "program", "population", "status", "evidence"
    ):
        result[member_id].append(tuple(row))
    return dict(result)


def populations(result: dict[int, list[Row]], member: Member) -> set[str]:
    """The populations the member is eligible for in an evaluation's result."""
    return {pop for _program, pop, status, _ev in result.get(member.pk, []) if status == "eligible"}


def evidence(result: dict[int, list[Row]], member: Member, population: str = "") -> str:
    """The evidence of one population's row ('' = the member's not_eligible row)."""
    [text] = [ev for _program, pop, _st, ev in result[member.pk] if pop == population]
    return text


def is_in(population: str, member: Member, day: datetime.date = D) -> bool:
    return population in populations(evaluate(day), member)


def born_years_before(age: int, day: datetime.date = D) -> datetime.date:
    """A date of birth whose `age`-th birthday is exactly `day`."""
    return day.replace(year=day.year - age)


def roster_member(**fields) -> Member:
    """MemberFactory with a CIN from this process's own range."""
    fields.setdefault("cin", f"{next(_cins):08d}E")
    return MemberFactory(**fields)


def member_aged(age: int, *, on: datetime.date = D, **fields) -> Member:
    """A member who turns `age` on `on` (so is `age` that day). CICM with program='CICM'."""
    if fields.pop("program", "ECM") == "CICM":
        fields.setdefault("plan_product", DSNP)
    return roster_member(date_of_birth=born_years_before(age, on), **fields)


def ed_visits(member: Member, *dates: datetime.date, avoidable: bool | None = True) -> None:
    for day in dates:
        UtilizationEventFactory(member=member, start_date=day, avoidable=avoidable)


def stays(
    member: Member,
    *dates: datetime.date,
    event_type: str = "inpatient_admission",
    unplanned: bool | None = True,
) -> None:
    for day in dates:
        UtilizationEventFactory(
            member=member, event_type=event_type, start_date=day, unplanned=unplanned,
            avoidable=None, end_date=day + datetime.timedelta(days=2),
        )  # fmt: skip


def diagnose(member: Member, code: str, day: datetime.date = D) -> None:
    DiagnosisFactory(member=member, icd10_code=code.replace(".", "").upper(), diagnosis_date=day)


def days(first: datetime.date, count: int, step: int = 1) -> list[datetime.date]:
    return [first + datetime.timedelta(days=i * step) for i in range(count)]


# --- The rules of shared/domain/populations.md in plain Python -------------------------------


def months_back(day: datetime.date, months: int) -> datetime.date:
    """`D - N months`: same calendar day N months earlier, or that month's last day."""
    year, month = day.year, day.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def within(date: datetime.date | None, day: datetime.date, months: int) -> bool:
    """ "In the N months before D": D - N months < date <= D."""
    return date is not None and months_back(day, months) < date <= day


def age_on(dob: datetime.date, day: datetime.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def _span(first: int, last: int) -> tuple[str, ...]:
    return tuple(f"F{n}" for n in range(first, last + 1))


SMI = (*_span(20, 29), "F30", "F31", "F32", "F33", "F431")
SUD = (*_span(10, 16), "F18", "F19")
DEMENTIA = ("F01", "F02", "F03", "G30", "G3101", "G3109", "G3183")
HOMELESSNESS = ("Z5900", "Z5901", "Z5902")
YOUTH_BEHAVIORAL = SMI + SUD + _span(90, 98)
QUALIFYING_NEED = ("F", "B20", "Z21", "S06", "E10", "E11", "I50", "J44", "N18")
BIRTH_EQUITY_RACES = ("black", "american_indian_alaska_native", "native_hawaiian_pacific_islander")


def expected_populations(
    member: Member,
    diagnoses: list[Diagnosis],
    events: list[UtilizationEvent],
    day: datetime.date,
) -> tuple[str, set[str]]:
    """(program, populations) for one member as of `day`, straight from the document."""
    program = "CICM" if member.plan_product.startswith("DSNP:") else "ECM"
    end = member.enrollment_end
    if not (member.enrollment_start <= day and (end is None or end >= day)):
        return program, set()
    age = age_on(member.date_of_birth, day)
    adult = program == "CICM" or age >= 21
    housing = member.housing_status

    def has_code(group: tuple[str, ...], months: int | None) -> bool:
        return any(
            dx.diagnosis_date <= day
            and (months is None or within(dx.diagnosis_date, day, months))
            and dx.icd10_code.replace(".", "").upper().startswith(group)
            for dx in diagnoses
        )

    def count(types: tuple[str, ...], flag: str | None, months: int) -> int:
        return sum(
            1
            for ev in events
            if ev.event_type in types
            and within(ev.start_date, day, months)
            and (flag is None or getattr(ev, flag) is True)
        )

    pregnant_or_postpartum = member.currently_pregnant is True or within(
        member.pregnancy_end_date, day, 12
    )
    ed, stays_ = ("ed_visit",), ("inpatient_admission", "snf_stay")
    found = set()
    if housing == "homeless" or (housing in ("", "unknown") and has_code(HOMELESSNESS, 12)):
        found.add("homeless")
    if adult:
        high = count(ed, "avoidable", 6) >= 5 or count(stays_, "unplanned", 6) >= 3
    else:
        high = count(ed, "avoidable", 12) >= 3 or count(stays_, "unplanned", 12) >= 2
    if high:
        found.add("high_utilizer")
    if adult:
        risk = (
            count(ed, None, 12) >= 2
            or count(("inpatient_admission",), None, 12) >= 2
            or housing in ("homeless", "at_risk")
            or pregnant_or_postpartum
        )
        smi_sud = has_code(SMI + SUD, 12) and risk
    else:
        smi_sud = has_code(YOUTH_BEHAVIORAL, 12)
    if smi_sud:
        found.add("smi_sud")
    if within(member.incarceration_release_date, day, 12) and (
        not adult or has_code(QUALIFYING_NEED, 24) or pregnant_or_postpartum
    ):
        found.add("justice_involved")
    if adult and member.ltc_level_of_care is True and member.nursing_facility_resident is not True:
        found.add("ltc_risk")
    if adult and member.nursing_facility_resident is True and member.wants_community_transition:
        found.add("nf_transition")
    if pregnant_or_postpartum and member.race_ethnicity in BIRTH_EQUITY_RACES:
        found.add("birth_equity")
    if program == "CICM" and has_code(DEMENTIA, None):
        found.add("dementia")
    if program == "ECM" and age < 21 and member.ccs_enrolled is True:
        found.add("ccs")
    if program == "ECM" and age < 26 and member.child_welfare_involved is True:
        found.add("child_welfare")
    return program, found
