"""The care plan API: the same services as the page, 409 on a stale revision."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AccessLog
from careplans.plans import selectors as plan_selectors
from tests.careplans.plan_factories import (
    AssessmentNeedFactory,
    CompletedAssessmentFactory,
    enrolled_member,
)
from tests.factories import MemberFactory, cbo_staff, share_with_cbo

TODAY = datetime.date.today()


@pytest.fixture
def member(care_manager, cbo_user):
    return share_with_cbo(enrolled_member(care_manager=care_manager), cbo_user.organization)


def api(name, member, **kwargs):
    return reverse(f"api:{name}", kwargs={"member_id": member.pk, **kwargs})


def test_get_answers_the_active_plan_with_its_parts_and_logs_the_view(
    client_for, care_manager, member, plan_ids
):
    response = client_for(care_manager).get(api("member-care-plan", member))

    body = response.json()
    assert response.status_code == 200
    assert body["revision"] == 4
    assert [p["description"] for p in body["problems"]] == ["Food insecurity"]
    assert body["goals"][0]["id"] == plan_ids["goal_id"]
    assert body["tasks"][0]["owner"] == "plan_cm"
    assert body["team"][0]["name"] == "Dr. Rivera"
    assert AccessLog.objects.filter(member=member, viewed="care_plan").count() == 1


def test_create_starts_with_the_flagged_needs_by_default(client_for, care_manager, member):
    AssessmentNeedFactory(assessment=CompletedAssessmentFactory(member=member))

    response = client_for(care_manager).post(
        api("member-care-plan", member), {}, content_type="application/json"
    )

    assert response.status_code == 201
    assert [(p["need"], p["icd10_codes"]) for p in response.json()["problems"]] == [
        ("Food insecurity", "Z59.41")
    ]


def test_create_refuses_a_member_who_is_not_enrolled(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager)

    response = client_for(care_manager).post(
        api("member-care-plan", member), {"problems": []}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "enrolled member" in str(response.json())


def test_adding_a_goal_needs_a_target_date(client_for, care_manager, member, plan_ids):
    response = client_for(care_manager).post(
        api("care-plan-goals", member),
        {"revision": 4, "measurable_goal": "Walk daily"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["target_date"] == ["A goal needs a target date."]


def test_a_goal_is_added_and_then_patched(client_for, care_manager, member, plan_ids):
    client = client_for(care_manager)
    added = client.post(
        api("care-plan-goals", member),
        {
            "revision": 4,
            "problem": plan_ids["problem_id"],
            "measurable_goal": "Walk daily",
            "target_date": (TODAY + datetime.timedelta(days=30)).isoformat(),
        },
        content_type="application/json",
    )
    goal_id = max(g["id"] for g in added.json()["goals"])

    patched = client.patch(
        api("care-plan-goal", member, goal_id=goal_id),
        {"revision": added.json()["revision"], "status": "met"},
        content_type="application/json",
    )

    assert added.status_code == 201
    assert patched.status_code == 200
    goal = next(g for g in patched.json()["goals"] if g["id"] == goal_id)
    assert (goal["status"], goal["measurable_goal"]) == ("met", "Walk daily")


def test_a_stale_revision_is_a_409_naming_who_changed_the_plan(
    client_for, care_manager, member, plan_ids
):
    response = client_for(care_manager).patch(
        api("care-plan-task", member, task_id=plan_ids["task_id"]),
        {"revision": 3, "status": "done"},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert response.json()["revision"] == 4
    assert "This care plan was changed by" in response.json()["detail"]


def test_a_task_due_in_the_past_is_refused_and_done_records_completion(
    client_for, care_manager, member, plan_ids
):
    client = client_for(care_manager)
    past = client.post(
        api("care-plan-tasks", member),
        {
            "revision": 4,
            "description": "Call",
            "owner": "member",
            "owner_name": "Member",
            "due_on": (TODAY - datetime.timedelta(days=2)).isoformat(),
        },
        content_type="application/json",
    )
    done = client.patch(
        api("care-plan-task", member, task_id=plan_ids["task_id"]),
        {"revision": 4, "status": "done"},
        content_type="application/json",
    )

    assert past.status_code == 400
    assert "due_on" in past.json()
    task = done.json()["tasks"][0]
    assert (task["status"], task["completed_on"]) == ("done", TODAY.isoformat())


def test_acknowledgement_is_recorded_and_checked(client_for, care_manager, member, plan_ids):
    client = client_for(care_manager)
    future = client.post(
        api("care-plan-acknowledgement", member),
        {
            "revision": 4,
            "acknowledged_on": (TODAY + datetime.timedelta(days=1)).isoformat(),
            "method": "signed",
        },
        content_type="application/json",
    )
    ok = client.post(
        api("care-plan-acknowledgement", member),
        {"revision": 4, "acknowledged_on": TODAY.isoformat(), "method": "declined"},
        content_type="application/json",
    )

    assert future.status_code == 400
    assert "acknowledged_on" in future.json()
    assert ok.json()["acknowledgement_method"] == "declined"


def test_versions_are_listed_and_each_can_be_read(client_for, care_manager, member, plan_ids):
    client = client_for(care_manager)

    listed = client.get(api("care-plan-versions", member))
    first = client.get(api("care-plan-version", member, version_number=1))
    missing = client.get(api("care-plan-version", member, version_number=99))

    assert [v["number"] for v in listed.json()] == [1, 2, 3, 4]
    sections = {s["title"]: s["items"] for s in first.json()["sections"]}
    assert sections["Problems"][0]["Problem"] == "Food insecurity"
    assert sections["Goals"] == []
    assert missing.status_code == 404


def test_cbo_staff_get_404_on_the_versions(client_for, cbo_user, member, plan_ids):
    client = client_for(cbo_user)
    assert client.get(api("care-plan-versions", member)).status_code == 404
    assert client.get(api("care-plan-version", member, version_number=1)).status_code == 404


def test_cbo_staff_get_404_on_writes(client_for, cbo_user, member, plan_ids):
    response = client_for(cbo_user).post(
        api("care-plan-acknowledgement", member),
        {"revision": 4, "acknowledged_on": TODAY.isoformat(), "method": "signed"},
        content_type="application/json",
    )

    assert response.status_code == 404
    assert plan_selectors.active_plan(member).acknowledged_on is None


def test_the_schema_documents_the_care_plan_endpoints(client_for, care_manager):
    response = client_for(care_manager).get(reverse("api:schema"))

    assert "/api/members/{member_id}/care-plan/versions/{version_number}/" in (
        response.content.decode()
    )


def test_a_task_cannot_be_given_to_a_cbo_user_through_the_api(
    client_for, care_manager, member, plan_ids
):
    partner = cbo_staff()
    response = client_for(care_manager).post(
        api("care-plan-tasks", member),
        {
            "revision": 4,
            "description": "Call the member",
            "owner": "plan_cm",
            "owner_user": partner.pk,
            "due_on": (TODAY + datetime.timedelta(days=2)).isoformat(),
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "owner_user" in response.json()


def test_a_change_over_the_api_answers_the_plan_and_logs_the_view(
    client_for, care_manager, member, plan_ids
):
    response = client_for(care_manager).post(
        api("care-plan-acknowledgement", member),
        {"revision": 4, "acknowledged_on": TODAY.isoformat(), "method": "signed"},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["problems"][0]["description"] == "Food insecurity"
    logged = AccessLog.objects.filter(member=member, user=care_manager, viewed="care_plan")
    assert logged.count() == 1


def test_a_user_who_is_also_cbo_staff_is_not_offered_as_a_task_owner(care_manager):
    both = cbo_staff()
    both.groups.add(*care_manager.groups.all())

    assert care_manager in plan_selectors.task_owner_candidates()
    assert both not in plan_selectors.task_owner_candidates()


def test_the_versions_of_a_closed_plan_stay_readable_on_the_page_and_the_api(
    client_for, care_manager, member, plan_ids
):
    plan_selectors.active_plan(member).__class__.objects.filter(member=member).update(
        status="closed"
    )
    client = client_for(care_manager)

    listed = client.get(api("care-plan-versions", member))
    page = client.get(reverse("careplans:plan_versions", args=[member.pk]))

    assert [v["number"] for v in listed.json()] == [1, 2, 3, 4]
    assert 'data-version="4"' in page.content.decode()
