"""The member eligibility API: the section's data, reviews and enrollment transitions."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AccessLog
from careplans.models import EnrollmentTransition
from eligibility.models import DeterminationReview
from eligibility.services import evaluate_eligibility
from tests.factories import MemberFactory, share_with_cbo

AS_OF = datetime.date(2026, 9, 30)
CONSENTED = datetime.date(2026, 1, 5)
pytestmark = pytest.mark.django_db


@pytest.fixture
def member(care_manager):
    member = MemberFactory(care_manager=care_manager, housing_status="homeless")
    evaluate_eligibility(as_of=AS_OF)
    return member


def url(name, member):
    return reverse(f"api:{name}", kwargs={"member_id": member.pk})


def post(client, name, member, body):
    return client.post(url(name, member), body, content_type="application/json")


def test_get_answers_the_run_populations_and_evidence_and_is_logged(
    client_for, care_manager, member
):
    response = client_for(care_manager).get(url("member-eligibility", member))

    assert response.status_code == 200
    body = response.json()
    assert (body["program"], body["run"]["as_of"], body["run"]["rule_version"]) == (
        "ECM",
        "2026-09-30",
        "2026.1",
    )
    [homeless] = body["populations"]
    assert (homeless["population"], homeless["status"], homeless["is_new"]) == (
        "homeless",
        "eligible",
        True,
    )
    assert homeless["evidence"]
    assert "enrollments" not in body  # enrollment has its own API
    assert list(AccessLog.objects.values_list("viewed", flat=True)) == ["eligibility"]
    episodes = client_for(care_manager).get(url("member-enrollment-transitions", member)).json()
    assert episodes[0]["status"] == "identified"
    assert episodes[0]["next_statuses"] == ["outreach", "declined", "unable_to_reach"]


def test_override_without_a_reason_is_400_naming_the_field(client_for, care_manager, member):
    response = post(
        client_for(care_manager),
        "member-eligibility-review",
        member,
        {"population": "homeless", "decision": "override_not_eligible"},
    )

    assert response.status_code == 400
    assert "reason" in response.json()
    assert not DeterminationReview.objects.exists()


def test_override_with_a_reason_is_recorded_and_in_force(client_for, care_manager, member):
    client = client_for(care_manager)

    response = post(
        client,
        "member-eligibility-review",
        member,
        {
            "population": "homeless",
            "decision": "override_not_eligible",
            "reason": "Housed since 2026-09-15",
        },
    )

    assert response.status_code == 201
    assert response.json()["reviewed_by"] == care_manager.username
    [homeless] = client.get(url("member-eligibility", member)).json()["populations"]
    assert (homeless["engine_status"], homeless["status"]) == ("eligible", "not_eligible")
    assert homeless["review"]["reason"] == "Housed since 2026-09-15"


def test_a_population_of_another_program_is_400(client_for, care_manager, member):
    response = post(
        client_for(care_manager),
        "member-eligibility-review",
        member,
        {"population": "dementia", "decision": "confirmed"},
    )

    assert response.status_code == 400
    assert "population" in response.json()


def test_enrollment_transitions_are_posted_and_listed(client_for, care_manager, member):
    client = client_for(care_manager)

    moved = post(
        client,
        "member-enrollment-transitions",
        member,
        {"to_status": "outreach", "effective_on": "2026-10-01", "note": "Called, left message"},
    )
    listed = client.get(url("member-enrollment-transitions", member))

    assert moved.status_code == 201
    assert moved.json()["status"] == "outreach"
    [episode] = listed.json()
    assert [
        (t["from_status"], t["to_status"], t["changed_by"]) for t in episode["transitions"]
    ] == [
        ("", "identified", None),
        ("identified", "outreach", care_manager.username),
    ]


def test_enrolling_without_eligibility_is_400_with_the_rule(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager, housing_status="housed")
    evaluate_eligibility(as_of=AS_OF)

    response = post(
        client_for(care_manager),
        "member-enrollment-transitions",
        member,
        {"to_status": "identified", "effective_on": "2026-10-01"},
    )

    assert response.status_code == 400
    assert "no eligible determination" in response.json()["to_status"][0]


def test_future_effective_date_is_400_naming_the_field(client_for, care_manager, member):
    response = post(
        client_for(care_manager),
        "member-enrollment-transitions",
        member,
        {"to_status": "outreach", "effective_on": "2999-01-01"},
    )

    assert response.status_code == 400
    assert "effective_on" in response.json()
    assert EnrollmentTransition.objects.count() == 1


def test_cbo_staff_read_a_shared_member_but_may_not_review_or_move_enrollment(client_for, cbo_user):
    member = share_with_cbo(MemberFactory(housing_status="homeless"), cbo_user.organization)
    evaluate_eligibility(as_of=AS_OF)
    client = client_for(cbo_user)

    assert client.get(url("member-eligibility", member)).status_code == 200
    reviewed = post(
        client,
        "member-eligibility-review",
        member,
        {"population": "homeless", "decision": "confirmed"},
    )
    moved = post(
        client,
        "member-enrollment-transitions",
        member,
        {"to_status": "outreach", "effective_on": "2026-10-01"},
    )
    assert (reviewed.status_code, moved.status_code) == (404, 404)


def test_cbo_staff_get_404_for_a_member_not_shared_with_them(client_for, cbo_user, member):
    client = client_for(cbo_user)

    assert client.get(url("member-eligibility", member)).status_code == 404
    assert client.get(url("member-enrollment-transitions", member)).status_code == 404
    assert not AccessLog.objects.exists()


def test_the_schema_documents_the_member_eligibility_endpoints(client_for, care_manager):
    schema = client_for(care_manager).get(reverse("api:schema"), {"format": "json"}).json()

    paths = schema["paths"]
    assert "get" in paths["/api/members/{member_id}/eligibility/"]
    assert "post" in paths["/api/members/{member_id}/eligibility/reviews/"]
    assert {"get", "post"} <= set(paths["/api/members/{member_id}/enrollment/transitions/"])
