"""The access layer (accounts.access): one answer for who may see what, and every read logged.

What a user would notice: a member not theirs is a 404 like a missing one; the navigation shows
a link exactly when its page is theirs; every list, search and export names the members it
showed in the access log, and an export run from a command is logged as "system/task".
"""

import datetime
import re

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import access
from accounts.access import Capability, DataCategory
from accounts.roles import Role, role_group
from audit.models import AccessLog
from eligibility import services
from tests.careplans.plan_factories import care_plan_with_one_of_each
from tests.factories import MemberFactory, care_manager, cbo_staff, plan_admin, share_with_cbo


def shown_rows(viewed):
    return list(AccessLog.objects.filter(viewed=viewed).order_by("id"))


# --- scope and capability -----------------------------------------------------------------


def test_a_missing_member_and_another_care_managers_member_answer_the_same_404(
    care_manager, other_care_manager
):
    theirs = MemberFactory(care_manager=other_care_manager)
    for member_id in (theirs.pk, theirs.pk + 10_000):
        with pytest.raises(Http404):
            access.access_member(care_manager, member_id, log_as=AccessLog.View.MEMBER_PAGE)
    assert not AccessLog.objects.exists()


def test_seeing_a_member_is_not_doing_care_work_on_them(cbo_user):
    shared = share_with_cbo(MemberFactory(), cbo_user.organization)
    seen = access.access_member(cbo_user, shared.pk, log_as=AccessLog.View.MEMBER_PAGE)
    assert seen == shared
    with pytest.raises(Http404):
        access.access_member(
            cbo_user,
            shared.pk,
            capability=Capability.DO_CARE_WORK,
            log_as=AccessLog.View.CARE_PLAN,
        )


def test_cbo_staff_do_not_see_the_assignment_history_plan_staff_do(cbo_user, care_manager):
    assert not access.may_see(cbo_user, DataCategory.ASSIGNMENT_HISTORY)
    assert access.may_see(care_manager, DataCategory.ASSIGNMENT_HISTORY)
    assert access.may_see(cbo_user, DataCategory.CARE_PLAN)


def test_a_user_of_a_cbo_gets_no_plan_capability_from_a_plan_role(db):
    partner = cbo_staff(username="cbo.cm")
    partner.groups.set([role_group(Role.CARE_MANAGER)])
    partner = type(partner).objects.get(pk=partner.pk)
    assert access.capabilities_of(partner) == frozenset()
    assert not access.members_visible_to(partner).exists()


def test_an_app_adds_members_to_a_scope_by_registering_a_grant(care_manager, other_care_manager):
    """The next issues add guardian object grants and consent the same way."""
    shared_with_me = MemberFactory(care_manager=other_care_manager)
    assert shared_with_me not in access.members_visible_to(care_manager)

    def one_member(user):
        return access.scope.Q(pk=shared_with_me.pk) if user == care_manager else None

    access.register_member_grant("tests.one_member", one_member)
    try:
        assert shared_with_me in access.members_visible_to(care_manager)
    finally:
        access.scope._registry["grants"].pop("tests.one_member")


# --- navigation -----------------------------------------------------------------------------


