"""Helpers for the risk tests: running the real engine, and a plain Python re-statement of
shared/domain/risk.md (rule set 2026.1) written from the document, not from risk/rules, so it is
a second opinion on every window, band, code prefix and hierarchy pair in the SQL.
"""

import datetime
from dataclasses import dataclass

from members.models import Member
from risk import engine, export
from risk.models import MemberRisk
from tests.eligibility.rules_helpers import (
    D,
    UtilizationEventFactory,
    diagnose,
    months_back,
    roster_member,
    within,
)

__all__ = ["D", "diagnose", "roster_member"]


def stratify(day: datetime.date = D) -> dict[int, MemberRisk]:
    """Run the real engine as of `day`: {member_id: MemberRisk}. The engine itself, not the
    service, so the rules can be tested on days after today (the service refuses those)."""
    run = engine.run_stratification(engine.create_run(as_of=day))
    assert run.status == "succeeded", run.message
    return {r.member_id: r for r in MemberRisk.objects.filter(as_of=day)}


def risk_of(member: Member, day: datetime.date = D) -> MemberRisk:
    return stratify(day)[member.pk]


def ed_visit(member: Member, day: datetime.date, avoidable: bool | None = None) -> None:
    UtilizationEventFactory(member=member, start_date=day, avoidable=avoidable)


def admission(
    member: Member,
    start: datetime.date,
    end: datetime.date | None,
    *,
    unplanned: bool | None = True,
    event_type: str = "inpatient_admission",
) -> None:
    UtilizationEventFactory(
        member=member, event_type=event_type, start_date=start, end_date=end,
        unplanned=unplanned, avoidable=None,
    )  # fmt: skip


def export_rows(day: datetime.date, tmp_path) -> list[str]:
    path = tmp_path / "risk.csv"
    with path.open("wb") as out:
        export.write_risk(as_of=day, out=out)
    return path.read_text().splitlines()


# --- risk.md in plain Python -----------------------------------------------------------------


def _span(stem: str, first: int, last: int, width: int = 2) -> tuple[str, ...]:
    return tuple(f"{stem}{n:0{width}d}" for n in range(first, last + 1))


def _dm(*fourth: int) -> tuple[str, ...]:
    return tuple(f"E1{c}{n}" for c in range(5) for n in fourth)


CHARLSON = {  # condition: (weight, prefixes), as the table in risk.md
    "myocardial infarction": (1, ("I21", "I22", "I252")),
    "congestive heart failure": (1, ("I099", "I110", "I130", "I132", "I255", "I420", "I425",
        "I426", "I427", "I428", "I429", "I43", "I50", "P290")),
    "peripheral vascular disease": (1, ("I70", "I71", "I731", "I738", "I739", "I771", "I790",
        "I792", "K551", "K558", "K559", "Z958", "Z959")),
    "cerebrovascular disease": (1, ("G45", "G46", "H340", *_span("I", 60, 69))),
    "dementia": (1, (*_span("F", 0, 3), "F051", "G30", "G311")),
    "chronic pulmonary disease": (1, ("I278", "I279", *_span("J", 40, 47), *_span("J", 60, 67),
        "J684", "J701", "J703")),
    "rheumatic disease": (1, ("M05", "M06", "M315", "M32", "M33", "M34", "M351", "M353",
        "M360")),
    "peptic ulcer disease": (1, ("K25", "K26", "K27", "K28")),
    "mild liver disease": (1, ("B18", "K700", "K701", "K702", "K703", "K709", "K713", "K714",
        "K715", "K717", "K73", "K74", "K760", "K762", "K763", "K764", "K768", "K769", "Z944")),
    "diabetes without chronic complication": (1, _dm(0, 1, 6, 8, 9)),
    "diabetes with chronic complication": (2, _dm(2, 3, 4, 5, 7)),
    "hemiplegia or paraplegia": (2, ("G041", "G114", "G801", "G802", "G81", "G82", "G830",
        "G831", "G832", "G833", "G834", "G839")),
    "renal disease": (2, ("I120", "I131", *_span("N0", 32, 37), *_span("N0", 52, 57), "N18",
        "N19", "N250", "Z490", "Z491", "Z492", "Z940", "Z992")),
    "any malignancy": (2, (*_span("C", 0, 26), *_span("C", 30, 34), *_span("C", 37, 41), "C43",
        *_span("C", 45, 58), *_span("C", 60, 76), *_span("C", 81, 85), "C88",
        *_span("C", 90, 97))),
    "moderate or severe liver disease": (3, ("I850", "I859", "I864", "I982", "K704", "K711",
        "K721", "K729", "K765", "K766", "K767")),
    "metastatic solid tumour": (6, ("C77", "C78", "C79", "C80")),
    "HIV/AIDS": (6, ("B20", "B21", "B22", "B24")),
}  # fmt: skip
HIERARCHY = {  # milder: more severe
    "mild liver disease": "moderate or severe liver disease",
    "diabetes without chronic complication": "diabetes with chronic complication",
    "any malignancy": "metastatic solid tumour",
}
HOMELESSNESS = ("Z5900", "Z5901", "Z5902")


