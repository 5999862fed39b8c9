"""Diagnoses and utilization imports against their contracts: every rule, all-or-nothing,
idempotent, updated by (cin, source_id); the commands, the upload page and the API."""

import csv
import datetime
import io
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.urls import reverse

from core.csv_import import ImportRejected
from core.models import ImportJob
from eligibility.imports import import_diagnoses, import_utilization
from eligibility.models import Diagnosis, UtilizationEvent
from tests.factories import MemberFactory

DX_HEADER = ["cin", "icd10_code", "diagnosis_date", "source_id"]
UT_HEADER = ["cin", "event_type", "start_date", "end_date", "unplanned", "avoidable", "source_id"]
CIN, OTHER_CIN, UNKNOWN_CIN = "91234567A", "91234568B", "99999999Z"

DX = {"cin": CIN, "icd10_code": "F20.9", "diagnosis_date": "2026-03-02", "source_id": "DX1"}
UT = {
    "cin": CIN, "event_type": "inpatient_admission", "start_date": "2026-03-02",
    "end_date": "2026-03-05", "unplanned": "Y", "avoidable": "", "source_id": "U1",
}  # fmt: skip


def dx(**changes) -> dict:
    return {**DX, **changes}


def ut(**changes) -> dict:
    return {**UT, **changes}


def write_csv(tmp_path: Path, rows, header, name="file.csv") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def dx_file(tmp_path, rows, header=DX_HEADER, name="diagnoses.csv") -> Path:
    return write_csv(tmp_path, rows, header, name)


def ut_file(tmp_path, rows, header=UT_HEADER, name="utilization.csv") -> Path:
    return write_csv(tmp_path, rows, header, name)


def problems_of(importer, path: Path) -> list[str]:
    with pytest.raises(ImportRejected) as rejected:
        importer(path, max_bytes=10**8)
    return [str(p) for p in rejected.value.problems]


def diagnoses() -> list[tuple]:
    return list(
        Diagnosis.objects.order_by("member__cin", "source_id").values_list(
            "id", "member__cin", "source_id", "icd10_code", "diagnosis_date"
        )
    )


def events() -> list[tuple]:
    return list(
        UtilizationEvent.objects.order_by("member__cin", "source_id").values_list(
            "id",
            "member__cin",
            "source_id",
            "event_type",
            "start_date",
            "end_date",
            "unplanned",
            "avoidable",
        )
    )


@pytest.fixture
def members(db):
    return MemberFactory(cin=CIN), MemberFactory(cin=OTHER_CIN)


@pytest.fixture
def stored(members, tmp_path):
    """Rows already imported, to prove rejected files leave them exactly as they were."""
    import_diagnoses(dx_file(tmp_path, [DX], name="dx0.csv"), max_bytes=10**8)
    import_utilization(ut_file(tmp_path, [UT], name="ut0.csv"), max_bytes=10**8)
    return diagnoses(), events()


# Diagnoses


def test_diagnoses_are_stored_upper_case_without_the_dot(members, tmp_path):
    path = dx_file(
        tmp_path,
        [dx(), dx(icd10_code="f209", source_id="DX2"), dx(icd10_code=" z59.01 ", source_id="DX3")],
    )

    result = import_diagnoses(path, max_bytes=10**8)

    assert (result.rows, result.created, result.updated, result.unchanged) == (3, 3, 0, 0)
    assert [(c, s, code) for _, c, s, code, _ in diagnoses()] == [
        (CIN, "DX1", "F209"),
        (CIN, "DX2", "F209"),
        (CIN, "DX3", "Z5901"),
    ]
    assert Diagnosis.objects.get(source_id="DX1").formatted_code == "F20.9"


def test_reimporting_the_same_diagnoses_changes_nothing(members, tmp_path):
    path = dx_file(tmp_path, [dx(), dx(cin=OTHER_CIN.lower(), icd10_code="I50.9")])
    import_diagnoses(path, max_bytes=10**8)
    before = diagnoses()

    result = import_diagnoses(path, max_bytes=10**8)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert diagnoses() == before


