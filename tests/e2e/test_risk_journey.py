"""Journey: a care manager sorts the caseload by risk tier, opens the riskiest member's Risk
section with its LACE parts, and reads a reminder from the notification centre; a supervisor
opens the Rising risk worklist. Set E2E_SHOTS=/some/dir to keep screenshots at 1366 and 390 px."""

import datetime
import os

from django.utils import timezone
from playwright.sync_api import expect

from notifications import reminders
from notifications.models import Notification
from tests import factories
from tests.factories import MemberFactory
from tests.risk.risk_helpers import admission, diagnose, ed_visit, stratify

DAY = datetime.timedelta(days=1)
ROWS = "#results table.members tbody tr"


def _shots(page, name):
    folder = os.environ.get("E2E_SHOTS")
    if not folder:
        return
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _caseload(cm, today):
    low = MemberFactory(
        care_manager=cm, last_name="Adams", first_name="Al", housing_status="housed"
    )
    medium = MemberFactory(care_manager=cm, last_name="Brown", first_name="Bo",
                           housing_status="homeless")  # fmt: skip
    high = MemberFactory(
        care_manager=cm, last_name="Cruz", first_name="Cy", housing_status="housed"
    )
    stratify(today - DAY)
    diagnose(high, "I50.9", today - 5 * DAY)
    diagnose(high, "J44.9", today - 5 * DAY)
    for n in range(2):
        ed_visit(high, today - (20 + n) * DAY)
    admission(high, today - 10 * DAY, today - 3 * DAY, unplanned=True)
    stratify(today)
    return low, medium, high


def test_caseload_by_tier_risk_section_rising_worklist_and_a_reminder(page, login):
    today = timezone.localdate()
    boss = factories.supervisor(username="sup.risk")
    cm = factories.care_manager(username="cm.risk", supervisor=boss)
    *_others, high = _caseload(cm, today)
    reminders.send_reminders(day=today)
    assert Notification.objects.filter(user=cm, member=high).exists()

    login(cm)
    page.goto("/caseload/")
    page.get_by_role("button", name="Risk").click()
    # locator waits, not wait_for_function: the CSP forbids evaluating strings as script
    expect(page.locator(f"{ROWS} td[data-risk]").first).to_have_attribute("data-risk", "high")
    names = page.locator(f"{ROWS} td:first-child").all_inner_texts()
    assert names == ["Cruz, Cy", "Brown, Bo", "Adams, Al"]
    assert "↑ Rising" in page.locator(ROWS).first.inner_text()
    page.get_by_label("Risk tier").select_option(label="Medium")
    expect(page.locator(ROWS)).to_have_count(1)
    assert page.locator(ROWS).first.inner_text().startswith("Brown, Bo")
    _shots(page, "caseload")

    page.goto(f"/members/{high.pk}/")
    page.wait_for_selector("#member-risk [data-tier=high]")
    section = page.locator("#member-risk")
    parts = {p: section.locator(f"[data-lace={p}]").inner_text() for p in "LACE"}
    assert parts == {"L": "5", "A": "3", "C": "2", "E": "2"}
    assert "Charlson index" in section.inner_text() and "I509" in section.inner_text()
    _shots(page, "member-risk")

    page.wait_for_selector("#notification-link .notif-count")
    page.locator("#notification-link").click()
    page.wait_for_url("**/notifications/")
    item = page.locator("#notifications li.unread", has_text="Cruz, Cy")
    assert "Became high risk" in item.inner_text()
    _shots(page, "notifications")
    item.get_by_role("button").click()
    page.wait_for_url(f"**/members/{high.pk}/**")
    assert Notification.objects.get(user=cm, member=high).is_read
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/**")

    login(boss)
    page.get_by_role("link", name="Rising risk").click()
    page.wait_for_selector("#rising tbody tr")
    rows = page.locator("#rising tbody tr").all_inner_texts()
    assert len(rows) == 1 and rows[0].startswith("Cruz, Cy")
    _shots(page, "rising")
