"""Every CSV the portal writes neutralises cells a spreadsheet would run as formulas."""

import pytest
from django.db import connection

from core.spreadsheet import FORMULA_STARTS, formula_safe, formula_safe_sql
from eligibility import export
from tests.factories import DeterminationFactory, EvaluationRunFactory, MemberFactory


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_python_and_sql_spellings_prefix_an_apostrophe_alike(db, start):
    value = f'{start}HYPERLINK("http://evil.example")'
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {formula_safe_sql('v')} FROM (SELECT %s::text AS v) s", [value])
        [(from_sql,)] = cursor.fetchall()

    assert formula_safe(value) == from_sql == "'" + value


@pytest.mark.parametrize("value", ["Peña", "5 ED visits", "", None, "a=b", "'quoted"])
def test_ordinary_values_are_left_alone(db, value):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {formula_safe_sql('v')} FROM (SELECT %s::text AS v) s", [value])
        [(from_sql,)] = cursor.fetchall()

    assert formula_safe(value) == from_sql == value


def test_determinations_csv_neutralises_formula_cells_and_keeps_the_rest(db, tmp_path):
    run = EvaluationRunFactory()
    DeterminationFactory(
        run=run, member=MemberFactory(cin="22222222B"), evidence='=HYPERLINK("http://x")'
    )
    DeterminationFactory(run=run, member=MemberFactory(cin="22222223C"), evidence="-1 visits")
    path = tmp_path / "d.csv"

    with path.open("wb") as out:
        export.write_determinations(run=run, out=out)

    lines = path.read_text().splitlines()
    assert lines[1] == (
        '22222222B,ECM,homeless,eligible,2026-09-30,2026.1,"\'=HYPERLINK(""http://x"")"'
    )
    assert lines[2] == "22222223C,ECM,homeless,eligible,2026-09-30,2026.1,'-1 visits"
