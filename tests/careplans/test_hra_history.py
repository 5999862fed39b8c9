"""The HRA history import (hra_history.csv): every rule named by line and column, all-or-nothing,
idempotent; the command and the upload page; the clocks count from the imported history; and
the go-live date: a clock that fell due before it says "no record before go-live"."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from careplans.clocks.history import import_hra_history
from careplans.clocks.services import refresh_member_clocks
from careplans.models import MemberClock, PriorRecord
from core.csv_import import ImportRejected
from core.models import ImportJob
from tests.careplans.work_factories import HraFactory, PlanFactory, cicm_member

pytestmark = pytest.mark.django_db
HEADER = ["cin", "record_type", "completed_on", "source_id"]
TODAY = datetime.date(2026, 6, 1)


def history_file(tmp_path: Path, rows, header=HEADER) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / "hra_history.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ImportRejected) as rejected:
        import_hra_history(path, max_bytes=10**8)
    return [str(p) for p in rejected.value.problems]


def clocks_of(member, today=TODAY) -> dict[str, MemberClock]:
    refresh_member_clocks(member_ids=[member.pk], today=today)
    return {c.clock: c for c in MemberClock.objects.filter(member=member)}


def test_a_good_file_is_stored_and_a_repeat_changes_nothing(tmp_path):
    member = cicm_member(cin="91234567A")
    path = history_file(
        tmp_path,
        [
            ["91234567a", "HRA", "2025-09-01", "H1"],
            ["91234567A", "care_plan", "2025-09-20", "P1"],
        ],
    )

    result = import_hra_history(path, max_bytes=10**8)
    again = import_hra_history(path, max_bytes=10**8)

    assert (result.created, result.updated) == (2, 0)
    assert (again.created, again.updated) == (0, 0)
    assert sorted(member.prior_records.values_list("record_type", "completed_on")) == [
        ("care_plan", datetime.date(2025, 9, 20)),
        ("hra", datetime.date(2025, 9, 1)),
    ]


def test_a_bad_file_names_line_and_column_and_stores_nothing(tmp_path):
    cicm_member(cin="91234567A")
    path = history_file(
        tmp_path,
        [
            ["91234567A", "hra", "2025-09-01", "H1"],  # line 2: good
            ["99999999Z", "hra", "2025-09-01", "H2"],
            ["91234567A", "assessment", "2025-02-30", "H3"],
            ["91234567A", "care_plan", "2999-01-01", "H4"],
            ["91234567A", "hra", "", ""],
            ["91234567A", "hra", "2025-01-01", "H1"],
        ],
    )

    assert problems(path) == [
        "line 3: cin: no member with this CIN in the roster",
        "line 4: completed_on: must be a date as YYYY-MM-DD",
        "line 4: record_type: must be hra or care_plan",
        "line 5: completed_on: is in the future",
        "line 6: completed_on: is required",
        "line 6: source_id: is required",
        "line 7: source_id: the same cin and source_id are on line 2",
    ]
    assert not PriorRecord.objects.exists()


def test_the_command_imports_and_reports_a_rejected_file(tmp_path, capsys):
    cicm_member(cin="91234567A")
    good = history_file(tmp_path, [["91234567A", "hra", "2025-09-01", "H1"]])
    call_command("import_hra_history", str(good))
    assert "1 created" in capsys.readouterr().out

    bad = history_file(tmp_path, [["91234567A", "hra", "yesterday", "H2"]])
    with pytest.raises(CommandError) as error:
        call_command("import_hra_history", str(bad))
    assert "line 2: completed_on: must be a date as YYYY-MM-DD" in str(error.value)
    assert PriorRecord.objects.count() == 1
    assert ImportJob.objects.filter(kind="hra_history", status="rejected").count() == 1


def test_plan_admin_uploads_history_on_its_page(
    client_for, plan_admin, django_capture_on_commit_callbacks
):
    cicm_member(cin="91234567A")
    client = client_for(plan_admin)
    page = client.get(reverse("careplans:history_upload"))
    assert page.status_code == 200
    assert b"hra_history.csv" in page.content

    upload = SimpleUploadedFile(
        "hra_history.csv", b"cin,record_type,completed_on,source_id\n91234567A,hra,2025-09-01,H1\n"
    )
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("careplans:history_upload"), {"file": upload})

    job = ImportJob.objects.get()
    assert response["Location"] == reverse("core:import_job", args=[job.pk])
    from careplans.tasks import run_history_import_task

    assert run_history_import_task(job.pk) == "succeeded"
    assert PriorRecord.objects.get().completed_on == datetime.date(2025, 9, 1)
    job_page = client.get(reverse("core:import_job", args=[job.pk]))
    assert b"HRA history import" in job_page.content


def test_the_upload_page_needs_a_file(client_for, plan_admin):
    response = client_for(plan_admin).post(reverse("careplans:history_upload"), {})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()


def test_clocks_count_from_the_imported_hra_and_care_plan(tmp_path):
    member = cicm_member(cin="91234567A", enrollment_start=datetime.date(2018, 3, 1))
    assert clocks_of(member)["initial_hra"].state == "overdue"  # 2018: years overdue

    import_hra_history(
        history_file(
            tmp_path,
            [
                ["91234567A", "hra", "2025-09-01", "H1"],
                ["91234567A", "hra", "2024-09-01", "H0"],
                ["91234567A", "care_plan", "2025-09-20", "P1"],
            ],
        ),
        max_bytes=10**8,
    )
    clocks = clocks_of(member)

    assert "initial_hra" not in clocks
    assert "care_plan" not in clocks  # made after the last HRA
    assert clocks["reassessment"].due_on == datetime.date(2026, 9, 1)
    assert "the last HRA in the imported history on 2025-09-01" in clocks["reassessment"].basis
    assert clocks["care_plan_review"].due_on == datetime.date(2026, 9, 20)
    assert "imported history" in clocks["care_plan_review"].basis


def test_a_later_hra_in_the_portal_wins_over_the_history(tmp_path):
    member = cicm_member(cin="91234567A", enrollment_start=datetime.date(2018, 3, 1))
    HraFactory(member=member, completed_on=datetime.date(2026, 3, 1))
    PlanFactory(member=member, created_on=datetime.date(2026, 3, 10))
    import_hra_history(
        history_file(
            tmp_path,
            [
                ["91234567A", "hra", "2025-09-01", "H1"],
                ["91234567A", "care_plan", "2025-09-20", "P1"],
            ],
        ),
        max_bytes=10**8,
    )
    clocks = clocks_of(member)
    assert clocks["reassessment"].due_on == datetime.date(2027, 3, 1)
    assert clocks["care_plan_review"].due_on == datetime.date(2027, 3, 10)


def test_an_hra_in_the_history_without_a_care_plan_starts_the_care_plan_clock(tmp_path):
    member = cicm_member(cin="91234567A", enrollment_start=datetime.date(2018, 3, 1))
    import_hra_history(
        history_file(tmp_path, [["91234567A", "hra", "2026-05-01", "H1"]]), max_bytes=10**8
    )
    assert clocks_of(member)["care_plan"].due_on == datetime.date(2026, 5, 31)


def test_before_go_live_a_clock_with_no_history_says_no_record(settings, tmp_path):
    settings.PORTAL_GO_LIVE = datetime.date(2026, 4, 1)
    old = cicm_member(enrollment_start=datetime.date(2018, 3, 1))  # due 2018: before go-live
    recent = cicm_member(enrollment_start=datetime.date(2026, 2, 1))  # due 2026-05-02: after

    old_clock = clocks_of(old)["initial_hra"]
    assert old_clock.state == "no_record"
    assert old_clock.get_state_display() == "No record before go-live"
    assert clocks_of(recent)["initial_hra"].state == "overdue"
    old.refresh_from_db()
    assert old.get_clock_state_display() == "No record before go-live"


def test_once_history_is_loaded_the_clock_tells_the_truth_again(settings, tmp_path):
    settings.PORTAL_GO_LIVE = datetime.date(2026, 4, 1)
    member = cicm_member(cin="91234567A", enrollment_start=datetime.date(2018, 3, 1))
    import_hra_history(
        history_file(tmp_path, [["91234567A", "care_plan", "2019-01-01", "P1"]]), max_bytes=10**8
    )
    # History is loaded for the member and holds no HRA: the initial HRA is really overdue.
    clocks = clocks_of(member)
    assert clocks["initial_hra"].state == "overdue"
    assert clocks["care_plan_review"].state == "overdue"