@dataclass
class Expected:
    tier: str
    score: int
    lace: int | None
    charlson: int
    ed_6m: int
    ip_12m: int
    homeless: bool


def charlson_of(codes: list[str]) -> int:
    present = {c for c, (_w, ps) in CHARLSON.items() if any(k.startswith(ps) for k in codes)}
    present -= {mild for mild, severe in HIERARCHY.items() if severe in present}
    return sum(CHARLSON[c][0] for c in present)


def lace_of(stay, events, charlson: int) -> int:
    days = (stay.end_date - stay.start_date).days
    length = days if days <= 3 else 4 if days <= 6 else 5 if days <= 13 else 7
    acuity = 3 if stay.unplanned is True else 0
    comorbidity = charlson if charlson <= 3 else 5
    start = stay.start_date
    visits = sum(
        1
        for e in events
        if e.event_type == "ed_visit" and months_back(start, 6) < e.start_date < start
    )
    return length + acuity + comorbidity + min(visits, 4)


def expected_risk(member: Member, diagnoses, events, day: datetime.date) -> Expected | None:
    """What risk.md says for one member as of `day`; None when not enrolled on D."""
    end = member.enrollment_end
    if not (member.enrollment_start <= day and (end is None or end >= day)):
        return None
    codes = [dx.icd10_code for dx in diagnoses if within(dx.diagnosis_date, day, 12)]
    charlson = charlson_of(codes)
    ed = sum(1 for e in events if e.event_type == "ed_visit" and within(e.start_date, day, 6))
    ip = sum(
        1
        for e in events
        if e.event_type == "inpatient_admission"
        and e.unplanned is True
        and within(e.start_date, day, 12)
    )
    index_stays = [
        e
        for e in events
        if e.event_type == "inpatient_admission"
        and e.end_date is not None
        and day - datetime.timedelta(days=30) < e.end_date <= day
    ]
    lace = max((lace_of(s, events, charlson) for s in index_stays), default=None)
    housing = member.housing_status
    homeless = housing == "homeless" or (
        housing in ("", "unknown") and any(c.startswith(HOMELESSNESS) for c in codes)
    )
    lace_n = lace or 0
    if (
        lace_n >= 10 or ip >= 2 or ed >= 4 or charlson >= 4
        or (homeless and (ed >= 2 or ip >= 1))
    ):  # fmt: skip
        tier = "high"
    elif lace_n >= 5 or ip == 1 or ed >= 2 or charlson >= 2 or homeless:
        tier = "medium"
    else:
        tier = "low"
    score = lace_n + 2 * min(ip, 3) + min(ed, 4) + min(charlson, 6) + (3 if homeless else 0)
    return Expected(tier, score, lace, charlson, ed, ip, homeless)
