"""core.compiled_rows: a read compiled once pages exactly like the queryset it came from, and the
count and the expected page cost one statement (the task list's union, issue 14)."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.compiled_rows import CompiledRows
from members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
COLUMNS = ("id", "last_name", "county")


@pytest.fixture
def members():
    counties = ["Alameda", "Fresno", "Kern"]
    return [MemberFactory(last_name=f"Name{n:02d}", county=counties[n % 3]) for n in range(23)]


def _rows(queryset):
    return CompiledRows.of(queryset.values(*COLUMNS), COLUMNS)


def test_pages_filters_and_sorts_like_the_queryset(members):
    compiled = (
        _rows(Member.objects.all()).filter('"county" <> %s', "Kern").sorted_by("-last_name", "id")
    )
    expected = list(
        Member.objects.exclude(county="Kern").order_by("-last_name", "id").values(*COLUMNS)
    )
    paginator = Paginator(compiled, 5)
    assert paginator.count == len(expected) == 16
    assert [paginator.page(n).object_list for n in (1, 2, 3, 4)] == [
        expected[0:5],
        expected[5:10],
        expected[10:15],
        expected[15:16],
    ]
    assert list(compiled) == expected


def test_the_count_and_the_expected_page_are_one_statement(members):
    compiled = _rows(Member.objects.all()).sorted_by("last_name").expecting(0, 10)
    with CaptureQueriesContext(connection) as queries:
        page = Paginator(compiled, 10).get_page(1)
        names = [row["last_name"] for row in page.object_list]
    assert len(queries) == 1
    assert page.paginator.count == 23
    assert names == [f"Name{n:02d}" for n in range(10)]


def test_a_short_last_page_is_served_from_the_expected_slice(members):
    compiled = _rows(Member.objects.all()).sorted_by("last_name").expecting(20, 10)
    with CaptureQueriesContext(connection) as queries:
        page = Paginator(compiled, 10).get_page(3)
        names = [row["last_name"] for row in page.object_list]
    assert names == ["Name20", "Name21", "Name22"]
    assert len(queries) == 1


def test_a_page_past_the_end_shows_the_last_page(members):
    compiled = _rows(Member.objects.all()).sorted_by("last_name").expecting(90, 10)
    page = Paginator(compiled, 10).get_page(10)
    assert page.number == 3
    assert [row["last_name"] for row in page.object_list] == ["Name20", "Name21", "Name22"]


def test_values_travel_as_parameters():
    MemberFactory(last_name="O'Brien")
    compiled = _rows(Member.objects.all()).filter('"last_name" = %s', "O'Brien")
    assert [row["last_name"] for row in compiled] == ["O'Brien"]
    assert _rows(Member.objects.all()).filter('"last_name" = %s', "x' OR '1'='1").count() == 0
