"""Synthetic contract files (members.csv, diagnoses.csv, utilization.csv) for demos, tests, bench.

The files follow shared/contracts/README.md column for column, and every value is valid under it, so
they go through the real imports. Nothing here describes a real person: names are drawn from common
name lists, phone numbers use the 555-01XX range reserved for fiction, CINs count up from 90000000.

The mix is shaped like a California plan's roster: about 55% D-SNP members (dual eligible, mostly
65 and older, some younger disabled adults, each with an MBI in CMS's format), 45% Medi-Cal-only
(`MCP`) members from newborns to elders; counties weighted like Medi-Cal enrollment; languages like
Medi-Cal's threshold languages. Diagnoses (about 6.7 a member) and utilization (about 17 a member,
most members having a few and a minority very many) fall in the last three years of enrollment.

Only `random.Random(seed).random` is used, so the same seed and as-of day give the same bytes on
every Python version; the members file does not depend on `with_clinical`.
"""

import csv
import datetime
import itertools
import string
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from random import Random
from typing import TypeVar

from members import synthetic_names as names
from members.identifiers import MBI_POSITIONS
from members.imports import MEMBER_COLUMNS

T = TypeVar("T")

MEMBER_HEADER = list(MEMBER_COLUMNS)  # the contract's columns, in the order rows are written
DIAGNOSIS_HEADER = ["cin", "icd10_code", "diagnosis_date", "source_id"]
UTILIZATION_HEADER = [
    "cin", "event_type", "start_date", "end_date", "unplanned", "avoidable", "source_id",
]  # fmt: skip

MAX_MEMBERS = 10_000_000  # CINs 90000000..99999999
CLINICAL_DAYS = 3 * 365  # diagnoses and utilization fall in the last three years
ENROLLMENT_DAYS = 10 * 365  # enrollment starts in the last ten years

# county: (weight ~ Medi-Cal enrollment, ZIP prefix, county seat where names.CITIES has none)
COUNTIES = {
    "Alameda": (4.5, "946", ""), "Alpine": (0.005, "961", "Markleeville"),
    "Amador": (0.08, "956", "Jackson"), "Butte": (0.6, "959", "Oroville"),
    "Calaveras": (0.1, "952", "San Andreas"), "Colusa": (0.07, "959", "Colusa"),
    "Contra Costa": (2.5, "945", "Martinez"), "Del Norte": (0.1, "955", "Crescent City"),
    "El Dorado": (0.3, "956", "Placerville"), "Fresno": (4.5, "937", ""),
    "Glenn": (0.1, "959", "Willows"), "Humboldt": (0.4, "955", "Eureka"),
    "Imperial": (0.9, "922", "El Centro"), "Inyo": (0.05, "935", "Independence"),
    "Kern": (3.8, "933", ""), "Kings": (0.5, "932", "Hanford"),
    "Lake": (0.25, "954", "Lakeport"), "Lassen": (0.07, "961", "Susanville"),
    "Los Angeles": (34.0, "900", ""), "Madera": (0.6, "936", "Madera"),
    "Marin": (0.4, "949", "San Rafael"), "Mariposa": (0.05, "953", "Mariposa"),
    "Mendocino": (0.25, "954", "Ukiah"), "Merced": (1.2, "953", "Merced"),
    "Modoc": (0.03, "961", "Alturas"), "Mono": (0.04, "935", "Bridgeport"),
    "Monterey": (1.5, "939", "Salinas"), "Napa": (0.3, "945", "Napa"),
    "Nevada": (0.2, "959", "Nevada City"), "Orange": (8.5, "927", ""),
    "Placer": (0.5, "956", "Auburn"), "Plumas": (0.05, "959", "Quincy"),
    "Riverside": (8.5, "925", ""), "Sacramento": (5.0, "958", ""),
    "San Benito": (0.15, "950", "Hollister"), "San Bernardino": (9.0, "923", ""),
    "San Diego": (8.0, "921", ""), "San Francisco": (1.9, "941", ""),
    "San Joaquin": (2.8, "952", "Stockton"), "San Luis Obispo": (0.4, "934", "San Luis Obispo"),
    "San Mateo": (1.1, "940", "Redwood City"), "Santa Barbara": (1.3, "931", "Santa Barbara"),
    "Santa Clara": (4.5, "951", ""), "Santa Cruz": (0.6, "950", "Santa Cruz"),
    "Shasta": (0.5, "960", "Redding"), "Sierra": (0.01, "961", "Downieville"),
    "Siskiyou": (0.15, "960", "Yreka"), "Solano": (1.0, "945", "Fairfield"),
    "Sonoma": (1.0, "954", "Santa Rosa"), "Stanislaus": (2.0, "953", "Modesto"),
    "Sutter": (0.3, "959", "Yuba City"), "Tehama": (0.2, "960", "Red Bluff"),
    "Trinity": (0.05, "960", "Weaverville"), "Tulare": (2.2, "932", "Visalia"),
    "Tuolumne": (0.15, "953", "Sonora"), "Ventura": (2.0, "930", "Ventura"),
    "Yolo": (0.4, "956", "Woodland"), "Yuba": (0.3, "959", "Marysville"),
}  # fmt: skip

