"""The Community Supports files against their contracts through their commands: every bad line
listed as `line N: column: reason`, nothing changed; repeats change nothing; check_cs_requests
writes cs_checks.csv in the file's order and stores nothing."""

import csv
import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from referrals.models import CsAuthorization, CsOffering
from tests.factories import MemberFactory

from .helpers import AuthorizationFactory, OfferingFactory

D = datetime.date
pytestmark = pytest.mark.django_db
OFFERING_HEADER = "county,service,effective_from,effective_to"
AUTH_HEADER = "cin,service,start_date,end_date,units,amount_usd,status,source_id"
REQUEST_HEADER = "request_id,cin,service,start_date,end_date,units,amount_usd"


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "file.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def rejected(command: str, path: Path) -> list[str]:
    with pytest.raises(CommandError) as error:
        call_command(command, str(path))
    return [line for line in str(error.value).splitlines() if line.startswith("line ")]


def test_offerings_import_and_a_repeat_changes_nothing(tmp_path, capsys):
    path = write(tmp_path, OFFERING_HEADER, "Los Angeles,transitional_rent,2026-01-01,",
                 "los angeles,respite,2025-07-01,2025-12-31",
                 "Los Angeles,respite,2026-01-01,")  # fmt: skip
    call_command("import_cs_offerings", str(path))
    assert "3 created" in capsys.readouterr().out
    assert CsOffering.objects.count() == 3
    call_command("import_cs_offerings", str(path))
    assert "0 created, 0 updated, 3 unchanged" in capsys.readouterr().out
    # The key is (county, service, effective_from): a later file ends the open period.
    call_command("import_cs_offerings", str(write(tmp_path, OFFERING_HEADER,
                 "Los Angeles,transitional_rent,2026-01-01,2026-12-31")))  # fmt: skip
    assert CsOffering.objects.get(service="transitional_rent").effective_to == D(2026, 12, 31)


def test_offerings_bad_lines_are_all_listed_and_nothing_changes(tmp_path):
    OfferingFactory(county="Fresno", service="respite", effective_from=D(2025, 1, 1),
                    effective_to=D(2025, 12, 31))  # fmt: skip
    path = write(tmp_path, OFFERING_HEADER,
                 "Los Angeles,transitional_rent,2026-02-01,",
                 "Los Angeles,respite,2026-01-01,2026-03-31",
                 "Gotham,respite,2026-01-01,",
                 "Los Angeles,massage,2026-01-01,",
                 "Alameda,respite,2026-07-01,2025-12-31",
                 "Kern,respite,2026-01-01,",
                 "Kern,respite,2026-07-01,2026-12-31",
                 "Fresno,respite,2025-07-01,",
                 "Fresno,respite,2026-01-01,")  # fmt: skip
    problems = rejected("import_cs_offerings", path)
    assert problems == [
        "line 2: effective_from: must be a 1 January or a 1 July (offerings change only then)",
        "line 3: effective_to: must be a 30 June or a 31 December, or empty",
        "line 4: county: is not one of California's 58 county names",
        "line 5: service: is not a Community Supports code of the catalog, e.g. "
        "housing_navigation or transitional_rent",
        "line 6: effective_to: is before effective_from",
        "line 7: effective_from: overlaps another period of the same county and service",
        "line 8: effective_from: overlaps another period of the same county and service",
        "line 9: effective_from: overlaps another period of the same county and service",
        "line 10: effective_from: overlaps another period of the same county and service",
    ]
    assert CsOffering.objects.count() == 1


def test_authorizations_import_and_corrections_of_a_source_id(tmp_path):
    member = MemberFactory(cin="81234567A")
    path = write(tmp_path, AUTH_HEADER,
                 "81234567a,respite,2026-01-01,2026-01-31,100,,authorized,UM-1",
                 "81234567A,home_modifications,2026-02-01,2026-02-01,,7500.5,completed,UM-2")  # fmt: skip
    call_command("import_cs_authorizations", str(path))
    assert CsAuthorization.objects.filter(member=member).count() == 2
    call_command("import_cs_authorizations", str(write(tmp_path, AUTH_HEADER,
                 "81234567A,respite,2026-01-01,2026-01-31,100,,cancelled,UM-1")))  # fmt: skip
    corrected = CsAuthorization.objects.get(source_id="UM-1")
    assert corrected.status == "cancelled"
    assert str(CsAuthorization.objects.get(source_id="UM-2").amount_usd) == "7500.50"


