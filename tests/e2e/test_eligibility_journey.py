"""A care manager's eligibility work on one member, in Chromium: evidence, override, enrollment."""

import datetime
import re

from audit.models import AccessLog
from careplans.models import EnrollmentTransition, ProgramEnrollment
from eligibility.models import DeterminationReview
from eligibility.services import evaluate_eligibility
from tests import factories
from tests.factories import MemberFactory


def test_care_manager_overrides_with_a_reason_and_enrolls_the_member(login, transactional_db):
    care_manager = factories.care_manager(username="cm.elig", first_name="Ana", last_name="Ruiz")
    member = MemberFactory(
        care_manager=care_manager,
        last_name="Garcia",
        first_name="Maria",
        housing_status="homeless",
    )
    evaluate_eligibility(as_of=datetime.date(2026, 9, 30))

    page = login(care_manager)
    page.goto("/caseload/")
    page.get_by_role("link", name="Garcia, Maria").click()
    page.wait_for_url(re.compile(r"/members/\d+/$"))

    # The section arrives by htmx with the engine's evidence and the new badge.
    section = page.locator("#member-eligibility")
    section.get_by_text("Evaluation as of").wait_for()
    homeless = section.locator("li[data-population=homeless]")
    assert "Experiencing homelessness" in homeless.inner_text()
    assert "New since previous evaluation" in homeless.inner_text()
    assert "Evidence:" in homeless.inner_text()

    # An override without a reason is refused with a message on the reason field.
    section.locator("summary", has_text="Confirm or override").click()  # on demand
    page.get_by_label("Population of focus").select_option("justice_involved")
    page.get_by_label("Override: eligible").check()
    page.get_by_role("button", name="Record review").click()
    message = page.locator("#id_review-reason_error")
    message.wait_for()
    assert "An override needs a reason" in message.inner_text()
    assert page.get_by_label("Reason", exact=True).get_attribute("aria-invalid") == "true"
    assert not DeterminationReview.objects.exists()

    # With a reason it is recorded and shown in force.
    page.get_by_label("Population of focus").select_option("justice_involved")
    page.get_by_label("Override: eligible").check()
    page.get_by_label("Reason", exact=True).fill("Released from county jail 2026-10-20")
    page.get_by_role("button", name="Record review").click()
    section.get_by_text("Recorded: Override: eligible.").wait_for()
    overrides = section.locator("table.overrides")
    assert "Released from county jail 2026-10-20" in overrides.inner_text()
    assert "Ana Ruiz" in overrides.inner_text()

    # Enrollment, its own section: identified -> outreach -> enrolled, offering only the
    # allowed next steps.
    section = page.locator("#member-enrollment")
    status = section.locator("[data-enrollment-status]")
    assert status.inner_text() == "Identified"
    section.locator("summary", has_text="Change ECM enrollment").click()  # the form opens on demand
    page.get_by_label("Next step").select_option("outreach")
    page.get_by_role("button", name="Record ECM change").click()
    section.get_by_text("ECM enrollment: Outreach.").wait_for()
    section.locator("summary", has_text="Change ECM enrollment").click()
    assert "Enroll" in page.get_by_label("Next step").inner_text()
    page.get_by_label("Next step").select_option("enrolled")
    section.get_by_label("Note").fill("Signed consent at the shelter")
    page.get_by_role("button", name="Record ECM change").click()
    section.get_by_text("ECM enrollment: Enrolled.").wait_for()
    assert status.inner_text() == "Enrolled"
    section.locator("summary", has_text="Change ECM enrollment").click()
    assert page.get_by_label("Next step").inner_text().strip() == "Disenroll"

    episode = ProgramEnrollment.objects.get(member=member)
    assert episode.status == "enrolled"
    assert [t.to_status for t in EnrollmentTransition.objects.filter(enrollment=episode)] == [
        "identified",
        "outreach",
        "enrolled",
    ]
    assert AccessLog.objects.filter(member=member, viewed="eligibility").count() >= 1
    assert "garcia" not in page.url.lower()
