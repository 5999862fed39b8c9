"""The care manager's caseload: only their members, search, filters, sort, pages, fixed queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Member
from tests.factories import MemberFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def give(care_manager, count, **fields) -> list[Member]:
    members = MemberFactory.build_batch(count, care_manager=care_manager, **fields)
    return Member.objects.bulk_create(members)


def names_on(response) -> list[str]:
    return [f"{m.last_name}, {m.first_name}" for m in response.context["page"].object_list]


def test_caseload_lists_only_my_members(client_for, care_manager, other_care_manager):
    MemberFactory(care_manager=care_manager, last_name="Mine", first_name="Ana")
    MemberFactory(care_manager=other_care_manager, last_name="Theirs", first_name="Bo")
    MemberFactory(last_name="Nobodys", first_name="Cy")

    response = client_for(care_manager).get(reverse("members:caseload"))

    assert response.status_code == 200
    assert names_on(response) == ["Mine, Ana"]
    assert b"Theirs" not in response.content


def test_search_by_name_or_cin_is_posted_and_returns_rows_only(client_for, care_manager):
    MemberFactory(
        care_manager=care_manager, last_name="Garcia", first_name="Maria", cin="91234567A"
    )
    MemberFactory(care_manager=care_manager, last_name="Nguyen", first_name="Tuan", cin="92345678B")
    client = client_for(care_manager)

    by_name = client.post(reverse("members:caseload"), {"q": "garc"}, **HTMX)
    by_cin = client.post(reverse("members:caseload"), {"q": "9234"}, **HTMX)

    assert names_on(by_name) == ["Garcia, Maria"]
    assert names_on(by_cin) == ["Nguyen, Tuan"]
    assert b"<html" not in by_name.content  # an htmx partial, not the whole page
    assert b'id="results"' in by_name.content


def test_filters_by_county_program_product_and_enrollment(client_for, care_manager):
    today = datetime.date.today()
    MemberFactory(
        care_manager=care_manager,
        last_name="Dual",
        county="Orange",
        plan_product="DSNP:H1234-001",
        mbi="1EG4TE5MK73",
    )
    MemberFactory(care_manager=care_manager, last_name="Medi", county="Orange")
    MemberFactory(
        care_manager=care_manager,
        last_name="Gone",
        county="Kern",
        enrollment_end=today - datetime.timedelta(days=1),
    )
    client = client_for(care_manager)

    def last_names(**data):
        response = client.post(reverse("members:caseload"), data, **HTMX)
        return [m.last_name for m in response.context["page"].object_list]

    assert last_names(county="Orange") == ["Dual", "Medi"]
    assert last_names(program="CICM") == ["Dual"]
    assert last_names(plan_product="MCP") == ["Gone", "Medi"]
    assert last_names(enrollment_status="disenrolled") == ["Gone"]
    assert last_names(enrollment_status="enrolled") == ["Dual", "Medi"]


def test_unknown_filter_value_is_reported_not_ignored(client_for, care_manager):
    response = client_for(care_manager).post(
        reverse("members:caseload"), {"county": "Atlantis"}, **HTMX
    )
    assert "county" in response.context["filter"].errors
    assert b"Select a valid choice" in response.content


def test_sorting_and_pages(client_for, care_manager):
    for i in range(30):
        MemberFactory(
            care_manager=care_manager,
            last_name=f"Name{i:02d}",
            date_of_birth=datetime.date(1940 + i, 1, 1),
        )
    client = client_for(care_manager)

    first = client.post(reverse("members:caseload"), {"sort": "-name"}, **HTMX)
    second = client.post(reverse("members:caseload"), {"sort": "-name", "page": 2}, **HTMX)
    by_dob = client.post(reverse("members:caseload"), {"sort": "dob"}, **HTMX)

    assert [m.last_name for m in first.context["page"].object_list][:2] == ["Name29", "Name28"]
    assert len(first.context["page"].object_list) == 25
    assert [m.last_name for m in second.context["page"].object_list] == [
        f"Name{i:02d}" for i in range(4, -1, -1)
    ]
    assert by_dob.context["page"].object_list[0].last_name == "Name00"
    assert b"page 2 of 2" in second.content


def test_non_care_manager_has_no_caseload_page(client_for, plan_admin):
    assert client_for(plan_admin).get(reverse("members:caseload")).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_caseload_uses_the_same_number_of_queries_for_6_60_and_600_members(
    client_for, care_manager, method
):
    client = client_for(care_manager)
    url = reverse("members:caseload")
    counts = []
    for size in (6, 60, 600):
        give(care_manager, size - Member.objects.filter(care_manager=care_manager).count())
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(url, {"sort": "county"} if method == "post" else {})
        assert response.status_code == 200
        assert response.context["page"].paginator.count == size
        counts.append(len(queries))
    # A caseload's page counts the caseload in the same statement (count(*) OVER ()).
    assert counts[0] == counts[1] == counts[2], counts


@pytest.mark.parametrize("page", ["3", "99", "0", "junk"])
def test_a_caseload_page_past_the_end_or_junk_shows_a_page_that_exists(
    client_for, care_manager, page
):
    """Past the last page (or before the first) the last one, and junk the first, as the
    Paginator does for every list."""
    give(care_manager, 30)
    response = client_for(care_manager).post(reverse("members:caseload"), {"page": page}, **HTMX)
    shown = response.context["page"]
    assert response.status_code == 200
    assert (shown.number, shown.paginator.count) == (1 if page == "junk" else 2, 30)
    assert len(shown.object_list) == (25 if shown.number == 1 else 5)
