"""The members API: scoped lists, filters, POSTed searches, the access log, assignment, roster upload."""

import datetime
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AccessLog
from core.models import ImportJob
from members.models import CareManagerAssignment, Member
from tests.factories import CboFactory, MemberFactory, share_with_cbo
from tests.factories import care_manager as make_care_manager

CONSENTED = datetime.date(2026, 1, 5)


def listed(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["last_name"] for row in response.json()["results"]]


def list_api(client, **params):
    return client.get(reverse("api:member-list"), params)


def search_api(client, **body):
    return client.post(reverse("api:member-search"), body, content_type="application/json")


def assign_api(client, **body):
    return client.post(reverse("api:member-assign"), body, content_type="application/json")


def care_managers_of(*members) -> list:
    """Each member's care manager as stored now, in the order given."""
    stored = Member.objects.in_bulk([m.pk for m in members])
    return [stored[m.pk].care_manager_id for m in members]


# Lists, scoped by role


def test_care_manager_lists_only_their_caseload(client_for, care_manager, other_care_manager):
    MemberFactory(care_manager=care_manager, last_name="Mine")
    MemberFactory(care_manager=other_care_manager, last_name="Theirs")
    MemberFactory(last_name="Unassigned")

    assert listed(list_api(client_for(care_manager))) == ["Mine"]


def test_supervisor_lists_team_and_unassigned_members_only(
    client_for, supervisor, care_manager, other_care_manager
):
    MemberFactory(care_manager=care_manager, last_name="Team")
    MemberFactory(care_manager=other_care_manager, last_name="OtherTeam")
    MemberFactory(last_name="Unassigned")

    assert listed(list_api(client_for(supervisor))) == ["Team", "Unassigned"]


def test_plan_admin_lists_every_member(client_for, plan_admin, care_manager, cbo_user):
    MemberFactory(care_manager=care_manager, last_name="Assigned")
    MemberFactory(cbo=cbo_user.organization, last_name="Cbo")
    MemberFactory(last_name="Unassigned")

    assert listed(list_api(client_for(plan_admin))) == ["Assigned", "Cbo", "Unassigned"]


def test_cbo_user_lists_only_consented_members_of_their_organisation(
    client_for, cbo_user, care_manager
):
    share_with_cbo(MemberFactory(last_name="Shared"), cbo_user.organization)
    MemberFactory(cbo=cbo_user.organization, care_manager=care_manager, last_name="NoConsent")
    share_with_cbo(MemberFactory(last_name="OtherCbo"), CboFactory())
    MemberFactory(care_manager=care_manager, last_name="PlanOnly")

    assert listed(list_api(client_for(cbo_user))) == ["Shared"]


def test_cbo_user_gets_404_for_unconsented_or_other_cbo_member(client_for, cbo_user):
    no_consent = MemberFactory(cbo=cbo_user.organization)
    other_cbo = share_with_cbo(MemberFactory(), CboFactory())
    client = client_for(cbo_user)

    for member in (no_consent, other_cbo):
        response = client.get(reverse("api:member-detail", args=[member.pk]))
        assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_list_filters_by_county_program_and_enrollment_status(client_for, plan_admin):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    MemberFactory(last_name="Dual", county="Orange", plan_product="DSNP:H1234-001")
    MemberFactory(last_name="Medi", county="Orange")
    MemberFactory(last_name="Gone", county="Kern", enrollment_end=yesterday)
    client = client_for(plan_admin)

    assert listed(list_api(client, county="Orange")) == ["Dual", "Medi"]
    assert listed(list_api(client, program="CICM")) == ["Dual"]
    assert listed(list_api(client, program="ECM", county="Kern")) == ["Gone"]
    assert listed(list_api(client, enrollment_status="disenrolled")) == ["Gone"]
    assert listed(list_api(client, enrollment_status="enrolled")) == ["Dual", "Medi"]


def test_list_refuses_an_unknown_filter_value(client_for, plan_admin):
    response = list_api(client_for(plan_admin), county="Atlantis")
    assert response.status_code == 400
    assert "county" in response.json()


def test_list_refuses_a_name_search_in_the_url(client_for, care_manager):
    MemberFactory(care_manager=care_manager, last_name="Garcia")

    response = list_api(client_for(care_manager), q="Garcia")

    assert response.status_code == 400
    assert "POST /api/members/search/" in response.json()["q"]
    assert "Garcia" not in response.content.decode()


# Searches, POSTed


def test_search_by_name_is_posted(client_for, care_manager, other_care_manager):
    MemberFactory(care_manager=care_manager, last_name="Garcia", first_name="Maria")
    MemberFactory(care_manager=care_manager, last_name="Nguyen", first_name="Tuan")
    MemberFactory(care_manager=other_care_manager, last_name="Garcia", first_name="Ana")

    assert listed(search_api(client_for(care_manager), q="garc")) == ["Garcia"]
    assert listed(search_api(client_for(care_manager), q="maria garcia")) == ["Garcia"]


