"""The roster import against the members.csv contract: every rule, all-or-nothing, idempotent."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.csv_import import ImportRejected
from members.imports import import_roster
from members.models import Member, Program

HEADER = [
    "cin", "mbi", "last_name", "first_name", "date_of_birth", "sex", "race_ethnicity",
    "preferred_language", "county", "address_line", "city", "zip", "phone", "plan_product",
    "enrollment_start", "enrollment_end", "housing_status", "incarceration_release_date",
    "nursing_facility_resident", "wants_community_transition", "ltc_level_of_care",
    "pregnancy_end_date", "currently_pregnant", "ccs_enrolled", "child_welfare_involved",
]  # fmt: skip

GOOD = {
    "cin": "91234567A", "mbi": "1EG4-TE5-MK73", "last_name": "Garcia", "first_name": "Maria",
    "date_of_birth": "1950-02-03", "sex": "F", "race_ethnicity": "hispanic_latino",
    "preferred_language": "es", "county": "Los Angeles", "address_line": "1 Main St",
    "city": "Los Angeles", "zip": "90001", "phone": "(213) 555-0100",
    "plan_product": "DSNP:H1234-001", "enrollment_start": "2024-01-01", "enrollment_end": "",
    "housing_status": "housed", "nursing_facility_resident": "N", "ltc_level_of_care": "Y",
}  # fmt: skip


def row(**changes) -> dict:
    return {**GOOD, **changes}


def write_csv(tmp_path: Path, rows, header=HEADER, name="members.csv") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def run(path: Path, max_bytes: int = 10**8):
    return import_roster(path, max_bytes=max_bytes)


def problems_of(path: Path, **kwargs) -> list[str]:
    with pytest.raises(ImportRejected) as rejected:
        run(path, **kwargs)
    return [str(p) for p in rejected.value.problems]


def snapshot() -> list[tuple]:
    return list(
        Member.objects.order_by("cin").values_list(
            "cin", "last_name", "county", "plan_product", "enrollment_end", "updated_at"
        )
    )


@pytest.fixture
def stored(db, tmp_path):
    """A roster already imported, to prove rejected files leave it exactly as it was."""
    run(write_csv(tmp_path, [GOOD, row(cin="91234568B", mbi="", plan_product="MCP")], name="a.csv"))
    return snapshot()


def test_first_import_creates_members_with_normalised_values(db, tmp_path):
    result = run(write_csv(tmp_path, [row(zip="926011234", county="orange", mbi="1eg4-te5-mk73")]))

    assert (result.rows, result.created, result.updated, result.unchanged) == (1, 1, 0, 0)
    member = Member.objects.get(cin="91234567A")
    assert member.mbi == "1EG4TE5MK73"
    assert member.formatted_mbi == "1EG4-TE5-MK73"
    assert member.county == "Orange"
    assert member.zip == "92601-1234"
    assert member.phone == "2135550100"
    assert member.program == Program.CICM
    assert member.ltc_level_of_care is True and member.nursing_facility_resident is False
    assert member.currently_pregnant is None


def test_reimporting_the_same_file_changes_nothing(db, tmp_path):
    path = write_csv(tmp_path, [GOOD, row(cin="91234568B", mbi="", plan_product="MCP")])
    run(path)
    before = snapshot()

    result = run(path)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert snapshot() == before


def test_a_later_file_updates_members_by_cin(db, tmp_path):
    run(write_csv(tmp_path, [GOOD], name="first.csv"))

    result = run(
        write_csv(
            tmp_path,
            [row(plan_product="MCP", mbi="", enrollment_end="2026-06-30"), row(cin="91234568B")],
            name="second.csv",
        )
    )

    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    member = Member.objects.get(cin="91234567A")
    assert member.program == Program.ECM
    assert str(member.enrollment_end) == "2026-06-30"


def test_extra_columns_are_ignored_and_optional_columns_may_be_absent(db, tmp_path):
    header = [
        "cin",
        "last_name",
        "first_name",
        "date_of_birth",
        "sex",
        "county",
        "plan_product",
        "enrollment_start",
        "favourite_colour",
    ]
    result = run(
        write_csv(tmp_path, [row(plan_product="MCP", favourite_colour="blue")], header=header)
    )
    assert result.created == 1
    assert Member.objects.get().mbi == ""


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"cin": "9123456A"}, "line 2: cin: must be 8 digits then a letter, e.g. 91234567A"),
        ({"cin": ""}, "line 2: cin: is required"),
        ({"mbi": "1SG4TE5MK73"}, "line 2: mbi: uses a letter MBIs never contain (S, L, O, I, B or Z)"),
        ({"mbi": "0EG4TE5MK73"}, "line 2: mbi: position 1 must be a digit 1-9"),
        ({"mbi": "1EG4TE5MK7A"}, "line 2: mbi: positions 4, 7, 10 and 11 must be digits"),
        ({"mbi": "1EG4TE5MK7"}, "line 2: mbi: must be 11 characters (dashes allowed), e.g. 1EG4-TE5-MK73"),
        ({"mbi": ""}, "line 2: mbi: is required for a D-SNP plan_product"),
        ({"last_name": "x" * 101}, "line 2: last_name: must be 1 to 100 characters"),
        ({"first_name": ""}, "line 2: first_name: must be 1 to 100 characters"),
        ({"date_of_birth": "2999-01-01"}, "line 2: date_of_birth: is in the future"),
        ({"date_of_birth": "1899-12-31"}, "line 2: date_of_birth: is before 1900-01-01"),
        ({"date_of_birth": "1950-02-30"}, "line 2: date_of_birth: must be a date as YYYY-MM-DD"),
        ({"date_of_birth": "02/03/1950"}, "line 2: date_of_birth: must be a date as YYYY-MM-DD"),
        ({"sex": "Q"}, "line 2: sex: must be F, M, X or U"),
        ({"race_ethnicity": "martian"}, "line 2: race_ethnicity: is not one of the contract's race_ethnicity codes"),
        ({"preferred_language": "spanish"}, "line 2: preferred_language: is not an ISO 639-1 language code, e.g. en, es, zh"),
        ({"county": "Los Angelos"}, "line 2: county: is not one of California's 58 county names"),
        ({"zip": "9000"}, "line 2: zip: must be 5 digits or ZIP+4"),
        ({"phone": "555-0100"}, "line 2: phone: must be 10 digits (punctuation allowed)"),
        ({"plan_product": "DSNP:1234-001"}, "line 2: plan_product: must be DSNP:<contract>-<pbp> (e.g. DSNP:H1234-001) or MCP"),
        ({"enrollment_start": ""}, "line 2: enrollment_start: is required"),
        ({"enrollment_end": "2023-12-31"}, "line 2: enrollment_end: is before enrollment_start"),
        ({"housing_status": "tent"}, "line 2: housing_status: must be housed, homeless, at_risk or unknown"),
        ({"currently_pregnant": "yes"}, "line 2: currently_pregnant: must be Y, N or empty"),
        ({"pregnancy_end_date": "2026-13-01"}, "line 2: pregnancy_end_date: must be a date as YYYY-MM-DD"),
    ],
)  # fmt: skip
def test_each_bad_value_is_named_by_line_and_column_and_nothing_changes(
    stored, tmp_path, changes, expected
):
    path = write_csv(tmp_path, [row(cin="91234599C"), row(**changes)])

    assert problems_of(path) == [expected.replace("line 2", "line 3")]
    assert snapshot() == stored


def test_every_bad_row_is_listed_not_just_the_first(stored, tmp_path):
    path = write_csv(
        tmp_path,
        [row(sex="Q"), row(cin="91234568B", county="Atlantis", zip="1"), row(cin="91234569C")],
    )
    assert problems_of(path) == [
        "line 2: sex: must be F, M, X or U",
        "line 3: county: is not one of California's 58 county names",
        "line 3: zip: must be 5 digits or ZIP+4",
    ]
    assert snapshot() == stored


def test_duplicate_cins_inside_one_file_point_at_the_first(stored, tmp_path):
    path = write_csv(tmp_path, [GOOD, row(cin="91234568B"), row(cin="91234567a")])
    assert problems_of(path) == ["line 4: cin: the same CIN is on line 2"]
    assert snapshot() == stored


def test_missing_required_columns_reject_the_file_naming_them(stored, tmp_path):
    header = [c for c in HEADER if c not in ("county", "sex")]
    path = write_csv(tmp_path, [GOOD], header=header)
    assert problems_of(path) == ["line 1: header: missing required columns: sex, county"]
    assert snapshot() == stored


def test_empty_file_and_header_only_file_are_rejected(stored, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert problems_of(empty) == ["line 1: file: the file is empty"]
    assert problems_of(write_csv(tmp_path, [])) == [
        "line 2: file: the file has a header but no members"
    ]
    assert snapshot() == stored


def test_wrongly_encoded_file_names_the_line(stored, tmp_path):
    path = write_csv(tmp_path, [GOOD, row(cin="91234568B", last_name="Peña")])
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    assert problems_of(path) == [
        "line 3: file: is not UTF-8 text (save the file as CSV UTF-8 and import it again)"
    ]
    assert snapshot() == stored


def test_utf8_with_bom_from_excel_is_accepted(db, tmp_path):
    path = write_csv(tmp_path, [row(last_name="Peña")])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run(path).created == 1
    assert Member.objects.get().last_name == "Peña"


def test_malformed_csv_lists_each_broken_record(stored, tmp_path):
    path = write_csv(tmp_path, [GOOD, row(cin="91234568B")])
    lines = path.read_text().splitlines()
    lines[1] += ",surplus"
    path.write_text("\n".join(lines) + "\n")
    assert problems_of(path) == ["line 2: row: has 26 values; the header has 25"]
    assert snapshot() == stored


def test_unclosed_quote_is_reported(stored, tmp_path):
    path = write_csv(tmp_path, [GOOD])
    path.write_text(path.read_text() + '91234568B,,"Nguyen,Tuan\n')
    problems = problems_of(path)
    assert problems and "quoted value is never closed" in problems[-1]
    assert snapshot() == stored


def test_a_huge_file_is_refused_before_reading(stored, tmp_path):
    path = write_csv(tmp_path, [GOOD] * 50)
    size = path.stat().st_size
    assert problems_of(path, max_bytes=1000) == [
        f"line 1: file: the file is {size / 1000:.1f} KB; the limit is 1.0 KB: "
        "split it and import the parts"
    ]
    assert snapshot() == stored


def test_command_imports_and_exits_1_with_problems_on_stderr(db, tmp_path, capsys):
    good = write_csv(tmp_path, [GOOD], name="good.csv")
    call_command("import_members", str(good))
    assert "1 created" in capsys.readouterr().out

    bad = write_csv(tmp_path, [row(sex="Q")], name="bad.csv")
    with pytest.raises(CommandError) as error:
        call_command("import_members", str(bad))
    assert "line 2: sex: must be F, M, X or U" in str(error.value)
    assert Member.objects.get().sex == "F"
