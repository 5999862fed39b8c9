"""The member list and its API filter by population of focus and eligibility status (issue 13,
bug 2: 59 eligible, unassigned members existed and the member list could not find them)."""

import datetime

import pytest
from django.urls import reverse

from eligibility.services import evaluate_eligibility
from tests.factories import DeterminationFactory, EvaluationRunFactory, MemberFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [m.last_name for m in response.context["page"].object_list]


@pytest.fixture
def members():
    """Homeless and Dementia eligible (Dementia new), Housed not eligible, Later not evaluated,
    in the current run; an older run said Housed was homeless."""
    older = EvaluationRunFactory(as_of=datetime.date(2026, 9, 29))
    current = EvaluationRunFactory(as_of=datetime.date(2026, 9, 30))
    homeless = MemberFactory(last_name="Homeless")
    dementia = MemberFactory(last_name="Dementia")
    housed = MemberFactory(last_name="Housed")
    MemberFactory(last_name="Later")
    DeterminationFactory(run=older, member=housed, population="homeless")
    DeterminationFactory(run=current, member=homeless, population="homeless")
    DeterminationFactory(run=current, member=dementia, population="dementia", is_new=True)
    DeterminationFactory(run=current, member=housed, population="", evidence="nearest miss: x")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"population": "homeless"}, ["Homeless"]),
        ({"population": "dementia"}, ["Dementia"]),
        ({"eligibility": "eligible"}, ["Dementia", "Homeless"]),
        ({"eligibility": "new"}, ["Dementia"]),
        ({"eligibility": "not_eligible"}, ["Housed"]),
        ({"eligibility": "not_evaluated"}, ["Later"]),
        ({"eligibility": "eligible", "unassigned": "true"}, ["Dementia", "Homeless"]),
    ],
)
def test_the_member_list_filters_by_population_and_eligibility(
    client_for, plan_admin, members, data, expected
):
    response = client_for(plan_admin).post(reverse("members:list"), data, **HTMX)

    assert names(response) == expected


def test_the_filters_are_on_the_page(client_for, plan_admin, members):
    page = client_for(plan_admin).get(reverse("members:list")).content.decode()

    assert '<label for="id_population">Population of focus</label>' in page
    assert '<option value="dementia">' in page
    assert '<label for="id_eligibility">Eligibility</label>' in page
    assert '<option value="not_evaluated">Not evaluated</option>' in page


def test_a_bad_value_is_a_field_error(client_for, plan_admin, members):
    response = client_for(plan_admin).post(
        reverse("members:list"), {"population": "astronauts"}, **HTMX
    )

    assert "population" in response.context["filter"].errors


def test_the_api_list_and_search_take_the_same_filters(client_for, plan_admin, members):
    client = client_for(plan_admin)

    listed = client.get(reverse("api:member-list"), {"eligibility": "eligible"}).json()
    searched = client.post(
        reverse("api:member-search"), {"population": "dementia"}, content_type="application/json"
    ).json()
    refused = client.get(reverse("api:member-list"), {"population": "astronauts"})

    assert sorted(m["last_name"] for m in listed["results"]) == ["Dementia", "Homeless"]
    assert [m["last_name"] for m in searched["results"]] == ["Dementia"]
    assert refused.status_code == 400
    assert "population" in refused.json()


def test_after_two_evaluations_of_the_same_day_every_eligible_member_is_found(
    client_for, supervisor
):
    MemberFactory(last_name="First", housing_status="homeless")
    MemberFactory(last_name="Second", housing_status="homeless")
    evaluate_eligibility(as_of=datetime.date(2026, 9, 30))
    evaluate_eligibility(as_of=datetime.date(2026, 9, 30))

    response = client_for(supervisor).post(
        reverse("members:list"), {"eligibility": "eligible", "unassigned": "true"}, **HTMX
    )

    assert names(response) == ["First", "Second"]
