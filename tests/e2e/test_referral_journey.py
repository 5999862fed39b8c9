"""Community Supports in Chromium: an SDOH screening flags a housing need; the care manager
follows the suggested Transitional Rent link and refers the member to Eastside; Eastside accepts;
a supervisor authorizes 4 months; Eastside records service and completes; the care manager
closes the loop as connected and the month's report shows it. Then an authorization over the
limit shows its numbers and goes through only with an override reason."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from careplans.assessments import selectors as assessment_selectors
from careplans.assessments import services as assessments
from referrals.models import Referral
from tests import factories
from tests.factories import MemberFactory
from tests.referrals.helpers import AuthorizationFactory, OfferingFactory, make_provider


def _screened_member(care_manager):
    member = MemberFactory(care_manager=care_manager, last_name="Garcia", first_name="Maria",
                           county="Los Angeles", enrollment_start=datetime.date(2024, 1, 1))  # fmt: skip
    call_command("load_question_sets")
    sdoh = assessments.start_assessment(member=member, kind="sdoh", language="en", by=care_manager)
    answers = {**assessment_selectors.least_risk_answers(sdoh.question_set),
               "living_situation": "not_steady"}  # fmt: skip
    sdoh = assessments.save_answers(assessment=sdoh, answers=answers, revision=sdoh.revision,
                                    by=care_manager)  # fmt: skip
    assessments.complete_assessment(assessment=sdoh, revision=sdoh.revision, by=care_manager)
    return member, sdoh


def _switch(page, login, user):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state("networkidle")
    login(user)


def test_referral_closed_loop_journey(page, login, transactional_db):
    boss = factories.supervisor(username="sup.cs")
    cm = factories.care_manager(username="cm.cs", supervisor=boss)
    eastside_user = factories.cbo_staff(username="cbo.east")
    eastside_user.organization.name = "Eastside Partners"
    eastside_user.organization.save()
    OfferingFactory(county="Los Angeles", service="transitional_rent")
    make_provider(organization=eastside_user.organization, capacity=12)
    member, sdoh = _screened_member(cm)

    login(cm)
    page.goto(f"/members/{member.pk}/assessments/{sdoh.pk}/")
    page.locator("a[data-refer=transitional_rent]").click()
    page.get_by_label("Provider", exact=True).select_option(
        label="Eastside Partners (capacity 12, 0 open referrals)"
    )
    page.get_by_label("Reason for the referral").fill("Homeless; at risk of losing shelter bed")
    page.get_by_role("button", name="Send referral").click()
    page.locator("[data-status]", has_text="Sent").wait_for()
    referral = Referral.objects.get(member=member)

    _switch(page, login, eastside_user)
    page.goto("/referrals/inbox/")
    page.get_by_role("link", name="Garcia, Maria").click()
    page.get_by_role("button", name="Accept").click()
    page.locator("[data-status]", has_text="Accepted").wait_for()

    _switch(page, login, boss)
    page.goto(f"/referrals/{referral.pk}/")
    today = timezone.localdate()
    page.get_by_label("Authorization number").fill("TR-2026-1")
    page.get_by_label("Start").fill(today.isoformat())
    page.get_by_label("End", exact=True).fill((today + datetime.timedelta(days=119)).isoformat())
    page.get_by_label("Units").fill("4")
    page.get_by_role("button", name="Check the limit and authorize").click()
    page.get_by_role("cell", name="0 of 6 months used; 4 asked").wait_for()

    _switch(page, login, eastside_user)
    page.goto(f"/referrals/{referral.pk}/")
    page.get_by_label("From").fill(today.isoformat())
    page.get_by_label("To", exact=True).fill(today.isoformat())
    page.get_by_label("Units delivered").fill("1")
    page.get_by_role("button", name="Record service").click()
    page.locator("[data-status]", has_text="In service").wait_for()
    page.get_by_role("button", name="Service completed").click()
    page.locator("[data-status]", has_text="Completed").wait_for()

    _switch(page, login, cm)
    page.goto(f"/referrals/{referral.pk}/")
    page.get_by_label("Closure reason").select_option("service_completed")
    page.get_by_label("Yes").check()
    page.get_by_label("Connected on").fill(today.isoformat())
    page.get_by_role("button", name="Close referral").click()
    page.locator("[data-status]", has_text="Closed").wait_for()

    admin = factories.plan_admin(username="admin.cs")
    _switch(page, login, admin)
    page.goto(f"/community-supports/report/?month={today:%Y-%m}")
    assert member.cin in page.content()
    assert "100.0" in page.content()  # % connected

    # Over the limit: 4 months used already; 3 more asked.
    other = MemberFactory(care_manager=cm, county="Los Angeles",
                          enrollment_start=datetime.date(2024, 1, 1))  # fmt: skip
    AuthorizationFactory(member=other, service="transitional_rent", units=4)
    from referrals import services

    over = services.create_referral(member=other, service="transitional_rent",
                                    provider=referral.provider, reason="x", urgency="routine",
                                    by=cm)  # fmt: skip
    services.accept(over, by=eastside_user, version=over.version)
    _switch(page, login, boss)
    page.goto(f"/referrals/{over.pk}/")
    page.get_by_label("Authorization number").fill("TR-2026-2")
    page.get_by_label("Start").fill(today.isoformat())
    page.get_by_label("End", exact=True).fill((today + datetime.timedelta(days=80)).isoformat())
    page.get_by_label("Units").fill("3")
    page.get_by_role("button", name="Check the limit and authorize").click()
    page.get_by_text("4 of 6 months used; 3 asked").first.wait_for()
    page.get_by_label("Override reason (only when over a limit)").fill("Placement in 3 weeks")
    page.get_by_role("button", name="Check the limit and authorize").click()
    page.locator("[data-status]", has_text="Authorized").wait_for()
    over.refresh_from_db()
    assert over.authorization.override_reason == "Placement in 3 weeks"