DSNP_PRODUCTS = (("DSNP:H1234-001", 40), ("DSNP:H5678-002", 35), ("DSNP:H1234-002", 15),
                 ("DSNP:H9012-003", 10))  # fmt: skip
# Age bands (first, last, weight). D-SNP: mostly 65+, some disabled adults; MCP: all ages.
DSNP_AGES = ((21, 44, 5), (45, 64, 10), (65, 74, 38), (75, 84, 30), (85, 102, 17))
MCP_AGES = ((0, 5, 11), (6, 20, 27), (21, 44, 30), (45, 64, 20), (65, 74, 7), (75, 99, 5))
RACE_DSNP = (("hispanic_latino", 32), ("white", 24), ("asian", 20), ("black", 10), ("declined", 6),
             ("other", 4), ("multiracial", 2), ("american_indian_alaska_native", 1),
             ("native_hawaiian_pacific_islander", 1))  # fmt: skip
RACE_MCP = (("hispanic_latino", 50), ("white", 16), ("asian", 9), ("black", 8), ("declined", 8),
            ("other", 5), ("multiracial", 2), ("", 1), ("american_indian_alaska_native", 0.6),
            ("native_hawaiian_pacific_islander", 0.4))  # fmt: skip
LANGUAGES = {  # preferred language by race/ethnicity, after DHCS threshold languages
    "hispanic_latino": (("es", 55), ("en", 44), ("", 1)),
    "asian": (("en", 35), ("zh", 20), ("vi", 18), ("tl", 10), ("ko", 8), ("km", 3), ("ja", 2),
              ("lo", 2), ("pa", 2)),
    "white": (("en", 82), ("hy", 6), ("ru", 5), ("fa", 4), ("ar", 2), ("", 1)),
    "black": (("en", 96), ("am", 2), ("so", 1), ("fr", 1)),
    "native_hawaiian_pacific_islander": (("en", 90), ("sm", 5), ("to", 5)),
    "other": (("en", 50), ("es", 20), ("ar", 10), ("fa", 10), ("pa", 5), ("hi", 5)),
    "": (("en", 70), ("es", 20), ("", 10)),
}  # fmt: skip
SEXES = (("F", 52), ("M", 46.5), ("U", 1), ("X", 0.5))
HOUSING = (("housed", 80), ("", 7), ("unknown", 5), ("homeless", 4.5), ("at_risk", 3.5))
AREA_CODES = ("213", "310", "323", "408", "415", "510", "559", "562", "619", "626", "661", "714",
              "760", "805", "818", "909", "916", "925", "949", "951")  # fmt: skip

