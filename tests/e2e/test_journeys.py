"""The main journeys, in Chromium, as the people who use the portal would take them."""

import re
from pathlib import Path

from playwright.sync_api import expect

from audit.models import AccessLog
from members.models import Member
from tests import factories
from tests.factories import MemberFactory


def test_care_manager_searches_caseload_opens_member_and_the_view_is_logged(
    login, live_server, transactional_db
):
    care_manager = factories.care_manager(username="cm.e2e")
    MemberFactory(care_manager=care_manager, last_name="Garcia", first_name="Maria")
    MemberFactory(care_manager=care_manager, last_name="Nguyen", first_name="Tuan")
    MemberFactory(last_name="Hidden", first_name="Hal")  # not in this caseload

    page = login(care_manager)
    page.goto("/caseload/")
    assert page.get_by_role("heading", name="My caseload").is_visible()
    assert page.locator("table.members tbody tr").count() == 2

    page.get_by_label("Search name or CIN").fill("garc")
    expect(page.locator("table.members tbody tr")).to_have_count(1)
    assert "/caseload/" in page.url  # htmx swapped the rows; the search never entered the URL
    page.get_by_role("link", name="Garcia, Maria").click()

    page.wait_for_url(re.compile(r"/members/\d+/$"))
    assert page.get_by_role("heading", name="Garcia, Maria").is_visible()
    member = Member.objects.get(last_name="Garcia")
    log = AccessLog.objects.get(member=member, viewed=AccessLog.View.MEMBER_PAGE)
    assert (log.user_id, log.viewed) == (care_manager.pk, "member_page")
    assert "garc" not in page.url.lower()


def test_cbo_user_gets_404_for_a_member_url(login, transactional_db):
    cbo_user = factories.cbo_staff(username="cbo.e2e")
    member = MemberFactory(last_name="Private")

    page = login(cbo_user)
    response = page.goto(f"/members/{member.pk}/")

    assert response.status == 404
    assert "Private" not in page.content()
    assert not AccessLog.objects.exists()


def test_plan_admin_uploads_roster_and_watches_it_import(login, celery_worker, tmp_path: Path):
    admin = factories.plan_admin(username="admin.e2e")
    roster = tmp_path / "members.csv"
    roster.write_text(
        "cin,last_name,first_name,date_of_birth,sex,county,plan_product,enrollment_start,mbi\n"
        "91234567A,Garcia,Maria,1950-02-03,F,Los Angeles,DSNP:H1234-001,2024-01-01,1EG4TE5MK73\n"
        "91234568B,Nguyen,Tuan,1990-12-31,M,Orange,MCP,2023-05-01,\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(roster.read_text().replace("Orange", "Atlantis"))

    page = login(admin)
    page.locator("nav details.menu summary").click()  # the "More" menu
    page.get_by_role("link", name="Roster import").click()
    page.get_by_label("Roster file (members.csv)").set_input_files(str(roster))
    page.get_by_role("button", name="Upload and import").click()
    page.wait_for_selector("[data-status=succeeded]", timeout=30_000)
    assert page.locator("[data-count=created]").inner_text() == "2"
    assert Member.objects.count() == 2

    page.goto("/roster/import/")
    page.get_by_label("Roster file (members.csv)").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and import").click()
    page.wait_for_selector("[data-status=rejected]", timeout=30_000)
    assert "line 3: county: is not one of California's 58 county names" in page.content()
    assert Member.objects.get(cin="91234568B").county == "Orange"


def test_supervisor_assigns_unassigned_members_to_a_care_manager(login, transactional_db):
    boss = factories.supervisor(username="sup.e2e")
    worker = factories.care_manager(
        username="cm.team", first_name="Ana", last_name="Lopez", supervisor=boss
    )
    first = MemberFactory(last_name="Aaron")
    second = MemberFactory(last_name="Baker")

    page = login(boss)
    page.goto("/members/")
    page.get_by_label("Select Aaron").check()
    page.get_by_label("Select Baker").check()
    page.get_by_label("Assign selected to").select_option(label="Ana Lopez")
    page.get_by_role("button", name="Assign").click()

    page.wait_for_selector("text=2 member(s) assigned to Ana Lopez.")
    assert set(Member.objects.filter(care_manager=worker).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_api_docs_render_from_local_files_only(login, transactional_db):
    page = login(factories.plan_admin(username="admin.docs"))
    page.goto("/api/docs/")
    page.wait_for_selector("text=CalAIM care-management portal API")
    # The page fixture fails the test if Swagger UI fetched anything from another host.
    assert page.locator(".opblock").count() > 5


def test_caseload_pages_sorts_and_filters_in_place(login, transactional_db):
    care_manager = factories.care_manager(username="cm.pages")
    for i in range(30):
        MemberFactory(
            care_manager=care_manager,
            last_name=f"Member{i:02d}",
            county="Kern" if i % 3 == 0 else "Fresno",
        )

    page = login(care_manager)
    page.goto("/caseload/")
    first_row = page.locator("table.members tbody tr").first
    assert "Member00" in first_row.inner_text()

    page.get_by_role("button", name="Next ›").click()
    page.wait_for_selector("text=page 2 of 2")
    assert page.locator("table.members tbody tr").count() == 5

    page.get_by_role("button", name="Name ▲").click()
    expect(page.locator("table.members tbody tr").first).to_contain_text("Member29")

    page.get_by_label("County").select_option("Kern")
    page.wait_for_selector("text=10 members")
    # The non-PHI filters and sort are in the URL (Back returns to them; issue 13), nothing else.
    assert page.url.endswith("/caseload/?county=Kern&sort=-name")