def test_a_code_written_without_the_dot_is_the_same_code(members, tmp_path):
    import_diagnoses(dx_file(tmp_path, [dx()], name="a.csv"), max_bytes=10**8)

    result = import_diagnoses(dx_file(tmp_path, [dx(icd10_code="F209")]), max_bytes=10**8)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)


def test_a_later_diagnoses_file_updates_rows_by_cin_and_source_id(members, tmp_path):
    import_diagnoses(dx_file(tmp_path, [dx()], name="first.csv"), max_bytes=10**8)
    [(first_id, *_)] = diagnoses()

    result = import_diagnoses(
        dx_file(
            tmp_path,
            [dx(icd10_code="F31.0", diagnosis_date="2026-04-01"), dx(cin=OTHER_CIN)],
            name="second.csv",
        ),
        max_bytes=10**8,
    )

    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert diagnoses()[0] == (first_id, CIN, "DX1", "F310", datetime.date(2026, 4, 1))
    assert diagnoses()[1][1:3] == (OTHER_CIN, "DX1")  # the same source_id, another member


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"cin": UNKNOWN_CIN}, "line 3: cin: no member with this CIN in the roster"),
        ({"cin": "9123456A"}, "line 3: cin: must be 8 digits then a letter, e.g. 91234567A"),
        ({"cin": ""}, "line 3: cin: is required"),
        ({"icd10_code": ""}, "line 3: icd10_code: is required"),
        ({"icd10_code": "F2"}, "line 3: icd10_code: must have 3 to 7 letters and digits besides the dot, e.g. F20 or F20.9"),
        ({"icd10_code": "F20.12345"}, "line 3: icd10_code: must have 3 to 7 letters and digits besides the dot, e.g. F20 or F20.9"),
        ({"icd10_code": "20F9"}, "line 3: icd10_code: must start with a letter then a digit, e.g. F20.9"),
        ({"icd10_code": "FF09"}, "line 3: icd10_code: must start with a letter then a digit, e.g. F20.9"),
        ({"icd10_code": "F2.09"}, "line 3: icd10_code: must be letters and digits with at most one dot, after the third character, e.g. F20.9 or F209"),
        ({"icd10_code": "F20.9.1"}, "line 3: icd10_code: must be letters and digits with at most one dot, after the third character, e.g. F20.9 or F209"),
        ({"icd10_code": "F20-9"}, "line 3: icd10_code: must be letters and digits with at most one dot, after the third character, e.g. F20.9 or F209"),
        ({"diagnosis_date": ""}, "line 3: diagnosis_date: is required"),
        ({"diagnosis_date": "2026-02-30"}, "line 3: diagnosis_date: must be a date as YYYY-MM-DD"),
        ({"diagnosis_date": "03/02/2026"}, "line 3: diagnosis_date: must be a date as YYYY-MM-DD"),
        ({"diagnosis_date": "2026-13-01"}, "line 3: diagnosis_date: must be a date as YYYY-MM-DD"),
        ({"source_id": ""}, "line 3: source_id: is required"),
        ({"source_id": "x" * 101}, "line 3: source_id: must be at most 100 characters"),
    ],
)  # fmt: skip
def test_each_bad_diagnosis_is_named_by_line_and_column_and_nothing_changes(
    stored, tmp_path, changes, expected
):
    path = dx_file(tmp_path, [dx(source_id="DX9"), dx(**changes)])

    assert problems_of(import_diagnoses, path) == [expected]
    assert (diagnoses(), events()) == stored


def test_a_leap_day_and_a_100_character_source_id_are_accepted(members, tmp_path):
    path = dx_file(tmp_path, [dx(diagnosis_date="2024-02-29", source_id="é" * 100)])
    assert import_diagnoses(path, max_bytes=10**8).created == 1


# Utilization