# ICD-10-CM codes by age group (child < 21, adult, 65+), written with and without the dot.
DX_CHILD = (("J45.909", 14), ("F90.0", 10), ("F41.1", 8), ("F32.9", 7), ("E66.9", 7),
            ("F84.0", 5), ("F43.10", 4), ("F91.3", 3), ("F31.9", 1), ("F12.20", 2),
            ("F10.20", 1), ("Z59.01", 1), ("E10.9", 2), ("L20.9", 8), ("J06.9", 20))  # fmt: skip
DX_ADULT = (("I10", 14), ("E11.9", 12), ("E78.5", 8), ("F32.9", 7), ("F41.1", 5), ("F17.210", 5),
            ("F10.20", 4), ("F11.20", 2), ("F15.20", 2), ("F14.20", 1), ("F20.9", 2),
            ("F25.0", 1), ("F31.9", 2), ("F33.1", 2), ("F43.10", 2), ("J44.9", 3), ("J45.909", 4),
            ("I50.9", 2), ("N18.3", 1), ("N18.30", 1), ("E10.9", 1), ("B20", 0.5),
            ("Z21", 0.5), ("S06.0X0A", 0.5), ("Z59.00", 1), ("Z59.01", 1), ("M54.50", 6),
            ("E66.9", 6), ("K21.9", 5))  # fmt: skip
DX_ELDER = (("I10", 20), ("E11.9", 14), ("E78.5", 12), ("I50.9", 6), ("N18.3", 3), ("N18.30", 2),
            ("N18.4", 2), ("J44.9", 6), ("F03.90", 3), ("G30.9", 2), ("F01.50", 1),
            ("G31.01", 0.2), ("F32.9", 4), ("F20.9", 1), ("F10.20", 1), ("M17.11", 6),
            ("I48.91", 5), ("Z59.00", 0.5), ("H40.9", 4), ("E03.9", 5))  # fmt: skip
DX_MEAN = (3.5, 6.5, 8.0)  # diagnoses per member by age group
# Utilization: event mix by age group, and how many events a member has (weight, first, how many).
EVENT_MIX = (
    (("ed_visit", 80), ("inpatient_admission", 12), ("observation_stay", 8)),
    (("ed_visit", 62), ("inpatient_admission", 20), ("observation_stay", 10), ("snf_stay", 8)),
    (("ed_visit", 50), ("inpatient_admission", 25), ("observation_stay", 10), ("snf_stay", 15)),
)
# Events in a full three years enrolled (weight, fewest, how many more): means 6, 19, 32, 200;
# members enrolled for less have proportionally fewer, so that short enrolments are not crammed.
UTILIZER_TIERS = ((55, 0, 13), (29, 8, 23), (12, 20, 25), (4, 130, 141))
UNPLANNED = (("Y", 68), ("N", 24), ("", 8))
AVOIDABLE = (("Y", 33), ("N", 55), ("", 12))