def test_authorizations_bad_lines(tmp_path):
    MemberFactory(cin="81234568A")
    existing = AuthorizationFactory(member=MemberFactory(), source_id="KEEP")
    path = write(tmp_path, AUTH_HEADER,
                 "99999999Z,respite,2026-01-01,2026-01-31,1,,authorized,A1",
                 "81234568A,respite,2026-01-01,2026-01-31,-3,,authorized,A2",
                 "81234568A,home_modifications,2026-01-01,2026-01-31,,10.505,authorized,A3",
                 "81234568A,respite,2026-02-01,2026-01-31,3,,authorized,A4",
                 "81234568A,respite,2026-01-01,2026-01-31,,,authorized,A5",
                 "81234568A,asthma_remediation,2026-01-01,2026-01-31,,,done,A6",
                 "81234568A,respite,2026-01-01,2026-01-31,3,,authorized,A2")  # fmt: skip
    assert rejected("import_cs_authorizations", path) == [
        "line 2: cin: no member with this CIN in the roster",
        "line 3: units: must be 0 or more",
        "line 4: amount_usd: must have at most 2 decimals (cents), e.g. 1250.50",
        "line 5: end_date: is before start_date",
        "line 6: units: is required for this service (counted in hours)",
        "line 7: amount_usd: is required for this service (it has a dollar limit)",
        "line 7: status: must be authorized, completed or cancelled",
        "line 8: source_id: the same cin and source_id are on line 3",
    ]
    assert list(CsAuthorization.objects.values_list("source_id", flat=True)) == [existing.source_id]


def test_check_cs_requests_answers_in_file_order_and_stores_nothing(tmp_path):
    member = MemberFactory(cin="81234569A", enrollment_start=D(2025, 1, 1))
    MemberFactory(cin="81234570A", enrollment_start=D(2027, 1, 1))
    OfferingFactory(service="respite", effective_from=D(2026, 1, 1))
    AuthorizationFactory(member=member, service="respite", units=300, start_date=D(2026, 1, 5),
                         end_date=D(2026, 1, 20))  # fmt: skip
    path = write(tmp_path, REQUEST_HEADER,
                 "r-3,81234569A,respite,2026-03-01,2026-03-31,37,",
                 "r-1,81234569A,respite,2026-03-01,2026-03-31,36,",
                 "r-2,81234570A,respite,2026-03-01,2026-03-31,1,",
                 'r,4,81234569A,housing_navigation,2026-03-01,2026-03-31,,')  # fmt: skip
    path.write_text(path.read_text().replace("r,4", '"r,4"'))
    out = tmp_path / "cs_checks.csv"
    before = CsAuthorization.objects.count()
    call_command("check_cs_requests", str(path), "--out", str(out))
    with out.open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["request_id", "cin", "service", "result", "limit", "detail"],
        ["r-3", "81234569A", "respite", "over_limit", "hours_336_per_year",
         "300 of 336 hours used in 2026; 37 asked"],
        ["r-1", "81234569A", "respite", "allowed", "", "300 of 336 hours used in 2026; 36 asked"],
        ["r-2", "81234570A", "respite", "not_enrolled", "", "not enrolled on 2026-03-01"],
        ["r,4", "81234569A", "housing_navigation", "not_offered", "",
         "housing_navigation is not offered in Los Angeles on 2026-03-01"],
    ]  # fmt: skip
    assert CsAuthorization.objects.count() == before


def test_check_cs_requests_rejects_a_bad_file(tmp_path):
    path = write(tmp_path, REQUEST_HEADER, "r1,99999999Z,respite,2026-03-01,2026-03-31,1,",
                 "r1,99999998Z,sauna,2026-03-01,2026-02-01,,")  # fmt: skip
    with pytest.raises(CommandError) as error:
        call_command("check_cs_requests", str(path), "--out", str(tmp_path / "out.csv"))
    assert "line 3: service: is not a Community Supports code" in str(error.value)
    assert "line 3: request_id: the same request_id is on line 2" in str(error.value)
    assert not (tmp_path / "out.csv").exists()


def test_upload_queues_a_job_the_browser_watches(client, plan_admin, care_manager, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from core.models import ImportJob

    settings.CELERY_TASK_ALWAYS_EAGER = True
    client.force_login(plan_admin)
    data = f"{OFFERING_HEADER}\nFresno,respite,2026-01-01,\n".encode()
    response = client.post(reverse("referrals:upload"), {
        "kind": "cs_offerings", "file": SimpleUploadedFile("cs_offerings.csv", data)})  # fmt: skip
    job = ImportJob.objects.get(kind="cs_offerings")
    assert response.status_code == 302 and response["Location"].endswith(f"/{job.pk}/")
    client.force_login(care_manager)
    assert client.post(reverse("referrals:upload"), {"kind": "cs_offerings"}).status_code == 404
