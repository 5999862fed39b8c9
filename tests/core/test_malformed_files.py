"""Malformed but readable files (issue 14, finding 9), for the roster and a clinical feed alike:
extra columns are ignored however many and however named, trailing blank lines are not records,
and problems name the physical line a record starts on when a quoted value spans lines."""

import csv
import io
import random
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from core.csv_import import ImportRejected, copy_into_staging
from eligibility.imports import import_utilization
from members.imports import import_roster
from tests.eligibility import test_clinical_imports as clinical
from tests.factories import MemberFactory
from tests.members import test_roster_import as roster


@dataclass
class Feed:
    importer: object
    header: list[str]
    good: dict
    bad: dict  # one change that breaks a row
    bad_problem: str  # "column: reason" of that change
    text_column: str  # a free-text column, to hold a quoted newline
    key: str  # the column a repeated key is reported on
    repeat_reason: str

    def row(self, n: int, **changes) -> dict:
        """A good row with its own key (n = 0, 1, 2)."""
        keyed = {"cin": f"9200000{n}A"} if self.key == "cin" else {"source_id": f"U{n}"}
        return {**self.good, **keyed, **changes}


FEEDS = {
    "roster": Feed(
        import_roster, roster.HEADER, roster.GOOD, {"sex": "Q"}, "sex: must be F, M, X or U",
        "address_line", "cin", "the same CIN is on line",
    ),
    "utilization": Feed(
        import_utilization, clinical.UT_HEADER, clinical.UT, {"unplanned": "maybe"},
        "unplanned: must be Y, N or empty", "source_id", "source_id",
        "the same cin and source_id are on line",
    ),
}  # fmt: skip


@pytest.fixture(params=FEEDS)
def feed(request, db):
    MemberFactory(cin=clinical.CIN)
    return FEEDS[request.param]


def write(tmp_path: Path, header, rows, *, tail: str = "") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "file.csv"
    path.write_text(buffer.getvalue() + tail, encoding="utf-8")
    return path


def run(feed: Feed, path: Path):
    return feed.importer(path, max_bytes=10**8)


def problems(feed: Feed, path: Path) -> list[str]:
    with pytest.raises(ImportRejected) as rejected:
        run(feed, path)
    return [str(p) for p in rejected.value.problems]


def test_a_header_of_1600_extra_columns_is_ignored(feed, tmp_path):
    extra = [f"extra_{i}" for i in range(1_650)]
    rows = [{**feed.row(0), **dict.fromkeys(extra, "x")}, {**feed.row(1), "extra_7": "y"}]

    result = run(feed, write(tmp_path, [*extra[:800], *feed.header, *extra[800:]], rows))

    assert (result.rows, result.created) == (2, 2)


def test_extra_column_names_equal_in_their_first_63_characters_are_ignored(feed, tmp_path):
    extra = ["x" * 63 + "_first", "x" * 63 + "_second"]
    rows = [{**feed.row(0), extra[0]: "a", extra[1]: "b"}]

    assert run(feed, write(tmp_path, [*feed.header, *extra], rows)).created == 1


def test_a_known_column_named_twice_still_rejects_the_file(feed, tmp_path):
    path = write(tmp_path, [*feed.header, feed.key], [feed.row(0)])

    assert f"line 1: header: column {feed.key} appears more than once" in problems(feed, path)


@pytest.mark.parametrize("extra", [[], ["note"]])
@pytest.mark.parametrize("tail", ["\n\n\n", "\r\n\r\n\r\n", "\n  \n\t\n"])
def test_trailing_blank_lines_do_not_reject_a_file(feed, tmp_path, tail, extra):
    path = write(tmp_path, [*feed.header, *extra], [feed.row(0), feed.row(1)], tail=tail)

    assert run(feed, path).created == 2


def test_a_file_of_a_header_and_blank_lines_has_no_rows(feed, tmp_path):
    reasons = problems(feed, write(tmp_path, feed.header, [], tail="\n\n\n"))

    assert len(reasons) == 1 and reasons[0].startswith("line 2: file: the file has a header but no")


def test_after_a_quoted_newline_problems_count_physical_lines(feed, tmp_path):
    rows = [
        feed.row(0, **{feed.text_column: "first part\nsecond part"}),  # lines 2-3
        feed.row(1, **feed.bad),  # line 4
        feed.row(1),  # line 5: repeats line 4's key
    ]

    assert problems(feed, write(tmp_path, feed.header, rows)) == [
        f"line 4: {feed.bad_problem}",
        f"line 5: {feed.key}: {feed.repeat_reason} 4",
    ]


def test_with_extra_columns_broken_records_count_physical_lines_too(feed, tmp_path):
    header = [*feed.header, "note"]
    path = write(tmp_path, header, [feed.row(0, note="two\nlines"), feed.row(1)])
    path.write_text(path.read_text() + "too,few\n", encoding="utf-8")

    assert problems(feed, path) == [f"line 5: row: has 2 values; the header has {len(header)}"]


def test_a_blank_line_between_records_is_named(feed, tmp_path):
    path = write(tmp_path, feed.header, [feed.row(0)], tail="\n" + ",".join(feed.header) + "\n")
    text = path.read_text().replace(",".join(feed.header) + "\n", "", 1)
    lines = text.split("\n")
    path.write_text("\n".join([",".join(feed.header), lines[0], "", *lines[1:]]), encoding="utf-8")

    assert "line 3: row: is blank; remove blank lines between records" in problems(feed, path)


def test_staged_rows_are_numbered_in_the_files_order_not_the_heaps(db, tmp_path):
    """COPY may put a later row into an earlier page's free space (20,000 narrow rows of random
    lengths: most land out of place), so records are numbered by `stg_rec`, filled in the order
    COPY reads them, never by ctid. Found on the 100,000-request bench, where cs_checks.csv came
    out of the file's order (bench/community_supports.py: "same output: False", now True)."""
    lengths = random.Random(1).choices([5, 40, 60, 80, 120, 300], k=20_000)
    path = tmp_path / "rows.csv"
    path.write_text("n,pad\n" + "".join(f"{n},{'x' * k}\n" for n, k in enumerate(lengths, 1)))

    copy_into_staging(table="order_check", path=path, header=["n", "pad"], columns=["n", "pad"])

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE n::int <> by_rec)"
            " FROM (SELECT n, row_number() OVER (ORDER BY stg_rec) AS by_rec FROM order_check) x"
        )
        (out_of_place_by_rec,) = cursor.fetchone()
    assert out_of_place_by_rec == 0
    # Ordered by ctid the rows are in order inside a test's transaction (COPY skips the free-space map);
    # outside one, `\\copy` of this very file put 19,041 of the 20,000 rows out of place.