def test_search_by_cin_prefix_is_posted(client_for, care_manager):
    MemberFactory(care_manager=care_manager, last_name="First", cin="91234567A")
    MemberFactory(care_manager=care_manager, last_name="Second", cin="92345678B")

    assert listed(search_api(client_for(care_manager), q="9234")) == ["Second"]
    assert listed(search_api(client_for(care_manager), q="92345678b")) == ["Second"]


def test_search_combines_the_text_with_filters(client_for, plan_admin):
    MemberFactory(last_name="Lopez", county="Fresno")
    MemberFactory(last_name="Lopez", county="Kern", first_name="Other")

    response = search_api(client_for(plan_admin), q="lopez", county="Fresno")

    assert [row["county"] for row in response.json()["results"]] == ["Fresno"]


# A member's record and who viewed it


def test_detail_writes_an_access_log_row_with_the_client_address(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager, last_name="Garcia")

    response = client_for(care_manager).get(
        reverse("api:member-detail", args=[member.pk]), REMOTE_ADDR="10.1.2.3"
    )

    assert response.status_code == 200
    assert response.json()["last_name"] == "Garcia"
    log = AccessLog.objects.get()
    assert (log.user, log.member, log.viewed, log.client_address) == (
        care_manager,
        member,
        "member_api",
        "10.1.2.3",
    )


def test_detail_of_a_member_the_user_cannot_see_is_404_and_not_logged(
    client_for, care_manager, other_care_manager
):
    member = MemberFactory(care_manager=other_care_manager)
    client = client_for(care_manager)

    assert client.get(reverse("api:member-detail", args=[member.pk])).status_code == 404
    assert client.get(reverse("api:member-detail", args=[999_999])).status_code == 404
    assert not AccessLog.objects.exists()


def test_plan_admin_sees_who_viewed_a_member(client_for, care_manager, plan_admin):
    member = MemberFactory(care_manager=care_manager)
    client_for(care_manager).get(reverse("api:member-detail", args=[member.pk]))

    response = client_for(plan_admin).get(reverse("api:member-access-log", args=[member.pk]))

    assert response.status_code == 200
    entries = response.json()["results"]
    assert [(e["user"], e["viewed"]) for e in entries] == [
        (plan_admin.username, "access_log"),
        (care_manager.username, "member_api"),
    ]
    assert entries[1]["organization"] == care_manager.organization.name


def test_care_manager_gets_404_for_the_access_log_api(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager)

    response = client_for(care_manager).get(reverse("api:member-access-log", args=[member.pk]))

    assert response.status_code == 404
    assert not AccessLog.objects.exists()


# Assignment


def test_supervisor_assigns_to_a_team_member_with_history(
    client_for, supervisor, care_manager, other_care_manager
):
    teammate = make_care_manager(username="cm.team", supervisor=supervisor)
    from_care_manager = MemberFactory(care_manager=care_manager)
    unassigned = MemberFactory()
    elsewhere = MemberFactory(care_manager=other_care_manager)

    response = assign_api(
        client_for(supervisor),
        member_ids=[from_care_manager.pk, unassigned.pk, elsewhere.pk],
        care_manager_id=teammate.pk,
    )

    assert response.status_code == 200
    assert response.json() == {"assigned": 2}
    assert care_managers_of(from_care_manager, unassigned, elsewhere) == [
        teammate.pk,
        teammate.pk,
        other_care_manager.pk,
    ]
    history = CareManagerAssignment.objects.order_by("member_id")
    assert [
        (h.member_id, h.previous_care_manager_id, h.care_manager_id, h.assigned_by_id)
        for h in history
    ] == [
        (from_care_manager.pk, care_manager.pk, teammate.pk, supervisor.pk),
        (unassigned.pk, None, teammate.pk, supervisor.pk),
    ]


def test_assigning_to_a_care_manager_outside_the_team_is_400_and_changes_nothing(
    client_for, supervisor, care_manager, other_care_manager
):
    member = MemberFactory(care_manager=care_manager)

    response = assign_api(
        client_for(supervisor), member_ids=[member.pk], care_manager_id=other_care_manager.pk
    )

    assert response.status_code == 400
    assert "care_manager_id" in response.json()
    assert care_managers_of(member) == [care_manager.pk]
    assert not CareManagerAssignment.objects.exists()


def test_care_manager_gets_404_from_the_assign_api_and_nothing_changes(
    client_for, care_manager, other_care_manager
):
    mine = MemberFactory(care_manager=care_manager)
    client = client_for(care_manager)

    to_themselves = assign_api(client, member_ids=[mine.pk], care_manager_id=care_manager.pk)
    to_nobody = assign_api(client, member_ids=[mine.pk], care_manager_id=None)

    assert (to_themselves.status_code, to_nobody.status_code) == (404, 404)
    assert care_managers_of(mine) == [care_manager.pk]
    assert not CareManagerAssignment.objects.exists()


