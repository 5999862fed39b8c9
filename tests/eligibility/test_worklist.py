"""The supervisors' worklist: eligible members without a care manager after the current
evaluation, what is new marked; filters, sorting, pages, htmx partials, bulk assignment with
history, and a fixed number of queries whatever its length."""

import datetime

import pytest
from django.urls import reverse

from eligibility import services
from eligibility.models import Determination
from members.models import CareManagerAssignment, Member
from tests.factories import (
    DeterminationFactory,
    EvaluationRunFactory,
    MemberFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
URL = "/eligibility/worklist/"


def names_on(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [m.last_name for m in response.context["page"].object_list]


def newly_eligible(run, *, population="homeless", evidence="housing status homeless", **fields):
    member = MemberFactory(**fields)
    DeterminationFactory(
        run=run, member=member, program=member.program, population=population,
        evidence=evidence, is_new=True,
    )  # fmt: skip
    return member


@pytest.fixture
def run(db):
    return EvaluationRunFactory(as_of=datetime.date(2026, 9, 30))


def test_worklist_url_is_the_documented_one():
    assert reverse("eligibility:worklist") == URL


def test_empty_state_when_no_evaluation_has_run(client_for, supervisor):
    EvaluationRunFactory(status="running", stage="Gathering facts")  # not finished: not current

    response = client_for(supervisor).get(URL)

    assert response.status_code == 200
    assert response.context["run"] is None
    assert b"No eligibility evaluation has finished yet" in response.content


def test_lists_every_eligible_unassigned_member_of_the_current_run(
    client_for, supervisor, care_manager, run
):
    newly_eligible(run, last_name="Listed")
    newly_eligible(run, last_name="Assigned", care_manager=care_manager)
    DeterminationFactory(run=run, member=MemberFactory(last_name="AlreadyKnown"), is_new=False)
    DeterminationFactory(run=run, member=MemberFactory(last_name="NotEligible"), population="")
    older = EvaluationRunFactory(as_of=datetime.date(2026, 9, 29))
    newly_eligible(older, last_name="OlderRun")
    client = client_for(supervisor)

    everyone = client.get(URL)
    new_only = client.post(URL, {"new_only": "true"})

    assert names_on(everyone) == ["AlreadyKnown", "Listed"]
    assert names_on(new_only) == ["Listed"]
    assert everyone.content.decode().count('</strong> <span class="chip new">new</span>') == 1


def test_row_shows_cin_program_county_product_titles_evidence_and_as_of(
    client_for, plan_admin, run
):
    member = newly_eligible(
        run, last_name="Garcia", first_name="Maria", cin="91234567A", county="Kern",
        plan_product="DSNP:H1234-001", evidence="housing status homeless on the roster",
    )  # fmt: skip
    DeterminationFactory(
        run=run, member=member, program="CICM", population="ltc_risk", is_new=True,
        evidence="meets nursing-facility level of care; lives in the community",
    )  # fmt: skip

    html = client_for(plan_admin).get(URL).content.decode()

    for text in (
        "Garcia, Maria", "91234567A", "CICM", "Kern", "DSNP:H1234-001",
        "Experiencing homelessness", "housing status homeless on the roster",
        "At risk for long-term institutionalization", "lives in the community", "2026-09-30",
    ):  # fmt: skip
        assert text in html, text


def test_filters_by_population_county_and_plan_product(client_for, supervisor, run):
    newly_eligible(run, last_name="Homeless", county="Kern")
    newly_eligible(run, last_name="Dementia", population="dementia", plan_product="DSNP:H1-001")
    newly_eligible(run, last_name="Fresno", county="Fresno")
    client = client_for(supervisor)

    assert names_on(client.get(URL, {"population": "dementia"})) == ["Dementia"]
    assert names_on(client.post(URL, {"population": "homeless", "county": "Kern"})) == ["Homeless"]
    assert names_on(client.get(URL, {"plan_product": "DSNP:H1-001"})) == ["Dementia"]
    response = client.get(URL, {"population": "not-a-population"})
    assert "population" in response.context["filter"].errors


def test_sorts_by_name_cin_county_and_product(client_for, supervisor, run):
    newly_eligible(run, last_name="Baker", cin="30000000A", county="Alameda")
    newly_eligible(run, last_name="Adams", cin="20000000A", county="Yolo")
    newly_eligible(run, last_name="Clark", cin="10000000A", county="Kern")
    client = client_for(supervisor)

    assert names_on(client.get(URL)) == ["Adams", "Baker", "Clark"]
    assert names_on(client.post(URL, {"sort": "-name"})) == ["Clark", "Baker", "Adams"]
    assert names_on(client.post(URL, {"sort": "cin"})) == ["Clark", "Adams", "Baker"]
    assert names_on(client.post(URL, {"sort": "county"})) == ["Baker", "Clark", "Adams"]


def test_pages_of_25_and_htmx_gets_only_the_rows(client_for, supervisor, run):
    for i in range(30):
        newly_eligible(run, last_name=f"Member{i:02d}")
    client = client_for(supervisor)

    response = client.post(URL, {"page": 2}, **HTMX)

    assert response.templates[0].name == "eligibility/_worklist_rows.html"
    assert names_on(response) == [f"Member{i:02d}" for i in range(25, 30)]
    assert b"<html" not in response.content


def test_assigning_selected_members_keeps_history_and_they_leave_the_list(
    client_for, supervisor, care_manager, run
):
    first = newly_eligible(run, last_name="Aaron")
    second = newly_eligible(run, last_name="Baker")
    newly_eligible(run, last_name="Stays")
    client = client_for(supervisor)

    response = client.post(
        reverse("eligibility:worklist_assign"),
        {"member_ids": [first.pk, second.pk], "assign_to": care_manager.pk, "population": ""},
        **HTMX,
    )

    assert names_on(response) == ["Stays"]
    assert "2 member(s) assigned to" in response.content.decode()
    assert set(Member.objects.filter(care_manager=care_manager)) == {first, second}
    history = CareManagerAssignment.objects.filter(member__in=[first, second])
    assert {(h.care_manager_id, h.previous_care_manager_id, h.assigned_by_id) for h in history} == {
        (care_manager.pk, None, supervisor.pk)
    }
    assert history.count() == 2


def test_assign_keeps_the_filters_in_force(client_for, supervisor, care_manager, run):
    kern = newly_eligible(run, last_name="Kern1", county="Kern")
    newly_eligible(run, last_name="Kern2", county="Kern")
    newly_eligible(run, last_name="Elsewhere", county="Fresno")

    response = client_for(supervisor).post(
        reverse("eligibility:worklist_assign"),
        {"member_ids": [kern.pk], "assign_to": care_manager.pk, "county": "Kern"},
        **HTMX,
    )

    assert names_on(response) == ["Kern2"]


def test_assign_without_selection_or_to_someone_off_the_team_is_refused(
    client_for, supervisor, other_care_manager, care_manager, run
):
    member = newly_eligible(run, last_name="Waiting")
    client = client_for(supervisor)
    url = reverse("eligibility:worklist_assign")

    nobody = client.post(url, {"assign_to": care_manager.pk})
    off_team = client.post(url, {"member_ids": [member.pk], "assign_to": other_care_manager.pk})
    unassign = client.post(url, {"member_ids": [member.pk], "assign_to": "unassign"})

    assert nobody.status_code == off_team.status_code == unassign.status_code == 422
    assert "Select at least one member." in nobody.content.decode()
    assert "That care manager is not on your team." in off_team.content.decode()
    assert "Choose a care manager" in unassign.content.decode()
    assert names_on(client.get(URL)) == ["Waiting"]
    assert not CareManagerAssignment.objects.exists()


@pytest.mark.parametrize("role", ["care_manager", "cbo_user"])
def test_care_managers_and_cbo_staff_get_404(request, client_for, run, role):
    user = request.getfixturevalue(role)
    member = newly_eligible(run)
    client = client_for(user)

    assert client.get(URL).status_code == 404
    response = client.post(
        reverse("eligibility:worklist_assign"), {"member_ids": [member.pk], "assign_to": user.pk}
    )
    assert response.status_code == 404
    assert Member.objects.get(pk=member.pk).care_manager is None


def test_worklist_after_real_evaluations_keeps_everyone_until_assigned(client_for, supervisor):
    MemberFactory(last_name="Homeless", housing_status="homeless")
    MemberFactory(last_name="Housed", housing_status="housed")
    client = client_for(supervisor)

    services.evaluate_eligibility(as_of=datetime.date(2026, 9, 29))
    assert names_on(client.get(URL)) == ["Homeless"]

    Member.objects.filter(last_name="Housed").update(ccs_enrolled=True, date_of_birth="2015-01-01")
    services.evaluate_eligibility(as_of=datetime.date(2026, 9, 30))
    response = client.get(URL)
    assert names_on(response) == ["Homeless", "Housed"]  # Homeless was new yesterday: still here
    assert names_on(client.post(URL, {"new_only": "true"})) == ["Housed"]
    housed = response.context["page"].object_list[1]
    assert [(d.population_title, d.is_new) for d in housed.populations] == [
        ("Enrolled in California Children's Services", True)
    ]


def test_a_second_evaluation_of_the_same_day_loses_nobody(client_for, supervisor):
    """Issue 13, bug 2: two unassigned members vanished from the worklist when a second
    evaluation ran for the same day (nothing was new any more)."""
    MemberFactory(last_name="First", housing_status="homeless")
    MemberFactory(last_name="Second", housing_status="homeless")
    client = client_for(supervisor)
    services.evaluate_eligibility(as_of=datetime.date(2026, 9, 30))
    assert names_on(client.get(URL)) == ["First", "Second"]

    services.evaluate_eligibility(as_of=datetime.date(2026, 9, 30))

    assert names_on(client.get(URL)) == ["First", "Second"]


def give_new_members(run, count: int) -> None:
    members = Member.objects.bulk_create(MemberFactory.build_batch(count))
    Determination.objects.bulk_create(
        DeterminationFactory.build(run=run, member=m, program="ECM", is_new=True) for m in members
    )


# session, the user with their roles and organisation (one query), current run, COUNT, page, its
# new determinations (one prefetch), plan products, care managers, the access-log row naming the
# page's members, and the session save (savepoint, update, release)
WORKLIST_QUERIES = 9


@pytest.mark.parametrize("method", ["get", "post"])
def test_query_count_is_the_same_for_6_60_and_600_members(
    client_for, supervisor, care_manager, run, method, django_assert_num_queries
):
    client = client_for(supervisor)
    client.get(URL)
    for size in (6, 60, 600):
        give_new_members(run, size - Member.objects.count())
        with django_assert_num_queries(WORKLIST_QUERIES):
            response = getattr(client, method)(URL, {"sort": "county"} if method == "post" else {})
        assert response.context["page"].paginator.count == size
    with django_assert_num_queries(WORKLIST_QUERIES):
        getattr(client, method)(URL, {"population": "homeless", "county": "Los Angeles"})