def write_synthetic_files(
    *,
    members: int,
    out_dir: Path,
    seed: int = 1,
    as_of: datetime.date | None = None,
    with_clinical: bool = True,
) -> dict[str, int]:
    """Write members.csv (and diagnoses.csv, utilization.csv) into `out_dir`; return rows per file.

    No date is after `as_of` (default today). The same arguments always write the same files.
    """
    if not 0 <= members <= MAX_MEMBERS:
        raise ValueError(f"members must be between 0 and {MAX_MEMBERS:,}")
    as_of = as_of or datetime.date.today()
    if as_of.year < 1950:
        raise ValueError("as_of must be 1950-01-01 or later")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    roster = _Roster(Random(seed), as_of)
    _write(out_dir / "members.csv", MEMBER_HEADER, roster.members(members))
    counts = {"members.csv": members}
    if with_clinical:
        _write_lines(out_dir / "diagnoses.csv", DIAGNOSIS_HEADER, roster.diagnoses())
        _write_lines(out_dir / "utilization.csv", UTILIZATION_HEADER, roster.utilization())
        counts["diagnoses.csv"] = roster.diagnosis_count
        counts["utilization.csv"] = roster.utilization_count
    return counts


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write rows through csv.writer, which quotes any name or address that needs it."""
    with path.open("w", newline="", encoding="utf-8", buffering=1 << 20) as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def _write_lines(path: Path, header: Sequence[str], lines: Iterable[str]) -> None:
    """Write ready-made CSV lines: two to three times faster than csv.writer for millions of rows.

    Safe only because every value in these files is a code, a date or an id made here: none holds
    a comma, a quote or a line break, so RFC 4180 needs no quoting.
    """
    with path.open("w", newline="", encoding="utf-8", buffering=1 << 20) as f:
        f.write(",".join(header) + "\r\n")
        f.writelines(lines)


def _table(weighted: Iterable[tuple[T, float]], size: int = 1000) -> tuple[T, ...]:
    """A lookup table where each value fills slots in proportion to its weight (at least one)."""
    items = list(weighted)
    total = sum(weight for _, weight in items)
    return tuple(v for v, weight in items for _ in range(max(1, round(weight / total * size))))


class _Roster:
    """Draws members, then their diagnoses and utilization, from one random stream.

    The loops are written for speed (locals, lookup tables, one random number per choice): 300,000
    members with their 7 million clinical rows must take seconds, not minutes.
    """

    def __init__(self, rng: Random, as_of: datetime.date):
        self.rnd = rng.random
        self.today = as_of.toordinal()
        self.base = datetime.date(1900, 1, 1).toordinal()  # day 0 of self.days
        self.days = [
            datetime.date.fromordinal(d).isoformat() for d in range(self.base, self.today + 1)
        ]
        # (cin, age group, first day index, days in window, extra diagnosis) per member
        self.clinical: list[tuple[str, int, int, int, str]] = []
        self.mbis: set[str] = set()
        self.mbi_parts: tuple[tuple[str, ...], ...] = ()
        self.diagnosis_count = self.utilization_count = 0

    def pick(self, table: Sequence[T]) -> T:
        return table[int(self.rnd() * len(table))]

    def chance(self, p: float) -> bool:
        return self.rnd() < p

    def members(self, count: int) -> Iterator[tuple[str, ...]]:
        rnd, days, today, base = self.rnd, self.days, self.today, self.base
        counties = _table(((c, w) for c, (w, _, _) in COUNTIES.items()), 10_000)
        ages = (_table(((lo, hi), w) for lo, hi, w in MCP_AGES),
                _table(((lo, hi), w) for lo, hi, w in DSNP_AGES))  # fmt: skip
        races = _table(RACE_MCP), _table(RACE_DSNP)
        languages = {race: _table(mix) for race, mix in LANGUAGES.items()}
        products, sexes, housings = _table(DSNP_PRODUCTS), _table(SEXES), _table(HOUSING)
        first_names = {"F": names.FEMALE_NAMES, "M": names.MALE_NAMES}
        last_names, streets = names.LAST_NAMES, names.STREETS
        cities = {c: names.CITIES.get(c) or (seat,) for c, (_, _, seat) in COUNTIES.items()}
        homeless_codes = ("Z59.01", "Z59.02", "Z5902", "Z59.00")
        clinical_start = today - CLINICAL_DAYS
        letters = string.ascii_uppercase
        for i in range(count):
            cin = f"{90_000_000 + i:08d}{letters[i * 7 % 26]}"
            dsnp = rnd() < 0.55
            lo, hi = (band := ages[dsnp])[int(rnd() * len(band))]
            dob = max(base, today - int((lo + rnd() * (hi - lo + 1)) * 365.2425))
            age = int((today - dob) / 365.2425)  # whole years, near enough for drawing flags
            sex = sexes[int(rnd() * len(sexes))]
            race = (table := races[dsnp])[int(rnd() * len(table))]
            language = (table := languages.get(race) or languages[""])[int(rnd() * len(table))]
            given = first_names.get(sex) or first_names["F" if rnd() < 0.5 else "M"]
            county = counties[int(rnd() * len(counties))]
            housing = housings[int(rnd() * len(housings))]
            address = ""
            if housing != "homeless":
                address = f"{100 + int(rnd() * 9800)} {streets[int(rnd() * len(streets))]}"
                if rnd() < 0.25:
                    address += f" Apt {1 + int(rnd() * 40)}"
            zip_code = f"{COUNTIES[county][1]}{int(rnd() * 100):02d}"
            if rnd() < 0.05:
                zip_code += f"-{int(rnd() * 10_000):04d}"
            start = today - int(rnd() * min(ENROLLMENT_DAYS, today - dob))
            end, enrollment_end = today, ""  # still enrolled: events run up to as_of
            if rnd() < 0.08:  # disenrolled in the last three years
                first_end = max(start, clinical_start)
                end = first_end + int(rnd() * (today - first_end + 1))
                enrollment_end = days[end - base]
            mbi = self._mbi() if dsnp or rnd() < (0.3 if age >= 65 else 0.01) else ""
            pregnant = pregnancy_end = released = ccs = child_welfare = extra = ""
            if sex == "F" and 15 <= age <= 45:
                pregnant = "Y" if rnd() < (0.01 if dsnp else 0.05) else ("N" if rnd() < 0.9 else "")
                if pregnant != "Y" and age >= 16 and rnd() < 0.05:
                    pregnancy_end = days[today - int(rnd() * 548) - base]
            if 15 <= age < 75 and rnd() < 0.025:
                released = days[today - int(rnd() * CLINICAL_DAYS) - base]
            if age < 26:
                child_welfare = (
                    "Y" if rnd() < (0.04 if age < 21 else 0.02) else ("N" if rnd() < 0.9 else "")
                )
                if age < 21:
                    ccs = "Y" if rnd() < 0.03 else ("N" if rnd() < 0.9 else "")
            if housing == "homeless":
                extra = homeless_codes[int(rnd() * 4)]
            elif pregnant == "Y":
                extra = "Z34.90"
            window_first = max(start, dob, clinical_start)
            group = 0 if age < 21 else (1 if age < 65 else 2)
            self.clinical.append((cin, group, window_first - base, end - window_first + 1, extra))
            yield (
                cin, mbi, last_names[int(rnd() * len(last_names))],
                given[int(rnd() * len(given))], days[dob - base], sex, race, language, county,
                address, (table := cities[county])[int(rnd() * len(table))], zip_code,
                self._phone() if rnd() < 0.88 else "",
                products[int(rnd() * len(products))] if dsnp else "MCP",
                days[start - base], enrollment_end, housing, released,
                *self._long_term_care(age, dsnp), pregnancy_end, pregnant, ccs, child_welfare,
            )  # fmt: skip

    def _long_term_care(self, age: int, dsnp: bool) -> tuple[str, str, str]:
        """nursing_facility_resident, wants_community_transition, ltc_level_of_care."""
        if age < 21:
            return "", "", ""
        elder = age >= 65
        if self.chance(0.05 if elder else (0.02 if dsnp else 0.005)):
            wants = "Y" if self.chance(0.3) else ("N" if self.chance(0.85) else "")
            return "Y", wants, "Y" if self.chance(0.9) else "N"
        resident = "N" if self.chance(0.9) else ""
        return resident, "", "Y" if self.chance(0.06 if elder else 0.02) else "N"

    def _mbi(self) -> str:
        """A new MBI that satisfies CMS's position rules (shared/domain/identifiers.md)."""
        if not self.mbi_parts:  # every string for positions 1-3, 4-7 and 8-11: three picks an MBI
            self.mbi_parts = tuple(
                tuple(map("".join, itertools.product(*MBI_POSITIONS[a:b])))
                for a, b in ((0, 3), (3, 7), (7, 11))
            )
        rnd, (first, middle, last) = self.rnd, self.mbi_parts
        while True:
            mbi = (
                first[int(rnd() * len(first))]
                + middle[int(rnd() * len(middle))]
                + last[int(rnd() * len(last))]
            )
            if mbi not in self.mbis:
                self.mbis.add(mbi)
                return mbi

    def _phone(self) -> str:
        area, line = self.pick(AREA_CODES), f"01{int(self.rnd() * 100):02d}"
        style = int(self.rnd() * 3)
        if style == 0:
            return f"{area}555{line}"
        return f"({area}) 555-{line}" if style == 1 else f"{area}-555-{line}"

    def diagnoses(self) -> Iterator[str]:
        """About 6.7 codes a member, age-appropriate, a fifth of them written without the dot."""
        rnd, days = self.rnd, self.days
        pools = []
        for weighted in (DX_CHILD, DX_ADULT, DX_ELDER):
            table = _table(weighted, 2000)
            pools.append(tuple(c.replace(".", "") if rnd() < 0.2 else c for c in table))
            pools[-1] = tuple(f",{code}," for code in pools[-1])
        spreads = tuple(2 * mean + 1 for mean in DX_MEAN)
        n = 0
        for cin, group, first, span, extra in self.clinical:
            lines = []  # one string a member: a third faster than a write per line
            add = lines.append
            if extra:
                n += 1
                add(f"{cin},{extra},{days[first + int(rnd() * span)]},DX{n}\r\n")
            pool = pools[group]
            size = len(pool)
            for _ in range(int(rnd() * spreads[group])):
                x = rnd() * size  # whole part: the code; fraction: its day
                code = int(x)
                n += 1
                add(f"{cin}{pool[code]}{days[first + int((x - code) * span)]},DX{n}\r\n")
            yield "".join(lines)
        self.diagnosis_count = n

    def utilization(self) -> Iterator[str]:
        """About 17 events a member: most have a few, 4% well over a hundred."""
        rnd, days = self.rnd, self.days
        ends = days + [""] * (len(days) + 100)  # an ED visit, or a stay still open on as_of
        pools = [self._event_pool(mix, ed_stay=len(days)) for mix in EVENT_MIX]
        tiers = _table(((first, width), w) for w, first, width in UTILIZER_TIERS)
        full, n = CLINICAL_DAYS + 1, 0
        for cin, group, first, span, _ in self.clinical:
            pool = pools[group]
            size = len(pool)
            low, width = tiers[int(rnd() * len(tiers))]
            lines = []
            add = lines.append
            for _ in range(int((low + rnd() * width) * span / full + rnd())):
                x = rnd() * size  # whole part: the event; fraction: its day
                event = int(x)
                event_type, stay, flags = pool[event]
                start = first + int((x - event) * span)
                n += 1
                add(f"{cin}{event_type}{days[start]},{ends[start + stay]}{flags}{n}\r\n")
            yield "".join(lines)
        self.utilization_count = n

    def _event_pool(
        self, mix: Iterable[tuple[str, float]], ed_stay: int
    ) -> tuple[tuple[str, int, str], ...]:
        """(",event_type,", days stayed, ",unplanned,avoidable,U"), drawn ahead so that a row costs
        one random number; an ED visit "stays" `ed_stay` days, past as_of, so its end is empty."""
        rnd, pick = self.rnd, self.pick
        unplanned, avoidable = _table(UNPLANNED), _table(AVOIDABLE)
        pool = []
        for event_type in _table(mix, 2000):
            if event_type == "ed_visit":
                pool.append((f",{event_type},", ed_stay, f",,{pick(avoidable)},U"))
                continue
            if event_type == "inpatient_admission":
                stay = 1 + int(rnd() ** 2 * 14)
            elif event_type == "snf_stay":
                stay = 3 + int(rnd() * rnd() * 90)
            else:
                stay = int(rnd() * 3)
            pool.append((f",{event_type},", stay, f",{pick(unplanned)},,U"))
        return tuple(pool)