def test_utilization_events_are_stored_with_flags_and_open_ends(members, tmp_path):
    path = ut_file(
        tmp_path,
        [
            ut(),
            ut(event_type="ED_Visit", end_date="", unplanned="", avoidable="y", source_id="U2"),
            ut(event_type="snf_stay", end_date="", unplanned="N", avoidable="", source_id="U3"),
        ],
    )

    result = import_utilization(path, max_bytes=10**8)

    assert (result.rows, result.created, result.updated, result.unchanged) == (3, 3, 0, 0)
    assert [row[2:] for row in events()] == [
        ("U1", "inpatient_admission", datetime.date(2026, 3, 2), datetime.date(2026, 3, 5), True, None),
        ("U2", "ed_visit", datetime.date(2026, 3, 2), None, None, True),
        ("U3", "snf_stay", datetime.date(2026, 3, 2), None, False, None),
    ]  # fmt: skip


def test_optional_utilization_columns_may_be_absent_and_extra_ones_are_ignored(members, tmp_path):
    header = ["cin", "event_type", "start_date", "source_id", "claim_amount"]
    path = ut_file(tmp_path, [ut(event_type="ed_visit", claim_amount="12.50")], header=header)

    assert import_utilization(path, max_bytes=10**8).created == 1
    assert events()[0][5:] == (None, None, None)


def test_reimporting_the_same_utilization_changes_nothing(members, tmp_path):
    path = ut_file(tmp_path, [ut(), ut(cin=OTHER_CIN, event_type="ed_visit", end_date="")])
    import_utilization(path, max_bytes=10**8)
    before = events()

    result = import_utilization(path, max_bytes=10**8)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert events() == before


def test_a_later_utilization_file_updates_rows_by_cin_and_source_id(members, tmp_path):
    import_utilization(ut_file(tmp_path, [ut(end_date="")], name="first.csv"), max_bytes=10**8)
    [(first_id, *_)] = events()

    result = import_utilization(
        ut_file(tmp_path, [ut(), ut(source_id="U2")], name="second.csv"), max_bytes=10**8
    )

    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert events()[0][:6] == (first_id, CIN, "U1", "inpatient_admission",
                               datetime.date(2026, 3, 2), datetime.date(2026, 3, 5))  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"cin": UNKNOWN_CIN}, "line 3: cin: no member with this CIN in the roster"),
        ({"event_type": "clinic_visit"}, "line 3: event_type: must be ed_visit, inpatient_admission, snf_stay or observation_stay"),
        ({"event_type": ""}, "line 3: event_type: is required"),
        ({"start_date": ""}, "line 3: start_date: is required"),
        ({"start_date": "2026-3-2"}, "line 3: start_date: must be a date as YYYY-MM-DD"),
        ({"end_date": "2026-02-29"}, "line 3: end_date: must be a date as YYYY-MM-DD"),
        ({"end_date": "2026-03-01"}, "line 3: end_date: is before start_date"),
        ({"unplanned": "yes"}, "line 3: unplanned: must be Y, N or empty"),
        ({"avoidable": "0"}, "line 3: avoidable: must be Y, N or empty"),
        ({"source_id": "  "}, "line 3: source_id: is required"),
    ],
)  # fmt: skip
def test_each_bad_utilization_row_is_named_by_line_and_column_and_nothing_changes(
    stored, tmp_path, changes, expected
):
    path = ut_file(tmp_path, [ut(source_id="U9"), ut(**changes)])

    assert problems_of(import_utilization, path) == [expected]
    assert (diagnoses(), events()) == stored


def test_every_bad_row_is_listed_not_just_the_first(stored, tmp_path):
    path = ut_file(
        tmp_path,
        [
            ut(source_id="U5", cin=UNKNOWN_CIN),
            ut(source_id="U6"),
            ut(source_id="U7", event_type="visit", start_date="2026-02-30", avoidable="?"),
        ],
    )
    assert problems_of(import_utilization, path) == [
        "line 2: cin: no member with this CIN in the roster",
        "line 4: avoidable: must be Y, N or empty",
        "line 4: event_type: must be ed_visit, inpatient_admission, snf_stay or observation_stay",
        "line 4: start_date: must be a date as YYYY-MM-DD",
    ]
    assert (diagnoses(), events()) == stored