def nav_links(html: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', html, re.S).group(1)
    return re.findall(r'href="([^"]+)"', nav)


@pytest.mark.parametrize("role", ["care_manager", "supervisor", "plan_admin", "cbo_user"])
def test_every_link_the_navigation_shows_opens_for_that_user(request, client, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    links = nav_links(client.get(reverse("members:list")).content.decode())
    assert links
    for link in links:
        assert client.get(link).status_code in (200, 302), link


def test_a_plan_admin_who_is_also_cbo_staff_is_not_offered_the_roster_import(client, db):
    admin = plan_admin(username="admin.cbo")
    admin.groups.add(role_group(Role.CBO_STAFF))
    client.force_login(admin)
    links = nav_links(client.get(reverse("members:list")).content.decode())
    assert reverse("members:roster_upload") not in links
    assert client.get(reverse("members:roster_upload")).status_code == 404


# --- every read logged ----------------------------------------------------------------------


def test_the_caseload_names_the_members_it_shows_in_one_row(client, care_manager):
    mine = [MemberFactory(care_manager=care_manager) for _ in range(3)]
    client.force_login(care_manager)

    client.get(reverse("members:caseload"))

    (row,) = shown_rows(AccessLog.View.CASELOAD)
    assert sorted(row.member_ids) == sorted(m.pk for m in mine)
    assert row.user == care_manager and row.member_id is None
    assert row.address == "127.0.0.1"


def test_a_search_logs_only_the_members_it_found(client, care_manager):
    found = MemberFactory(care_manager=care_manager, last_name="Zamora")
    MemberFactory(care_manager=care_manager, last_name="Abbott")
    client.force_login(care_manager)

    client.post(reverse("members:list"), {"q": "Zamora"}, HTTP_HX_REQUEST="true")

    (row,) = shown_rows(AccessLog.View.MEMBER_LIST)
    assert row.member_ids == [found.pk]


def test_a_page_of_25_members_is_one_insert_like_a_page_of_2(client, care_manager):
    client.force_login(care_manager)
    counts = []
    for more in (2, 23):
        MemberFactory.create_batch(more, care_manager=care_manager)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("api:member-list"))
        inserts = [q for q in queries if q["sql"].startswith("INSERT INTO audit_accesslog")]
        counts.append((len(queries), len(inserts)))
    assert counts[0] == counts[1]
    assert counts[0][1] == 1


def test_the_who_viewed_page_lists_a_member_seen_in_a_list(client, care_manager, plan_admin):
    member = MemberFactory(care_manager=care_manager)
    client.force_login(care_manager)
    client.get(reverse("members:caseload"))

    client.force_login(plan_admin)
    response = client.get(reverse("api:member-access-log", args=[member.pk]))

    viewed = [entry["viewed"] for entry in response.json()["results"]]
    assert viewed == [AccessLog.View.ACCESS_LOG, AccessLog.View.CASELOAD]


def test_the_task_list_names_the_members_of_its_items(client, care_manager):
    member = MemberFactory(care_manager=care_manager)
    care_plan_with_one_of_each(member, care_manager)
    client.force_login(care_manager)

    client.get(reverse("careplans:tasks"))
    client.get(reverse("api:my-tasks"))

    rows = shown_rows(AccessLog.View.TASK_LIST)
    assert [row.member_ids for row in rows] == [[member.pk], [member.pk]]


@pytest.fixture
def evaluated(db):
    members = [MemberFactory(housing_status="homeless") for _ in range(3)]
    run = services.evaluate_eligibility(as_of=datetime.date(2026, 9, 30))
    return run, members


def test_determinations_csv_names_every_member_in_one_row(client, plan_admin, evaluated):
    run, members = evaluated
    client.force_login(plan_admin)

    response = client.get(reverse("eligibility:run_determinations", args=[run.pk]))
    b"".join(response.streaming_content)

    (row,) = shown_rows(AccessLog.View.EXPORT)
    assert sorted(row.member_ids) == sorted(m.pk for m in members)
    assert row.user == plan_admin and row.channel == AccessLog.Channel.WEB


def test_the_export_command_logs_the_acting_user_as_system_task(evaluated, tmp_path):
    _run, members = evaluated
    admin = plan_admin(username="admin.export")
    out = tmp_path / "determinations.csv"

    call_command(
        "export_determinations", "--as-of", "2026-09-30", "--out", str(out), "--by", admin.username
    )
    call_command("export_determinations", "--as-of", "2026-09-30", "--out", str(out))

    by_admin, by_system = shown_rows(AccessLog.View.EXPORT)
    assert by_admin.user == admin and by_admin.address == "system/task"
    assert by_system.user is None and by_system.address == "system/task"
    assert sorted(by_system.member_ids) == sorted(m.pk for m in members)


def test_the_export_command_refuses_a_user_who_may_not_export(evaluated, tmp_path):
    worker = care_manager(username="cm.export")
    with pytest.raises(CommandError, match="may export"):
        call_command(
            "export_determinations", "--as-of", "2026-09-30", "--out", str(tmp_path / "d.csv"),
            "--by", worker.username,
        )  # fmt: skip
    assert not shown_rows(AccessLog.View.EXPORT)


def test_the_admin_logs_its_care_plan_list_and_page(client, care_manager, db):
    member = MemberFactory(care_manager=care_manager)
    care_plan_with_one_of_each(member, care_manager)
    staff = plan_admin(username="admin.site", is_staff=True, is_superuser=True)
    client.force_login(staff)

    client.get(reverse("admin:careplans_careplan_changelist"))
    plan = member.care_plans.get()
    client.get(reverse("admin:careplans_careplan_change", args=[plan.pk]))

    listed, opened = shown_rows(AccessLog.View.ADMIN)
    assert listed.member_ids == [member.pk]
    assert opened.member_id == member.pk
    assert site.is_registered(plan.__class__)
