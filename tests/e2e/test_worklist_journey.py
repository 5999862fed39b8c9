"""Journey: a plan admin runs an evaluation from the runs page and watches a real Celery worker
finish it; a supervisor then opens the newly-eligible worklist, filters it by population, and
assigns the members to a care manager on the team, who leave the list."""

from playwright.sync_api import expect

from eligibility.models import EvaluationRun
from members.models import CareManagerAssignment, Member
from tests import factories
from tests.factories import MemberFactory

ROWS = "table.worklist tbody tr"


def test_admin_evaluates_then_supervisor_assigns_the_newly_eligible(login, celery_worker):
    admin = factories.plan_admin(username="admin.worklist")
    boss = factories.supervisor(username="sup.worklist")
    ana = factories.care_manager(
        username="cm.worklist", first_name="Ana", last_name="Lopez", supervisor=boss
    )
    MemberFactory(last_name="Aaron", first_name="Al", housing_status="homeless")
    MemberFactory(last_name="Baker", first_name="Bea", housing_status="homeless", county="Kern")
    MemberFactory(
        last_name="Clark",
        first_name="Cy",
        housing_status="housed",
        ltc_level_of_care=True,
        nursing_facility_resident=False,
    )
    MemberFactory(last_name="Davis", first_name="Di", housing_status="housed")

    page = login(admin)
    page.locator("nav details.menu summary").click()  # the "More" menu
    page.get_by_role("link", name="Evaluations").click()
    page.get_by_label("Evaluate as of").fill("2026-09-30")
    page.get_by_role("button", name="Evaluate").click()
    page.wait_for_selector("[data-status=succeeded]", timeout=30_000)
    assert page.locator("[data-count=members]").inner_text() == "4"
    assert page.locator("[data-count=new]").inner_text() == "3"
    assert EvaluationRun.objects.get().requested_by == admin
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/**")

    login(boss)
    page.get_by_role("link", name="Newly eligible").click()
    page.wait_for_selector(ROWS)
    assert page.locator(ROWS).count() == 3
    assert "meets nursing-facility level of care" in page.content()

    page.get_by_label("Population").select_option(label="Experiencing homelessness")
    expect(page.locator(ROWS)).to_have_count(2)
    assert "/eligibility/worklist/" in page.url and "?" not in page.url
    page.get_by_label("Select Aaron, Al").check()
    page.get_by_label("Select Baker, Bea").check()
    page.get_by_label("Assign selected to").select_option(label="Ana Lopez")
    page.get_by_role("button", name="Assign", exact=True).click()

    page.wait_for_selector("text=2 member(s) assigned to Ana Lopez.")
    assert page.locator(ROWS).count() == 0
    assert "No eligible, unassigned members match these filters." in page.content()
    assert set(Member.objects.filter(care_manager=ana).values_list("last_name", flat=True)) == {
        "Aaron",
        "Baker",
    }
    assert CareManagerAssignment.objects.filter(assigned_by=boss).count() == 2

    page.get_by_label("Population").select_option("")
    expect(page.locator(ROWS)).to_have_count(1)
    assert "Clark, Cy" in page.locator(ROWS).first.inner_text()