@pytest.mark.parametrize(
    ("importer", "make_file", "row"), [(import_diagnoses, dx_file, dx), (import_utilization, ut_file, ut)]
)  # fmt: skip
def test_a_repeated_cin_and_source_id_names_the_first_line(
    stored, tmp_path, importer, make_file, row
):
    path = make_file(
        tmp_path,
        [row(source_id="S1"), row(source_id="S2"), row(cin=OTHER_CIN, source_id="S1"),
         row(cin=CIN.lower(), source_id="S1"), row(source_id="S2")],
    )  # fmt: skip
    assert problems_of(importer, path) == [
        "line 5: source_id: the same cin and source_id are on line 2",
        "line 6: source_id: the same cin and source_id are on line 3",
    ]
    assert (diagnoses(), events()) == stored


def test_a_repeated_key_is_rejected_even_when_both_rows_match_the_stored_one(stored, tmp_path):
    path = ut_file(tmp_path, [UT, UT])
    assert problems_of(import_utilization, path) == [
        "line 3: source_id: the same cin and source_id are on line 2"
    ]
    assert (diagnoses(), events()) == stored


def test_missing_required_columns_reject_the_file_naming_them(stored, tmp_path):
    path = ut_file(tmp_path, [UT], header=["cin", "start_date", "end_date"])
    assert problems_of(import_utilization, path) == [
        "line 1: header: missing required columns: event_type, source_id"
    ]
    path = dx_file(tmp_path, [DX], header=["cin", "icd10_code", "source_id"])
    assert problems_of(import_diagnoses, path) == [
        "line 1: header: missing required columns: diagnosis_date"
    ]
    assert (diagnoses(), events()) == stored


