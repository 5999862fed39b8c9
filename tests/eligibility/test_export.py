"""determinations.csv (shared/contracts/README.md): exact bytes and order from a real evaluation,
RFC 4180 quoting, the command's exit statuses (call_command and a real `python manage.py`), and
the same file from the runs page and the API."""

import csv
import datetime
import io
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from eligibility import export, services
from eligibility.models import Determination, EvaluationRun
from tests.factories import DeterminationFactory, EvaluationRunFactory, MemberFactory

AS_OF = datetime.date(2026, 9, 30)
HEADER = b"cin,program,population,status,as_of,rule_version,evidence\n"
ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def roster(db):
    """Four members whose answers are known: two populations, one, none, and not enrolled."""
    return {
        "two": MemberFactory(
            cin="91234568B",
            plan_product="DSNP:H1234-001",
            housing_status="homeless",
            ltc_level_of_care=True,
            nursing_facility_resident=False,
        ),
        "one": MemberFactory(cin="91234567A", housing_status="homeless"),
        "none": MemberFactory(cin="91234569C", housing_status="housed"),
        "gone": MemberFactory(
            cin="11111111Z", enrollment_end=datetime.date(2025, 12, 31), housing_status="homeless"
        ),
    }


def _export_to_path(*, run, path) -> int:
    """What the command does once it has a run: all or nothing into `path`."""
    with export.replacing(path) as out:
        return export.write_determinations(run=run, out=out)


def evidence_of(cin: str) -> str:
    return Determination.objects.get(member__cin=cin).evidence


