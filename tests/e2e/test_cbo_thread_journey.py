"""Journey: the CBO's care manager opens a shared member's "Messages with the CBO", posts a
message with a PDF; the plan care manager sees the unread badge, opens the inbox and the thread,
downloads the file and replies, and the Plan CM <-> CBO CM clock is met. Set E2E_SHOTS=/some/dir
to keep screenshots at 1366 and 390 px."""

import datetime
import os

from django.utils import timezone
from playwright.sync_api import expect

from careplans.models import MemberClock
from cbo_partners.models import CboAssignmentEvent, Message
from tests import factories
from tests.careplans.work_factories import ClockSettingFactory, at
from tests.cbo_partners.threads.thread_helpers import PDF, shared_assignment


def _shots(page, name):
    folder = os.environ.get("E2E_SHOTS")
    if not folder:
        return
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_cbo_message_unread_badge_reply_and_the_cadence_clock(page, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    cm = factories.care_manager(username="cm.thread")
    eastside = factories.CboFactory(name="Eastside Community Services")
    cbo_cm = factories.cbo_staff(username="cbo.thread", organization=eastside)
    member = factories.MemberFactory(
        care_manager=cm, last_name="Diaz", first_name="Rosa", plan_product="DSNP:H1234-001"
    )
    assignment = shared_assignment(member, eastside, cbo_care_manager=cbo_cm)
    CboAssignmentEvent.objects.create(
        assignment=assignment, kind="accepted", actor=cbo_cm,
        at=at(today - datetime.timedelta(days=40)),
    )  # fmt: skip
    ClockSettingFactory(key="cbo_contact", days=30)
    pdf = tmp_path / "visit-notes.pdf"
    pdf.write_bytes(PDF)

    login(cbo_cm)
    page.goto(f"/members/{member.pk}/")
    section = page.locator("#member-cbo-messages")
    expect(section).to_contain_text("Eastside Community Services")
    section.get_by_role("link", name="Eastside Community Services").click()
    page.get_by_role("textbox", name="Message").fill(
        "Visited Mrs. Diaz: <b>needs</b> a ride Tuesday."
    )
    page.get_by_label("Attachments").set_input_files(str(pdf))
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#thread-messages")).to_contain_text("<b>needs</b> a ride Tuesday")
    _shots(page, "cbo-thread")
    page.get_by_role("button", name="Log out").click()

    login(cm)
    expect(page.locator("#messages-link")).to_contain_text("1")
    page.locator("#messages-link").click()
    _shots(page, "messages-inbox")
    page.get_by_role("link", name="Diaz, Rosa").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="visit-notes.pdf").click()
    assert download.value.suggested_filename == "visit-notes.pdf"
    page.get_by_role("textbox", name="Message").fill("Thank you, I will book the ride.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#thread-messages")).to_contain_text("I will book the ride")
    expect(page.locator("#messages-link")).not_to_contain_text("1")

    assert Message.objects.count() == 2
    clock = MemberClock.objects.get(member=member, clock="cbo_contact")
    assert clock.due_on == today + datetime.timedelta(days=30)
    page.goto(f"/members/{member.pk}/")
    expect(page.locator("#member-clocks")).to_contain_text("Plan CM ↔ CBO CM")