def test_cbo_user_gets_404_from_the_assign_api(client_for, cbo_user, care_manager):
    member = share_with_cbo(MemberFactory(), cbo_user.organization)

    response = assign_api(
        client_for(cbo_user), member_ids=[member.pk], care_manager_id=care_manager.pk
    )

    assert response.status_code == 404
    assert care_managers_of(member) == [None]


def test_plan_admin_unassigns_with_an_explicit_null(client_for, plan_admin, care_manager):
    member = MemberFactory(care_manager=care_manager)

    response = assign_api(client_for(plan_admin), member_ids=[member.pk], care_manager_id=None)

    assert response.json() == {"assigned": 1}
    assert care_managers_of(member) == [None]
    assert CareManagerAssignment.objects.get().previous_care_manager == care_manager


# Roster upload


@pytest.fixture
def roster_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return SimpleUploadedFile(
        "members.csv", b"cin,last_name\n91234567A,Garcia\n", content_type="text/csv"
    )


def test_plan_admin_uploads_a_roster_and_the_job_is_queued(
    client_for, plan_admin, roster_file, django_capture_on_commit_callbacks
):
    client = client_for(plan_admin)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("api:roster-import"), {"file": roster_file})

    assert response.status_code == 202
    job_id = response.json()["id"]
    job = ImportJob.objects.get(pk=job_id)
    assert (job.status, job.kind, job.source_name, job.requested_by) == (
        "queued",
        "roster",
        "members.csv",
        plan_admin,
    )
    assert len(callbacks) == 1
    with mock.patch("members.tasks.run_roster_import_task.delay") as delay:
        callbacks[0]()
    delay.assert_called_once_with(job_id)

    polled = client.get(reverse("api:import-job", args=[job_id]))
    assert polled.status_code == 200
    assert (polled.json()["id"], polled.json()["status"]) == (job_id, "queued")


def test_roster_upload_without_a_file_is_400(client_for, plan_admin):
    response = client_for(plan_admin).post(reverse("api:roster-import"), {})
    assert response.status_code == 400
    assert "file" in response.json()
    assert not ImportJob.objects.exists()


def test_an_oversized_roster_is_refused_with_both_sizes_on_the_page_and_the_api(
    client_for, plan_admin, roster_file, settings
):
    settings.ROSTER_MAX_UPLOAD_BYTES = 20  # the file is 31 bytes
    client = client_for(plan_admin)
    message = "The file is 31 bytes; the limit is 20 bytes. Split it and import the parts."

    page = client.post(reverse("members:roster_upload"), {"file": roster_file})
    roster_file.seek(0)
    api = client.post(reverse("api:roster-import"), {"file": roster_file})

    assert page.status_code == 422
    assert f'<div class="errors" role="alert" id="id_file_error"><p>{message}</p>' in (
        page.content.decode()
    )
    assert 'aria-describedby="id_file_helptext id_file_error"' in page.content.decode()
    assert api.status_code == 400
    assert api.json() == {"file": [message]}
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("role", ["care_manager", "supervisor", "cbo_user"])
def test_non_admin_roster_upload_is_404_and_queues_nothing(
    request, client_for, roster_file, django_capture_on_commit_callbacks, role
):
    client = client_for(request.getfixturevalue(role))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("api:roster-import"), {"file": roster_file})

    assert response.status_code == 404
    assert callbacks == []
    assert not ImportJob.objects.exists()


# Query count


def test_list_uses_the_same_number_of_queries_for_5_and_50_members(client_for, supervisor):
    client = client_for(supervisor)
    team = [make_care_manager(username=f"cm.q{i}", supervisor=supervisor) for i in range(5)]

    def queries_for(count: int) -> int:
        Member.objects.all().delete()
        Member.objects.bulk_create(
            MemberFactory.build(care_manager=team[i % len(team)]) for i in range(count)
        )
        with CaptureQueriesContext(connection) as queries:
            response = list_api(client)
        assert response.json()["count"] == count
        return len(queries)

    assert queries_for(5) == queries_for(50)


def test_search_filters_by_due_dates_and_lists_them(client_for, care_manager):
    MemberFactory(
        care_manager=care_manager,
        last_name="Late",
        clock_state="overdue",
        next_due_on=datetime.date(2026, 1, 5),
        next_due_label="Initial HRA",
    )
    MemberFactory(care_manager=care_manager, last_name="Quiet")

    response = search_api(client_for(care_manager), due="overdue")

    assert listed(response) == ["Late"]
    row = response.json()["results"][0]
    assert (row["clock_state"], row["next_due_on"], row["next_due_label"]) == (
        "overdue",
        "2026-01-05",
        "Initial HRA",
    )
