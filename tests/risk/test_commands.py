"""The contract commands: stratify_risk and export_risk (risk.md, shared/contracts/README.md)."""

import csv
import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from risk.export import HEADER
from risk.models import MemberRisk
from tests.risk.risk_helpers import D, admission, diagnose, ed_visit, roster_member

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def members():
    high = roster_member(cin="10000002B", housing_status="homeless")
    for n in range(2):
        ed_visit(high, D - (n + 1) * DAY)
    low = roster_member(cin="10000001A", housing_status="housed")
    stay = roster_member(cin="10000003C", housing_status="housed")
    diagnose(stay, "I50.9")
    admission(stay, D - 9 * DAY, D - 2 * DAY, unplanned=None)
    return high, low, stay


def test_stratify_risk_prints_the_counts(members, capsys):
    call_command("stratify_risk", "--as-of", D.isoformat())
    out = capsys.readouterr().out
    assert "as of 2026-09-30 (rule set 2026.1): 3 members, 1 high, 1 medium, 1 low, 0 rising" in out
    assert MemberRisk.objects.filter(as_of=D).count() == 3


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        (None, "--as-of YYYY-MM-DD is required"),
        ("2026-02-30", "not a date in YYYY-MM-DD form"),
        ("30/09/2026", "not a date in YYYY-MM-DD form"),
        ("2999-01-01", "after today"),
    ],
)
def test_bad_as_of_is_refused_and_nothing_is_stored(members, argument, message):
    args = ["--as-of", argument] if argument else []
    with pytest.raises(CommandError, match=message) as error:
        call_command("stratify_risk", *args)
    assert error.value.returncode == 1
    assert not MemberRisk.objects.exists()


def test_export_risk_writes_the_contract_file_sorted_by_cin(members, tmp_path, capsys):
    out = tmp_path / "risk.csv"
    call_command("export_risk", "--as-of", D.isoformat(), "--out", str(out))
    assert "no stratification as of 2026-09-30 yet" in capsys.readouterr().out
    rows = list(csv.reader(out.open()))
    assert tuple(rows[0]) == HEADER
    assert [r[0] for r in rows[1:]] == ["10000001A", "10000002B", "10000003C"]
    low, high, stay = rows[1:]
    assert high[1:11] == ["2026-09-30", "2026.1", "high", "5", "", "0", "2", "0", "Y", "N"]
    assert low[3:11] == ["low", "0", "", "0", "0", "0", "N", "N"]
    assert stay[3:7] == ["medium", "7", "6", "1"]  # LACE: L 5 (7 days), A 0 (unknown), C 1, E 0
    assert stay[11] == (
        "medium: LACE 6 (stay 2026-09-21..2026-09-28, plannedness unknown: L 5, A 0, C 1, E 0); "
        "Charlson 1 (congestive heart failure)"
    )


def test_export_of_a_stratified_day_does_not_run_it_again(members, tmp_path, capsys):
    call_command("stratify_risk", "--as-of", D.isoformat())
    out = tmp_path / "risk.csv"
    call_command("export_risk", "--as-of", D.isoformat(), "--out", str(out))
    assert "stratifying" not in capsys.readouterr().out
    assert len(out.read_text().splitlines()) == 4


def test_export_to_a_missing_directory_fails_before_any_work(members, tmp_path):
    with pytest.raises(CommandError, match="no such directory") as error:
        call_command("export_risk", "--as-of", D.isoformat(), "--out", str(tmp_path / "no" / "x"))
    assert error.value.returncode == 1
    assert not MemberRisk.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_run_started_while_another_holds_the_engine_waits_and_says_so():
    import threading
    import time

    import psycopg
    from django.db import connection

    from risk import engine, services
    from risk.models import StratificationRun

    roster_member(housing_status="homeless")
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"],
        autocommit=True,
    ) as other:  # fmt: skip
        other.execute("SELECT pg_advisory_lock(%s)", [engine.ENGINE_LOCK])
        result = {}

        def stratify():
            result["run"] = services.stratify(as_of=D)
            connection.close()

        worker = threading.Thread(target=stratify)
        worker.start()
        for _ in range(100):
            if StratificationRun.objects.filter(stage=engine.WAITING).exists():
                break
            time.sleep(0.1)
        assert StratificationRun.objects.get().stage == engine.WAITING
        other.execute("SELECT pg_advisory_unlock(%s)", [engine.ENGINE_LOCK])
        worker.join(timeout=60)
    assert result["run"].status == "succeeded" and result["run"].members_stratified == 1