def test_empty_and_header_only_files_are_rejected(stored, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert problems_of(import_diagnoses, empty) == ["line 1: file: the file is empty"]
    assert problems_of(import_utilization, empty) == ["line 1: file: the file is empty"]
    assert problems_of(import_diagnoses, dx_file(tmp_path, [])) == [
        "line 2: file: the file has a header but no diagnoses"
    ]
    assert problems_of(import_utilization, ut_file(tmp_path, [])) == [
        "line 2: file: the file has a header but no utilization events"
    ]
    assert (diagnoses(), events()) == stored


def test_a_malformed_record_is_reported_by_line(stored, tmp_path):
    path = dx_file(tmp_path, [DX, dx(source_id="DX2")])
    lines = path.read_text().splitlines()
    lines[2] += ",surplus"
    path.write_text("\n".join(lines) + "\n")
    assert problems_of(import_diagnoses, path) == ["line 3: row: has 5 values; the header has 4"]
    assert (diagnoses(), events()) == stored


# Commands


def test_import_diagnoses_command_exits_0_with_counts_then_1_with_problems(
    members, tmp_path, capsys
):
    call_command("import_diagnoses", str(dx_file(tmp_path, [DX], name="good.csv")))
    assert "Imported 1 rows: 1 created, 0 updated, 0 unchanged" in capsys.readouterr().out

    bad = dx_file(tmp_path, [dx(cin=UNKNOWN_CIN), dx(icd10_code="F2")], name="bad.csv")
    with pytest.raises(CommandError) as error:
        call_command("import_diagnoses", str(bad))
    assert str(error.value).endswith(
        "2 problem(s):\nline 2: cin: no member with this CIN in the roster\n"
        "line 3: icd10_code: must have 3 to 7 letters and digits besides the dot, e.g. F20 or F20.9"
    )
    assert Diagnosis.objects.count() == 1


def manage(*args: str) -> None:
    """Run a command as `python manage.py` does (exit status included), keeping the test's
    database connection open (run_from_argv closes every connection when it ends)."""
    with mock.patch("django.core.management.base.connections.close_all"):
        execute_from_command_line(["manage.py", *args])


def test_import_utilization_command_exit_status_is_1_on_a_rejected_file(members, tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        manage("import_utilization", str(ut_file(tmp_path, [ut(end_date="2026-01-01")])))
    assert exited.value.code == 1
    assert "line 2: end_date: is before start_date" in capsys.readouterr().err
    assert not UtilizationEvent.objects.exists()

    manage("import_utilization", str(ut_file(tmp_path, [UT])))
    assert "1 created" in capsys.readouterr().out
    assert UtilizationEvent.objects.count() == 1


def test_import_command_with_a_missing_file_fails(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_utilization", str(tmp_path / "nope.csv"))


# Upload page and API


@pytest.fixture
def upload(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

    def make(name="diagnoses.csv", rows=(DX,), header=DX_HEADER):
        content = write_csv(tmp_path, rows, header, name).read_bytes()
        return SimpleUploadedFile(name, content, content_type="text/csv")

    return make


def test_plan_admin_uploads_diagnoses_on_the_page_and_the_job_runs(
    client_for, plan_admin, members, upload, django_capture_on_commit_callbacks
):
    client = client_for(plan_admin)
    page = client.get(reverse("eligibility:clinical_upload"))
    assert page.status_code == 200
    assert b"Clinical data import" in page.content

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("eligibility:clinical_upload"), {"kind": "diagnoses", "file": upload()}
        )

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:import_job", args=[job.pk])
    assert (job.kind, job.status, job.requested_by) == ("diagnoses", "queued", plan_admin)
    assert len(callbacks) == 1
    with mock.patch("eligibility.tasks.run_clinical_import_task.delay") as delay:
        callbacks[0]()
    delay.assert_called_once_with(job.pk)

    from eligibility.tasks import run_clinical_import_task

    assert run_clinical_import_task(job.pk) == "succeeded"
    assert Diagnosis.objects.get().icd10_code == "F209"
    listed = client.get(reverse("eligibility:clinical_upload"))
    assert f'href="{reverse("core:import_job", args=[job.pk])}"'.encode() in listed.content


def test_upload_page_needs_a_kind_and_a_file(client_for, plan_admin, upload):
    response = client_for(plan_admin).post(
        reverse("eligibility:clinical_upload"), {"kind": "members", "file": upload()}
    )
    assert response.status_code == 422
    assert not ImportJob.objects.exists()


def test_an_oversized_clinical_file_is_refused_before_it_is_stored(
    client_for, plan_admin, upload, settings
):
    settings.CLINICAL_MAX_UPLOAD_BYTES = 2_000
    big = upload(rows=[DX] * 100)  # about 3 KB

    response = client_for(plan_admin).post(
        reverse("eligibility:clinical_upload"), {"kind": "diagnoses", "file": big}
    )

    assert response.status_code == 422
    assert "KB; the limit is 2.0 KB. Split it and import the parts." in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("url", "kind", "name", "header", "row", "task"),
    [
        ("api:diagnoses-import", "diagnoses", "diagnoses.csv", DX_HEADER, DX,
         "run_clinical_import_task"),
        ("api:utilization-import", "utilization", "utilization.csv", UT_HEADER, UT,
         "run_clinical_import_task"),
    ],
)  # fmt: skip
def test_plan_admin_uploads_through_the_api_and_gets_the_job(
    client_for, plan_admin, members, upload, django_capture_on_commit_callbacks,
    url, kind, name, header, row, task,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(plan_admin).post(reverse(url), {"file": upload(name, [row], header)})

    assert response.status_code == 202
    assert (response.json()["kind"], response.json()["status"]) == (kind, "queued")
    with mock.patch(f"eligibility.tasks.{task}.delay") as delay:
        callbacks[0]()
    delay.assert_called_once_with(response.json()["id"])


@pytest.mark.parametrize("url", ["api:diagnoses-import", "api:utilization-import"])
def test_care_manager_gets_404_from_the_api_and_nothing_is_queued(
    client_for, care_manager, upload, url, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(care_manager).post(reverse(url), {"file": upload()})
    assert response.status_code == 404
    assert not callbacks
    assert not ImportJob.objects.exists()


def test_care_manager_gets_404_from_the_upload_page(client_for, care_manager, upload):
    client = client_for(care_manager)
    assert client.get(reverse("eligibility:clinical_upload")).status_code == 404
    response = client.post(
        reverse("eligibility:clinical_upload"), {"kind": "diagnoses", "file": upload()}
    )
    assert response.status_code == 404
    assert not ImportJob.objects.exists()
    assert b"Clinical data import" not in client.get(reverse("members:caseload")).content
