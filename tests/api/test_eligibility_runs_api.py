"""The eligibility API: queue an evaluation (202) and poll it, list runs, and the worklist of
newly eligible unassigned members with the page's filters; assignment reuses /api/members/assign/."""

import datetime

import pytest
from django.urls import reverse

from eligibility.models import EvaluationRun
from eligibility.tasks import run_evaluation_task
from members.models import CareManagerAssignment, Member
from tests.factories import DeterminationFactory, EvaluationRunFactory, MemberFactory

RUNS = "/api/eligibility/runs/"
WORKLIST = "/api/eligibility/worklist/"


def test_urls_are_the_documented_ones():
    assert reverse("api:eligibility-runs") == RUNS
    assert reverse("api:eligibility-worklist") == WORKLIST
    assert reverse("api:eligibility-run", args=[7]) == "/api/eligibility/runs/7/"


# Runs


def test_post_queues_an_evaluation_and_answers_202_with_the_run(
    client_for, plan_admin, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(run_evaluation_task, "delay", queued.append)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(plan_admin).post(
            RUNS, {"as_of": "2026-09-30"}, content_type="application/json"
        )

    run = EvaluationRun.objects.get()
    assert response.status_code == 202
    body = response.json()
    assert body["id"] == run.pk
    assert (body["as_of"], body["status"], body["rule_version"]) == (
        "2026-09-30",
        "running",
        "2026.1",
    )
    assert (body["requested_by"], body["determinations_url"]) == (plan_admin.username, None)
    assert queued == [run.pk]  # the task gets the id, once the run row is committed


@pytest.mark.parametrize("body", [{}, {"as_of": "2026-02-30"}, {"as_of": "30/09/2026"}])
def test_post_with_a_bad_date_is_400_and_queues_nothing(client_for, plan_admin, body):
    response = client_for(plan_admin).post(RUNS, body, content_type="application/json")

    assert response.status_code == 400
    assert "as_of" in response.json()
    assert not EvaluationRun.objects.exists()


def test_get_run_reports_progress_then_counts_and_the_csv(client_for, plan_admin):
    running = EvaluationRunFactory(status="running", stage="Counting", progress_percent=50)
    done = EvaluationRunFactory(members_evaluated=10, eligible_members=4, newly_eligible_members=3)
    client = client_for(plan_admin)

    polled = client.get(reverse("api:eligibility-run", args=[running.pk])).json()
    finished = client.get(reverse("api:eligibility-run", args=[done.pk])).json()

    assert (polled["stage"], polled["progress_percent"], polled["is_finished"]) == (
        "Counting",
        50,
        False,
    )
    assert (finished["members_evaluated"], finished["eligible_members"]) == (10, 4)
    assert finished["newly_eligible_members"] == 3
    assert finished["determinations_url"] == f"/api/eligibility/runs/{done.pk}/determinations.csv"


def test_get_lists_runs_newest_first(client_for, plan_admin):
    older = EvaluationRunFactory(as_of=datetime.date(2026, 9, 29))
    newer = EvaluationRunFactory(as_of=datetime.date(2026, 9, 30))

    response = client_for(plan_admin).get(RUNS)

    assert [r["id"] for r in response.json()["results"]] == [newer.pk, older.pk]


@pytest.mark.parametrize("role", ["supervisor", "care_manager", "cbo_user"])
def test_runs_api_is_404_for_everyone_but_plan_admins(db, request, client_for, role):
    run = EvaluationRunFactory()
    client = client_for(request.getfixturevalue(role))

    assert client.get(RUNS).status_code == 404
    assert (
        client.post(RUNS, {"as_of": "2026-09-30"}, content_type="application/json").status_code
        == 404
    )
    assert client.get(reverse("api:eligibility-run", args=[run.pk])).status_code == 404
    assert EvaluationRun.objects.count() == 1


def test_anonymous_callers_are_refused(client, db):
    assert client.get(RUNS).status_code == 403
    assert client.get(WORKLIST).status_code == 403


# Worklist


@pytest.fixture
def run(db):
    return EvaluationRunFactory(as_of=datetime.date(2026, 9, 30))


def newly_eligible(run, *, population="homeless", **fields) -> Member:
    member = MemberFactory(**fields)
    DeterminationFactory(
        run=run, member=member, program=member.program, population=population, is_new=True
    )
    return member


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["last_name"] for row in response.json()["results"]]


def test_worklist_rows_carry_populations_with_titles_and_evidence(client_for, supervisor, run):
    newly_eligible(run, last_name="Garcia", cin="91234567A", county="Kern")

    row = client_for(supervisor).get(WORKLIST).json()["results"][0]

    assert row["cin"] == "91234567A"
    assert (row["program"], row["county"], row["plan_product"], row["as_of"]) == (
        "ECM",
        "Kern",
        "MCP",
        "2026-09-30",
    )
    assert row["new_populations"] == [
        {
            "program": "ECM",
            "population": "homeless",
            "title": "Experiencing homelessness",
            "evidence": "housing status homeless on the roster",
        }
    ]


def test_worklist_filters_sorts_and_pages(client_for, plan_admin, care_manager, run):
    newly_eligible(run, last_name="Baker", county="Kern")
    newly_eligible(run, last_name="Adams", population="dementia", plan_product="DSNP:H1-001")
    newly_eligible(run, last_name="Taken", care_manager=care_manager)
    client = client_for(plan_admin)

    assert names(client.get(WORKLIST)) == ["Adams", "Baker"]
    assert names(client.get(WORKLIST, {"sort": "-name"})) == ["Baker", "Adams"]
    assert names(client.get(WORKLIST, {"population": "dementia"})) == ["Adams"]
    assert names(client.get(WORKLIST, {"county": "Kern"})) == ["Baker"]
    assert names(client.get(WORKLIST, {"plan_product": "DSNP:H1-001"})) == ["Adams"]
    page = client.get(WORKLIST, {"page": 1}).json()
    assert (page["count"], page["next"]) == (2, None)


def test_worklist_with_a_bad_filter_is_400(client_for, supervisor, run):
    response = client_for(supervisor).get(WORKLIST, {"population": "nope"})
    assert response.status_code == 400
    assert "population" in response.json()


def test_worklist_is_empty_before_any_evaluation(client_for, supervisor):
    response = client_for(supervisor).get(WORKLIST)
    assert response.json()["count"] == 0


@pytest.mark.parametrize("role", ["care_manager", "cbo_user"])
def test_worklist_api_is_404_for_care_managers_and_cbo_staff(request, client_for, run, role):
    newly_eligible(run)
    assert client_for(request.getfixturevalue(role)).get(WORKLIST).status_code == 404


def test_assigning_through_the_members_api_takes_them_off_the_worklist(
    client_for, supervisor, care_manager, run
):
    first = newly_eligible(run, last_name="First")
    newly_eligible(run, last_name="Second")
    client = client_for(supervisor)

    response = client.post(
        reverse("api:member-assign"),
        {"member_ids": [first.pk], "care_manager_id": care_manager.pk},
        content_type="application/json",
    )

    assert response.json() == {"assigned": 1}
    assert names(client.get(WORKLIST)) == ["Second"]
    assert CareManagerAssignment.objects.get().member == first
