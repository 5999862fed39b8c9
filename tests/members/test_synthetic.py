"""Synthetic contract files: the contract's columns, valid values, deterministic by seed."""

import csv
import datetime
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.reference import (
    CALIFORNIA_COUNTIES,
    HOUSING_STATUS_CODES,
    ISO_639_1_CODES,
    RACE_ETHNICITY_CODES,
    SEX_CODES,
)
from members.imports import import_roster
from members.models import Member
from members.synthetic import (
    DIAGNOSIS_HEADER,
    MEMBER_HEADER,
    UTILIZATION_HEADER,
    write_synthetic_files,
)

AS_OF = datetime.date(2026, 9, 30)
MEMBERS = 500

# The contract's tables (shared/contracts/README.md), copied here so a drift in either shows.
CONTRACT_MEMBER_COLUMNS = [
    "cin", "mbi", "last_name", "first_name", "date_of_birth", "sex", "race_ethnicity",
    "preferred_language", "county", "address_line", "city", "zip", "phone", "plan_product",
    "enrollment_start", "enrollment_end", "housing_status", "incarceration_release_date",
    "nursing_facility_resident", "wants_community_transition", "ltc_level_of_care",
    "pregnancy_end_date", "currently_pregnant", "ccs_enrolled", "child_welfare_involved",
]  # fmt: skip
CONTRACT_DIAGNOSIS_COLUMNS = ["cin", "icd10_code", "diagnosis_date", "source_id"]
CONTRACT_UTILIZATION_COLUMNS = [
    "cin", "event_type", "start_date", "end_date", "unplanned", "avoidable", "source_id",
]  # fmt: skip
MEMBER_DATES = [
    "date_of_birth", "enrollment_start", "enrollment_end", "incarceration_release_date",
    "pregnancy_end_date",
]  # fmt: skip
YES_NO_COLUMNS = [
    "nursing_facility_resident", "wants_community_transition", "ltc_level_of_care",
    "currently_pregnant", "ccs_enrolled", "child_welfare_involved",
]  # fmt: skip


