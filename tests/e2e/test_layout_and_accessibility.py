"""The main pages on a 390-px phone and a 1366-px laptop, and what axe-core finds on them.

- At 390 px nothing is wider than the screen: tables scroll inside their card, the header's
  links wrap ("Log out" stays on screen), forms stack (issue 13, bug 9).
- At 1366 px the navigation is one line (configuration pages in the "More" menu).
- axe-core (static/vendor, from the npm registry; injected by the test only, never served in a
  page) reports no serious or critical violation on the caseload, member page, assessment, care
  plan and task list.
"""

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from careplans.assessments import services as assessments
from careplans.clocks.services import refresh_member_clocks
from notifications.models import Notification
from tests import factories
from tests.careplans.plan_factories import care_plan_with_one_of_each
from tests.factories import MemberFactory

AXE = "/static/vendor/axe-core-4.14.1.min.js"


@pytest.fixture
def working_caseload(transactional_db):
    """A care manager with a full page of members (long names), one with an enrolled care plan,
    a draft HRA, running clocks and a notification; and their supervisor."""
    boss = factories.supervisor(username="sup.layout", first_name="Sam", last_name="Supervisor")
    care_manager = factories.care_manager(
        username="cm.layout",
        first_name="Alexandra",
        last_name="Villanueva-Castellanos",
        supervisor=boss,
    )
    members = [
        MemberFactory(
            care_manager=care_manager,
            last_name=f"Montenegro-Echeverria{n:02d}",
            first_name="Maria-Guadalupe",
            county="San Bernardino",
        )
        for n in range(30)
    ]
    member = members[0]
    call_command("load_question_sets")
    care_plan_with_one_of_each(member, care_manager)
    assessment = assessments.start_assessment(
        member=member, kind="hra", language="en", by=care_manager
    )
    refresh_member_clocks(member_ids=[each.pk for each in members[:5]])
    Notification.objects.create(
        user=care_manager,
        kind="clock",
        key=f"clock:{member.pk}:initial_hra",
        day=timezone.localdate(),
        member=member,
        title="Initial HRA due today",
        link=f"/members/{member.pk}/",
        created_at=timezone.now(),
    )
    return {
        "care_manager": care_manager,
        "supervisor": boss,
        "member": member,
        "pages": {
            "caseload": "/caseload/",
            "member page": f"/members/{member.pk}/",
            "assessment": f"/members/{member.pk}/assessments/{assessment.pk}/",
            "care plan": f"/members/{member.pk}/care-plan/",
            "my tasks": "/tasks/",
            "notifications": "/notifications/",
        },
    }


def _open(page, path):
    page.goto(path)
    page.wait_for_load_state("networkidle")  # the member page's sections arrive by htmx


def _overflow(page) -> int:
    """How many pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_main_pages_fit_a_390_px_phone(page, login, working_caseload):
    page.set_viewport_size({"width": 390, "height": 844})
    login(working_caseload["care_manager"])
    too_wide = {}
    for name, path in working_caseload["pages"].items():
        _open(page, path)
        if _overflow(page) > 0:
            too_wide[name] = _overflow(page)
    expect(page.get_by_role("button", name="Log out")).to_be_in_viewport()
    assert not too_wide, f"wider than 390 px by: {too_wide}"

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/**")
    login(working_caseload["supervisor"])
    _open(page, "/members/")
    assert _overflow(page) == 0, "the member list is wider than 390 px"
    _open(page, working_caseload["pages"]["member page"])
    assert _overflow(page) == 0, "the supervisor's member page is wider than 390 px"


def test_the_navigation_is_one_line_at_1366_px_with_admin_pages_in_a_menu(page, login):
    admin = factories.plan_admin(username="admin.nav")
    page.set_viewport_size({"width": 1366, "height": 800})
    login(admin)
    nav = page.get_by_role("navigation", name="Main")
    first = nav.locator("> a, > details").first.bounding_box()
    box = nav.bounding_box()
    assert box["height"] < first["height"] * 1.8, "the navigation wraps onto a second line"
    expect(page.get_by_role("link", name="Users")).to_be_hidden()
    nav.locator("details.menu summary").click()
    expect(page.get_by_role("link", name="Users")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("link", name="Users")).to_be_hidden()
    page.locator("details.menu summary").click()
    page.get_by_role("link", name="Access log").click()
    page.wait_for_url("**/audit/access-log/**")


def _serious_violations(page) -> list[dict]:
    page.add_script_tag(url=AXE)
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => ({id: v.id, impact: v.impact, help: v.help,
                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
        }"""
    )


def test_axe_finds_no_serious_or_critical_violation_on_the_care_managers_pages(
    page, login, working_caseload
):
    login(working_caseload["care_manager"])
    found = {}
    for name in ("caseload", "member page", "assessment", "care plan", "my tasks"):
        _open(page, working_caseload["pages"][name])
        violations = _serious_violations(page)
        if violations:
            found[name] = violations
    assert not found, found


def test_axe_runs_where_the_member_page_has_forms_open(page, login, working_caseload):
    """The forms opened on demand are checked too (labels, contrast) once shown."""
    login(working_caseload["care_manager"])
    _open(page, working_caseload["pages"]["member page"])
    for summary in page.locator("details.on-demand > summary").all():
        summary.click()
    assert _serious_violations(page) == []


def test_the_axe_file_is_never_part_of_a_page(page, login, working_caseload):
    login(working_caseload["care_manager"])
    _open(page, working_caseload["pages"]["member page"])
    assert page.locator("script[src*=axe]").count() == 0
    assert page.evaluate("() => typeof window.axe") == "undefined"