def rfc4180(rows) -> bytes:
    """The reference: Python's csv module, minimal quoting, LF line ends, UTF-8."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def test_export_writes_the_contract_rows_sorted_by_cin_program_population(roster, tmp_path):
    run = services.evaluate_eligibility(as_of=AS_OF)
    out = tmp_path / "determinations.csv"

    rows = _export_to_path(run=run, path=out)

    content = out.read_bytes()
    assert rows == 5
    assert content.startswith(HEADER)
    assert content == HEADER + rfc4180(
        [
            ["11111111Z", "ECM", "", "not_eligible", "2026-09-30", "2026.1", evidence_of("11111111Z")],
            ["91234567A", "ECM", "homeless", "eligible", "2026-09-30", "2026.1", "housing status homeless on the roster"],
            ["91234568B", "CICM", "homeless", "eligible", "2026-09-30", "2026.1", "housing status homeless on the roster"],
            ["91234568B", "CICM", "ltc_risk", "eligible", "2026-09-30", "2026.1", "meets nursing-facility level of care; lives in the community"],
            ["91234569C", "ECM", "", "not_eligible", "2026-09-30", "2026.1", evidence_of("91234569C")],
        ]
    )  # fmt: skip
    # A member in no population has an empty cell, not "" (which a reader could take for a value).
    assert b"\n91234569C,ECM,,not_eligible,2026-09-30,2026.1," in content
    assert "not enrolled" in evidence_of("11111111Z")


def test_export_quotes_commas_quotes_and_line_breaks_as_rfc_4180_and_writes_utf8(db, tmp_path):
    run = EvaluationRunFactory()
    DeterminationFactory(
        run=run,
        member=MemberFactory(cin="22222222B"),
        evidence='5 ED visits, "avoidable"\nsecond line; Peña',
    )

    _export_to_path(run=run, path=tmp_path / "d.csv")

    assert (tmp_path / "d.csv").read_bytes() == HEADER + (
        '22222222B,ECM,homeless,eligible,2026-09-30,2026.1,"5 ED visits, ""avoidable""\n'
        'second line; Peña"\n'
    ).encode()


def test_a_failed_export_leaves_no_file_and_keeps_an_existing_one(db, tmp_path):
    run = EvaluationRunFactory()
    DeterminationFactory(run=run)
    out = tmp_path / "determinations.csv"
    out.write_text("yesterday's file\n")

    with (
        mock.patch.object(export, "write_determinations", side_effect=OSError("disk full")),
        pytest.raises(OSError),
    ):
        _export_to_path(run=run, path=out)

    assert out.read_text() == "yesterday's file\n"
    assert [p.name for p in tmp_path.iterdir()] == ["determinations.csv"]


def test_a_run_that_has_not_succeeded_has_nothing_to_export(db, tmp_path):
    running = EvaluationRunFactory(status="running", stage="Gathering facts")
    with pytest.raises(export.NothingToExport):
        _export_to_path(run=running, path=tmp_path / "d.csv")
    assert not list(tmp_path.iterdir())


# The command


def test_command_exports_the_latest_succeeded_run_of_that_day(roster, tmp_path, capsys):
    services.evaluate_eligibility(as_of=AS_OF)
    later = services.evaluate_eligibility(as_of=AS_OF)
    EvaluationRunFactory(as_of=AS_OF, status="failed")
    out = tmp_path / "determinations.csv"

    call_command("export_determinations", "--as-of", "2026-09-30", "--out", str(out))

    stdout = capsys.readouterr().out
    assert "evaluating" not in stdout
    assert f"wrote 5 determinations of evaluation #{later.pk} as of 2026-09-30" in stdout
    assert EvaluationRun.objects.filter(as_of=AS_OF, status="succeeded").count() == 2
    assert out.read_bytes().startswith(HEADER + b"11111111Z,ECM,,not_eligible,2026-09-30,")


def test_command_evaluates_the_day_first_when_no_run_exists_and_says_so(roster, tmp_path, capsys):
    EvaluationRunFactory(as_of=datetime.date(2026, 9, 29))  # another day does not count
    out = tmp_path / "determinations.csv"

    call_command("export_determinations", "--as-of", "2026-09-30", "--out", str(out))

    stdout = capsys.readouterr().out
    assert "no evaluation as of 2026-09-30 yet: evaluating the roster now" in stdout
    run = EvaluationRun.objects.get(as_of=AS_OF)
    assert run.status == "succeeded"
    assert f"evaluation #{run.pk} as of 2026-09-30 (rule set 2026.1): 4 members" in stdout
    assert out.read_bytes().count(b"\n") == 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "OUT"], "--as-of YYYY-MM-DD is required"),
        (["--as-of", "2026-02-30", "--out", "OUT"], "--as-of: not a date in YYYY-MM-DD form"),
        (["--as-of", "09/30/2026", "--out", "OUT"], "--as-of: not a date in YYYY-MM-DD form"),
        (["--as-of", "2026-09-30"], "--out FILE is required"),
        (["--as-of", "2026-09-30", "--out", "MISSING/d.csv"], "--out: no such directory"),
        (["--as-of", "2026-09-30", "--out", "."], "is a directory"),
        (["--as-of", "2026-09-30", "--out", "/proc/determinations.csv"], "cannot write"),
    ],
)
def test_command_rejects_bad_arguments_before_evaluating(db, tmp_path, args, message):
    args = [
        a.replace("OUT", str(tmp_path / "d.csv")).replace("MISSING", str(tmp_path / "no"))
        for a in args
    ]
    args = [str(tmp_path) if a == "." else a for a in args]

    with pytest.raises(CommandError, match=message) as error:
        call_command("export_determinations", *args)

    assert error.value.returncode == 1
    assert not EvaluationRun.objects.exists()
    assert not list(tmp_path.iterdir())


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_command_rejects_an_unwritable_directory(db, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(CommandError, match="cannot write") as error:
        call_command(
            "export_determinations", "--as-of", "2026-09-30", "--out", str(locked / "d.csv")
        )
    assert error.value.returncode == 1


def test_command_exits_1_and_writes_nothing_when_the_evaluation_fails(roster, tmp_path):
    failed = EvaluationRunFactory(status="failed", message="The evaluation stopped.")
    out = tmp_path / "determinations.csv"

    with (
        mock.patch.object(services, "evaluate_eligibility", return_value=failed),
        pytest.raises(CommandError, match=r"failed: The evaluation stopped\.") as error,
    ):
        call_command("export_determinations", "--as-of", "2026-09-30", "--out", str(out))

    assert error.value.returncode == 1
    assert not list(tmp_path.iterdir())


def manage(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "calaim.settings.test", **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "d.csv"], "--as-of YYYY-MM-DD is required"),
        (["--as-of", "2026-13-01", "--out", "d.csv"], "--as-of: not a date in YYYY-MM-DD form"),
        (["--as-of", "2026-09-30"], "--out FILE is required"),
        (["--as-of", "2026-09-30", "--out", "/nonexistent-dir/d.csv"], "--out: no such directory"),
        (["--as-of", "2026-09-30", "--out", "/proc/d.csv"], "--out: cannot write"),
    ],
)
def test_manage_py_exits_1_with_the_message_on_stderr(args, message):
    result = manage("export_determinations", *args)

    assert result.returncode == 1, result
    assert message in result.stderr
    assert result.stdout == ""


def test_manage_py_exports_and_exits_0(transactional_db, tmp_path):
    MemberFactory(cin="91234567A", housing_status="homeless")
    out = tmp_path / "determinations.csv"
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"

    result = manage(
        "export_determinations",
        "--as-of",
        "2026-09-30",
        "--out",
        str(out),
        env={"DATABASE_URL": url},
    )

    assert result.returncode == 0, result.stderr
    assert "evaluating the roster now" in result.stdout
    assert out.read_bytes() == HEADER + (
        b"91234567A,ECM,homeless,eligible,2026-09-30,2026.1,housing status homeless on the roster\n"
    )


# The runs page and the API give the same bytes


def test_plan_admin_downloads_the_same_csv_from_the_page_and_the_api(
    roster, client_for, plan_admin, tmp_path
):
    run = services.evaluate_eligibility(as_of=AS_OF)
    _export_to_path(run=run, path=tmp_path / "d.csv")
    client = client_for(plan_admin)

    page = client.get(reverse("eligibility:run_determinations", args=[run.pk]))
    api = client.get(reverse("api:eligibility-run-determinations", args=[run.pk]))

    for response in (page, api):
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert (
            f'filename="determinations-2026-09-30-run{run.pk}.csv"'
            in response["Content-Disposition"]
        )
        assert b"".join(response.streaming_content) == (tmp_path / "d.csv").read_bytes()


def test_a_running_run_has_no_csv_yet(db, client_for, plan_admin):
    running = EvaluationRunFactory(status="running", stage="Gathering facts", progress_percent=5)
    client = client_for(plan_admin)

    assert (
        client.get(reverse("eligibility:run_determinations", args=[running.pk])).status_code == 404
    )
    response = client.get(reverse("api:eligibility-run-determinations", args=[running.pk]))
    assert response.status_code == 409
    assert response.json() == {"detail": f"Evaluation #{running.pk} is running."}


def test_supervisor_cannot_download_determinations(db, client_for, supervisor):
    run = EvaluationRunFactory()
    client = client_for(supervisor)
    assert client.get(reverse("eligibility:run_determinations", args=[run.pk])).status_code == 404
    assert (
        client.get(reverse("api:eligibility-run-determinations", args=[run.pk])).status_code == 404
    )