def read(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def records(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def is_valid_mbi(value):
    """CMS's MBI by position (shared/domain/identifiers.md), written apart from the generator."""
    letters = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ") - set("SLOIBZ")
    digits = set("0123456789")
    allowed = {1: digits - {"0"}, 2: letters, 5: letters, 8: letters, 9: letters,
               3: letters | digits, 6: letters | digits,
               4: digits, 7: digits, 10: digits, 11: digits}  # fmt: skip
    return len(value) == 11 and all(ch in allowed[i] for i, ch in enumerate(value, 1))


def test_the_mbi_checker_follows_the_identifiers_examples():
    assert is_valid_mbi("1EG4TE5MK73")
    assert not is_valid_mbi("0EG4TE5MK73")
    assert not is_valid_mbi("1SG4TE5MK73")
    assert not is_valid_mbi("1EG4TE5MK7A")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic")
    counts = write_synthetic_files(members=MEMBERS, out_dir=out, seed=7, as_of=AS_OF)
    return out, counts


def test_headers_are_the_contracts(files):
    out, _ = files
    assert read(out / "members.csv")[0] == MEMBER_HEADER == CONTRACT_MEMBER_COLUMNS
    assert read(out / "diagnoses.csv")[0] == DIAGNOSIS_HEADER == CONTRACT_DIAGNOSIS_COLUMNS
    assert read(out / "utilization.csv")[0] == UTILIZATION_HEADER == CONTRACT_UTILIZATION_COLUMNS


def test_every_row_has_every_column(files):
    out, _ = files
    for name in ("members.csv", "diagnoses.csv", "utilization.csv"):
        rows = read(out / name)
        assert {len(row) for row in rows} == {len(rows[0])}, name


def test_rows_are_plausible_and_never_after_as_of(files):
    out, counts = files
    members = read(out / "members.csv")[1:]
    assert len(members) == counts["members.csv"] == MEMBERS
    cins = [row[0] for row in members]
    assert len(set(cins)) == MEMBERS
    assert {row[8] for row in members} <= set(CALIFORNIA_COUNTIES)
    dsnp_ages = [AS_OF.year - int(row[4][:4]) for row in members if row[13] != "MCP"]
    assert sum(age >= 65 for age in dsnp_ages) / len(dsnp_ages) > 0.6
    dates = [v for row in members for v in (row[4], row[14], row[15]) if v]
    assert max(dates) <= AS_OF.isoformat()
    diagnoses = read(out / "diagnoses.csv")[1:]
    utilization = read(out / "utilization.csv")[1:]
    assert 4 < len(diagnoses) / MEMBERS < 10 and 12 < len(utilization) / MEMBERS < 22
    assert {row[0] for row in diagnoses + utilization} <= set(cins)
    assert len({(row[0], row[3]) for row in diagnoses}) == len(diagnoses)
    assert all(not row[3] or row[3] >= row[2] for row in utilization)


def test_cins_are_unique_and_eight_digits_then_a_letter(files):
    out, _ = files
    cins = [row["cin"] for row in records(out / "members.csv")]
    assert len(set(cins)) == len(cins) == MEMBERS
    assert all(re.fullmatch(r"[0-9]{8}[A-Z]", cin) for cin in cins)


def test_every_dsnp_member_has_a_valid_mbi_and_product(files):
    out, _ = files
    members = records(out / "members.csv")
    dsnp = [row for row in members if row["plan_product"] != "MCP"]
    assert 0.45 < len(dsnp) / MEMBERS < 0.65
    assert all(re.fullmatch(r"DSNP:H[0-9]{4}-[0-9]{3}", row["plan_product"]) for row in dsnp)
    assert all(is_valid_mbi(row["mbi"]) for row in dsnp)
    others = [row["mbi"] for row in members if row["plan_product"] == "MCP" and row["mbi"]]
    assert all(is_valid_mbi(mbi) for mbi in others)
    mbis = [row["mbi"] for row in members if row["mbi"]]
    assert len(set(mbis)) == len(mbis)


def test_coded_columns_hold_the_contracts_codes(files):
    out, _ = files
    members = records(out / "members.csv")
    assert {row["county"] for row in members} <= set(CALIFORNIA_COUNTIES)
    assert {row["sex"] for row in members} <= set(SEX_CODES)
    assert {row["race_ethnicity"] for row in members} <= {"", *RACE_ETHNICITY_CODES}
    assert {row["preferred_language"] for row in members} <= {"", *ISO_639_1_CODES}
    assert {row["housing_status"] for row in members} <= {"", *HOUSING_STATUS_CODES}
    for column in YES_NO_COLUMNS:
        assert {row[column] for row in members} <= {"", "Y", "N"}, column
    for row in members:
        assert 1 <= len(row["last_name"]) <= 100 and 1 <= len(row["first_name"]) <= 100
        assert re.fullmatch(r"[0-9]{5}(-[0-9]{4})?", row["zip"])
        assert not row["phone"] or len(re.sub(r"\D", "", row["phone"])) == 10
    utilization = records(out / "utilization.csv")
    assert {row["event_type"] for row in utilization} == {
        "ed_visit", "inpatient_admission", "snf_stay", "observation_stay",
    }  # fmt: skip
    for row in utilization:
        if row["event_type"] == "ed_visit":
            assert row["end_date"] == "" and row["unplanned"] == ""
            assert row["avoidable"] in {"", "Y", "N"}
        else:
            assert row["avoidable"] == "" and row["unplanned"] in {"", "Y", "N"}
    codes = {row["icd10_code"] for row in records(out / "diagnoses.csv")}
    assert all(re.fullmatch(r"[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?", code) for code in codes)
    assert {"I10", "E11.9"} <= codes and any("." not in code and len(code) > 3 for code in codes)


def test_no_date_is_after_as_of_and_enrollment_ends_after_it_starts(files):
    out, _ = files
    dates = []
    for row in records(out / "members.csv"):
        values = [row[column] for column in MEMBER_DATES if row[column]]
        dates += [datetime.date.fromisoformat(value) for value in values]
        assert datetime.date(1900, 1, 1) <= datetime.date.fromisoformat(row["date_of_birth"])
        assert row["date_of_birth"] <= row["enrollment_start"]
        assert not row["enrollment_end"] or row["enrollment_end"] >= row["enrollment_start"]
    for row in records(out / "diagnoses.csv"):
        dates.append(datetime.date.fromisoformat(row["diagnosis_date"]))
    for row in records(out / "utilization.csv"):
        dates.append(datetime.date.fromisoformat(row["start_date"]))
        if row["end_date"]:
            assert row["end_date"] >= row["start_date"]
            dates.append(datetime.date.fromisoformat(row["end_date"]))
    assert max(dates) <= AS_OF


def test_clinical_rows_name_roster_members_with_unique_source_ids(files):
    out, _ = files
    cins = {row["cin"] for row in records(out / "members.csv")}
    for name in ("diagnoses.csv", "utilization.csv"):
        rows = records(out / name)
        assert {row["cin"] for row in rows} <= cins, name
        keys = [(row["cin"], row["source_id"]) for row in rows]
        assert len(set(keys)) == len(keys), name


def test_same_seed_same_files_other_seed_other_files(files, tmp_path):
    out, _ = files
    write_synthetic_files(members=MEMBERS, out_dir=tmp_path / "a", seed=7, as_of=AS_OF)
    write_synthetic_files(members=MEMBERS, out_dir=tmp_path / "b", seed=8, as_of=AS_OF)
    for name in ("members.csv", "diagnoses.csv", "utilization.csv"):
        same = (tmp_path / "a" / name).read_bytes()
        assert same == (out / name).read_bytes(), name
        assert same != (tmp_path / "b" / name).read_bytes(), name


def test_members_file_does_not_depend_on_the_clinical_files(files, tmp_path):
    out, _ = files
    counts = write_synthetic_files(
        members=MEMBERS, out_dir=tmp_path, seed=7, as_of=AS_OF, with_clinical=False
    )
    assert counts == {"members.csv": MEMBERS}
    assert (tmp_path / "members.csv").read_bytes() == (out / "members.csv").read_bytes()
    assert not (tmp_path / "diagnoses.csv").exists()


def test_a_negative_member_count_is_refused(tmp_path):
    with pytest.raises(ValueError, match="members"):
        write_synthetic_files(members=-1, out_dir=tmp_path)


def test_generated_roster_passes_the_real_import(db, files):
    out, _ = files
    result = import_roster(out / "members.csv", max_bytes=10**8)
    assert result.created == MEMBERS == Member.objects.count()


def test_command_writes_the_files(tmp_path, capsys):
    call_command("generate_synthetic", "--members", "5", "--out", str(tmp_path), "--seed", "3")
    assert "members.csv: 5 rows" in capsys.readouterr().out
    assert len(read(tmp_path / "members.csv")) == 6


def test_command_refuses_a_bad_member_count(tmp_path):
    with pytest.raises(CommandError, match="--members"):
        call_command("generate_synthetic", "--members", "many", "--out", str(tmp_path))
