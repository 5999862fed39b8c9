"""The work API: member contacts (list, record with field messages), timeline, clocks, my tasks
and the team overdue table, behind the same gates as the pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from careplans.clocks.services import refresh_member_clocks
from careplans.models import Contact
from tests.careplans.work_factories import (
    ContactFactory,
    PlanFactory,
    TaskFactory,
    cicm_member,
)
from tests.factories import share_with_cbo

pytestmark = pytest.mark.django_db
CONSENTED = datetime.date(2026, 1, 5)


@pytest.fixture
def member(care_manager, cbo_user):
    return share_with_cbo(cicm_member(care_manager=care_manager), cbo_user.organization)


def contact_body(**overrides):
    body = {
        "kind": "contact",
        "occurred_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
        "mode": "video",
        "reached": "member",
        "outcome": "reached",
        "duration_minutes": 20,
        "note": "Reviewed medications.",
    }
    body.update(overrides)
    return body


def post_contact(client, member, **overrides):
    return client.post(
        reverse("api:member-contacts", args=[member.pk]),
        contact_body(**overrides),
        content_type="application/json",
    )


def test_record_and_list_contacts(client_for, care_manager, member):
    client = client_for(care_manager)

    created = post_contact(client, member)
    listed = client.get(reverse("api:member-contacts", args=[member.pk]))

    assert created.status_code == 201, created.content
    assert created.json()["recorded_by"] == care_manager.username
    assert listed.json()["count"] == 1
    assert set(listed.json()) == {"count", "next", "previous", "results"}  # as every list API
    assert listed.json()["results"][0]["mode"] == "video"
    assert AccessLog.objects.filter(member=member, viewed="contacts_timeline").exists()


def test_bad_contact_is_400_with_field_messages(client_for, care_manager, member):
    future = (timezone.now() + datetime.timedelta(days=2)).isoformat()

    response = post_contact(
        client_for(care_manager), member, occurred_at=future, duration_minutes=-3
    )
    unknown_mode = post_contact(client_for(care_manager), member, mode="pigeon")

    assert response.status_code == 400
    assert "future" in response.json()["occurred_at"][0]
    assert "more than 0" in response.json()["duration_minutes"][0]
    assert unknown_mode.status_code == 400 and "mode" in unknown_mode.json()
    assert not Contact.objects.exists()


def test_cbo_staff_record_a_contact_marked_as_by_the_cbo(client_for, cbo_user, member):
    client = client_for(cbo_user)
    assert client.get(reverse("api:member-contacts", args=[member.pk])).status_code == 200
    response = post_contact(client, member)
    assert response.status_code == 201
    assert response.json()["by_organization"] == cbo_user.organization.name
    assert response.json()["shared_with_cbo"] is True


def test_not_my_member_is_404(client_for, other_care_manager, member):
    client = client_for(other_care_manager)
    for name in ("api:member-contacts", "api:member-timeline", "api:member-clocks"):
        assert client.get(reverse(name, args=[member.pk])).status_code == 404


def test_timeline_and_clocks(client_for, care_manager, member):
    ContactFactory(member=member)
    refresh_member_clocks(member_ids=[member.pk])
    client = client_for(care_manager)

    timeline = client.get(reverse("api:member-timeline", args=[member.pk])).json()
    clocks = client.get(reverse("api:member-clocks", args=[member.pk])).json()

    titles = [row["title"] for row in timeline["results"]]
    # the member is shared with a CBO: its assignment's steps are on the timeline too
    assert [t for t in titles if not t.startswith("CBO: ")] == ["Contact by phone"]
    assert any(t.startswith("CBO: Accepted by the CBO") for t in titles)
    # ... and, its CBO care manager named, the Plan CM <-> CBO CM clock runs
    by_clock = {c["clock"]: c for c in clocks}
    assert set(by_clock) == {"initial_hra", "cbo_contact"}
    hra = by_clock["initial_hra"]
    assert hra["state"] == "overdue" and "D-SNP enrollment start" in hra["basis"]
    assert AccessLog.objects.filter(member=member, viewed="clocks").exists()


def test_my_tasks_and_team_overdue(client_for, care_manager, supervisor, member):
    plan = PlanFactory(member=member, created_on=timezone.localdate())
    TaskFactory(plan=plan, due_on=timezone.localdate() - datetime.timedelta(days=1))
    refresh_member_clocks(member_ids=None)

    mine = client_for(care_manager).get(reverse("api:my-tasks"), {"state": "overdue"}).json()
    bad = client_for(care_manager).get(reverse("api:my-tasks"), {"state": "late"})
    team = client_for(supervisor).get(reverse("api:team-overdue")).json()

    assert {r["kind"] for r in mine["results"]} == {"task", "initial_hra"}
    owners = {r["kind"]: r["owner"] for r in mine["results"]}
    assert owners["initial_hra"] == care_manager.get_full_name()  # as the Owner column says
    assert bad.status_code == 400
    row = next(r for r in team if r["care_manager_id"] == care_manager.pk)
    assert (row["overdue_assessments"], row["overdue_tasks"]) == (1, 1)


def test_team_table_is_404_for_care_managers(client_for, care_manager):
    assert client_for(care_manager).get(reverse("api:team-overdue")).status_code == 404


def test_schema_includes_the_work_endpoints(client_for, care_manager):
    schema = client_for(care_manager).get(reverse("api:schema")).content.decode()
    assert "/api/members/{member_id}/contacts/" in schema
    assert "/api/tasks/" in schema
