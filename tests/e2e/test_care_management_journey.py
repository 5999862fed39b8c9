"""A care manager's care-management work, in Chromium: an HRA completed in the browser that
flags a need and moves the clocks; an SDOH screening in Spanish saved as a draft and completed,
the flagged need carried into a new care plan with a goal and a task, a contact logged, and the
due dates and timeline that follow. And two people saving the same care plan: the second is told
and keeps what they typed."""

import datetime
import re

from django.core.management import call_command
from django.utils import timezone

from careplans.assessments import selectors as assessment_selectors
from careplans.assessments import services as assessments
from careplans.clocks.services import refresh_member_clocks
from careplans.models import Assessment, CarePlan, Contact
from careplans.outreach.enrollment import change_enrollment
from eligibility.services import evaluate_eligibility
from tests import factories
from tests.careplans.plan_factories import care_plan_with_one_of_each
from tests.e2e.conftest import log_in_with_code
from tests.factories import MemberFactory

# The Spanish screening's answers that flag food insecurity and nothing else.
SPANISH_ANSWERS = {
    "food_worried": "Con frecuencia es verdad",
    "food_ran_out": "A veces es verdad",
    "transportation": "No",
    "utilities": "No",
    "safety_hurt": "Nunca",
    "safety_insult": "Nunca",
    "safety_threaten": "Nunca",
    "safety_scream": "Nunca",
    "financial_strain": "Nada difícil",
    "lives_alone": "No",
}


def _days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def _enrolled_member_with_an_hra(care_manager):
    """Maria, homeless, ECM-eligible, identified by the engine 20 days ago, enrolled 10 days ago,
    with an HRA completed today that flags nothing (so the care plan clock runs from today)."""
    today = timezone.localdate()
    member = MemberFactory(
        care_manager=care_manager, last_name="Garcia", first_name="Maria", housing_status="homeless"
    )
    call_command("load_question_sets")
    evaluate_eligibility(as_of=today - datetime.timedelta(days=20))
    for status, days_ago in (("outreach", 15), ("enrolled", 10)):
        change_enrollment(
            member=member,
            program="ECM",
            to_status=status,
            effective_on=today - datetime.timedelta(days=days_ago),
            by=care_manager,
        )
    hra = assessments.start_assessment(member=member, kind="hra", language="en", by=care_manager)
    hra = assessments.save_answers(
        assessment=hra,
        answers=assessment_selectors.least_risk_answers(hra.question_set),
        revision=hra.revision,
        by=care_manager,
    )
    assessments.complete_assessment(assessment=hra, revision=hra.revision, by=care_manager)
    return member


def _chip(page, clock: str):
    return page.locator(f"#member-clocks li[data-clock={clock}]")


def test_screening_flags_a_need_that_becomes_the_care_plan_and_the_clocks_follow(
    login, transactional_db
):
    care_manager = factories.care_manager(username="cm.care", first_name="Ana", last_name="Ruiz")
    member = _enrolled_member_with_an_hra(care_manager)

    page = login(care_manager)
    page.goto("/caseload/")
    page.get_by_role("link", name="Garcia, Maria").click()
    page.wait_for_url(re.compile(rf"/members/{member.pk}/$"))

    # Due dates before any care-management work: a care plan owed 30 days after the HRA, and a
    # monthly contact counted from enrollment.
    page.locator("#member-clocks .clock-chips").wait_for()
    assert f"Care plan due {_days(30)}" in _chip(page, "care_plan").inner_text()
    contact_chip = _chip(page, "member_contact").inner_text()
    assert f"Monthly contact due {_days(20)}" in contact_chip
    assert "enrollment (no contact since)" in contact_chip

    # Start the SDOH screening in Spanish; the questions are worded in Spanish.
    assessment_section = page.locator("#member-assessments")
    assessment_section.get_by_role("button", name="Start SDOH screening").wait_for()
    assessment_section.get_by_label("Language").select_option(label="Spanish")
    assessment_section.get_by_role("button", name="Start SDOH screening").click()
    page.wait_for_url(re.compile(r"/assessments/\d+/$"))
    page.get_by_text("¿Cuál es su situación de vivienda hoy?").wait_for()
    assert "Spanish" in page.locator(".page-head").inner_text()

    # A draft saved with one answer keeps it.
    question = page.locator("[data-question=living_situation]")
    question.get_by_label("Tengo un lugar estable para vivir", exact=True).check()
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Draft saved. You can come back to finish it later.").wait_for()
    assert (
        page.locator("[data-question=living_situation]")
        .get_by_label("Tengo un lugar estable para vivir", exact=True)
        .is_checked()
    )
    assert Assessment.objects.get(question_set__kind="sdoh").status == "draft"

    # Completing with questions unanswered names them, in Spanish, on the question.
    page.get_by_role("button", name="Complete").click()
    page.get_by_text("Your answers were saved, but the assessment is not complete yet.").wait_for()
    food = page.locator("[data-question=food_worried]")
    assert "le preocupó que la comida se acabara" in food.locator(".field-error").inner_text()

    # Completed with answers that say food ran out: food insecurity is flagged, nothing else.
    page.locator("[data-question=housing_problems]").get_by_label(
        "Ninguno de los anteriores"
    ).check()
    for key, label in SPANISH_ANSWERS.items():
        page.locator(f"[data-question={key}]").get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Complete").click()
    page.get_by_text("Assessment completed. The needs it flagged are shown below.").wait_for()
    needs = page.locator(".flagged-needs li")
    assert needs.count() == 1
    need = needs.first.inner_text()
    assert "Food insecurity" in need
    assert "Z59.41" in need
    assert "Medically Supportive Food / Medically Tailored Meals" in need

    # Back on the member page the screening is listed with its need.
    page.get_by_role("link", name="‹ Back to the member").click()
    page.wait_for_url(re.compile(rf"/members/{member.pk}/"))
    sdoh_row = page.locator("#member-assessments tr", has_text="SDOH screening")
    sdoh_row.wait_for()
    assert "Completed" in sdoh_row.inner_text()
    assert "Food insecurity Z59.41" in sdoh_row.inner_text()

    # The new care plan starts with the flagged need as its problem.
    plan_section = page.locator("#member-care-plan")
    plan_section.get_by_role("link", name="Create care plan").click()
    plan_section.get_by_role("heading", name="New care plan · ECM").wait_for()
    include = plan_section.get_by_label("Food insecurity (Z59.41)")
    assert include.is_checked()
    assert plan_section.get_by_label("Problem for Food insecurity").input_value() == (
        "Food insecurity"
    )
    assert "Community Supports: Medically Supportive Food" in plan_section.inner_text()
    plan_section.get_by_role("button", name="Create care plan").click()
    plan_section.get_by_text("Care plan created.").wait_for()
    problem = plan_section.locator("table.plan-problems tbody tr").first
    assert "Food insecurity" in problem.inner_text()
    assert "Z59.41" in problem.inner_text()
    # The due dates on the page follow: no care plan owed any more, a yearly review instead.
    _chip(page, "care_plan_review").wait_for()
    assert _chip(page, "care_plan").count() == 0
    assert f"Care plan review due {_days(365)}" in _chip(page, "care_plan_review").inner_text()

    # A goal without a target date is refused on that field, keeping what was typed.
    plan_section.locator("summary", has_text="Add a goal").click()  # forms open on demand
    plan_section.get_by_label("For problem").select_option(label="Food insecurity")
    plan_section.get_by_label("The member's goal, in their words").fill("Tener comida todo el mes")
    plan_section.get_by_label("Measurable goal").fill("Enrolled in medically tailored meals")
    plan_section.get_by_role("button", name="Add goal").click()
    message = page.locator("#id_goal-target_date_error")
    message.wait_for()
    assert message.inner_text() == "A goal needs a target date."
    assert plan_section.get_by_label("Measurable goal").input_value() == (
        "Enrolled in medically tailored meals"
    )
    plan_section.get_by_label("Target date").fill(_days(60))
    plan_section.get_by_role("button", name="Add goal").click()
    plan_section.get_by_text("Goal added.").wait_for()
    goal = plan_section.locator("table.plan-goals tbody tr[data-goal]").first.inner_text()
    assert "Tener comida todo el mes" in goal
    assert _days(60) in goal

    # A task for the goal, owned by the care manager.
    plan_section.locator("summary", has_text="Add a task").click()
    plan_section.get_by_label("For goal").select_option(
        label="Enrolled in medically tailored meals"
    )
    plan_section.get_by_label("Task or intervention").fill("Refer to the meals provider")
    plan_section.get_by_label("Owner", exact=True).select_option(label="Plan care manager")
    plan_section.get_by_label("Owner (portal user)").select_option(label="Ana Ruiz")
    plan_section.get_by_label("Due date").fill(_days(7))
    plan_section.get_by_role("button", name="Add task").click()
    plan_section.get_by_text("Task added.").wait_for()
    task = plan_section.locator("table.plan-tasks tbody tr").first.inner_text()
    assert "Refer to the meals provider" in task
    assert "Plan care manager: Ana Ruiz" in task
    assert _days(7) in task
    assert plan_section.locator("[data-revision]").inner_text().startswith("3")

    # A phone call that reached Maria.
    contacts = page.locator("#member-contacts")
    contacts.get_by_text("Record a contact").click()  # the form opens on demand
    contacts.get_by_label("What").select_option(label="Contact")
    contacts.get_by_label("How").select_option(label="Phone")
    contacts.get_by_label("Who was reached").select_option(label="Member")
    contacts.get_by_label("Outcome").select_option(label="Reached")
    contacts.get_by_label("Duration (minutes)").fill("20")
    contacts.get_by_label("Note").fill("Talked about the meals referral")
    contacts.get_by_role("button", name="Record").click()
    contacts.get_by_text("Recorded.").wait_for()
    assert Contact.objects.filter(member=member, kind="contact").count() == 1

    # The timeline lists the contact, the screening and each saved version of the plan.
    entries = contacts.locator(".timeline-entry")
    call = entries.filter(has_text="Contact by phone").inner_text()
    assert "Reached: Member · 20 min — Talked about the meals referral" in call
    assert "by Ana Ruiz" in call
    text = contacts.locator(".timeline-list").inner_text()
    assert text.count("ECM care plan saved") == 3
    for comment in ("Care plan created with 1 problem(s)", "Goal added", "Task added"):
        assert comment in text
    assert "SDOH screening completed" in text
    assert "SDOH screening started" in text
    assert "ECM enrollment: Enrolled" in text

    # The monthly contact clock now counts from today's call, on the page and after a reload.
    page.locator("#member-clocks li[data-clock=member_contact]", has_text=_days(30)).wait_for()
    assert "the last contact" in _chip(page, "member_contact").inner_text()
    page.reload()
    page.locator("#member-clocks .clock-chips").wait_for()
    assert _chip(page, "care_plan").count() == 0
    contact_chip = _chip(page, "member_contact").inner_text()
    assert f"Monthly contact due {_days(30)}" in contact_chip
    assert "the last contact" in contact_chip
    assert CarePlan.objects.get(member=member).revision == 3


def test_second_save_of_the_same_care_plan_is_refused_and_keeps_the_typed_goal(
    browser, live_server, page, login, transactional_db
):
    boss = factories.supervisor(username="sup.care", first_name="Renee", last_name="Johnson")
    ana = factories.care_manager(
        username="cm.care", first_name="Ana", last_name="Ruiz", supervisor=boss
    )
    member = MemberFactory(care_manager=ana, last_name="Garcia", first_name="Maria")
    care_plan_with_one_of_each(member, ana)
    member_url = f"/members/{member.pk}/"

    # Ana opens the plan in her browser.
    login(ana)
    page.goto(member_url)
    ana_plan = page.locator("#member-care-plan")
    ana_plan.locator("summary", has_text="Add a goal").wait_for()

    # Renee, her supervisor, opens it in another browser and adds a goal first.
    other = browser.new_context(base_url=live_server.url)
    try:
        renee_page = other.new_page()
        renee_page.set_default_timeout(15_000)
        log_in_with_code(renee_page, boss)
        renee_page.goto(member_url)
        renee_plan = renee_page.locator("#member-care-plan")
        renee_plan.locator("summary", has_text="Add a goal").click()
        renee_plan.get_by_label("Measurable goal").fill("Sees the PCP every 3 months")
        renee_plan.get_by_label("Target date").fill(_days(90))
        renee_plan.get_by_role("button", name="Add goal").click()
        renee_plan.get_by_text("Goal added.").wait_for()
    finally:
        other.close()

    # Ana saves her goal on the version she opened: refused, told who changed it, input kept.
    ana_plan.locator("summary", has_text="Add a goal").click()
    ana_plan.get_by_label("The member's goal, in their words").fill("Caminar cada mañana")
    ana_plan.get_by_label("Measurable goal").fill("Walks 20 minutes 5 days a week")
    ana_plan.get_by_label("Target date").fill(_days(45))
    ana_plan.get_by_role("button", name="Add goal").click()
    refusal = ana_plan.get_by_text("This care plan was changed by Renee Johnson")
    refusal.wait_for()
    assert "your changes are below, review and save again" in refusal.inner_text()
    assert ana_plan.get_by_label("Measurable goal").input_value() == (
        "Walks 20 minutes 5 days a week"
    )
    assert ana_plan.get_by_label("The member's goal, in their words").input_value() == (
        "Caminar cada mañana"
    )
    assert ana_plan.get_by_label("Target date").input_value() == _days(45)
    # The plan behind her form is the current one, with Renee's goal.
    assert "Sees the PCP every 3 months" in ana_plan.locator("table.plan-goals").inner_text()
    plan = CarePlan.objects.get(member=member)
    assert sorted(plan.goals.values_list("measurable_goal", flat=True)) == [
        "Enrolled in medically tailored meals",
        "Sees the PCP every 3 months",
    ]

    # Saving again (now on the current version) keeps both goals.
    ana_plan.get_by_role("button", name="Add goal").click()
    ana_plan.get_by_text("Goal added.").wait_for()
    goals = ana_plan.locator("table.plan-goals").inner_text()
    assert "Sees the PCP every 3 months" in goals
    assert "Walks 20 minutes 5 days a week" in goals
    plan.refresh_from_db()
    assert plan.goals.count() == 3


def _answer_in_the_browser(page, question_set, answers: dict) -> None:
    """Fill the assessment form with `answers` ({key: value or [values]}) as a user would."""
    for key, value in answers.items():
        question = page.locator(f"[data-question={key}]")
        if isinstance(value, list):
            for one in value:
                question.locator(f"input[value='{one}']").check()
        elif question.locator("input[type=radio]").count():
            question.locator(f"input[value='{value}']").check()
        else:
            question.locator("input").fill(str(value))


def test_hra_in_the_browser_flags_a_need_and_moves_the_clocks(login, transactional_db):
    """A D-SNP member enrolled 20 days ago: the initial HRA is owed; completing it in the
    browser flags the ADL need and starts the care plan and reassessment clocks."""
    care_manager = factories.care_manager(username="cm.hra", first_name="Ana", last_name="Ruiz")
    call_command("load_question_sets")
    member = MemberFactory(
        care_manager=care_manager,
        last_name="Nguyen",
        first_name="Lan",
        plan_product="DSNP:H1234-001",
        mbi="1EG4TE5MK73",
        enrollment_start=timezone.localdate() - datetime.timedelta(days=20),
    )
    refresh_member_clocks(member_ids=[member.pk])  # as the nightly refresh would have
    hra_set = assessment_selectors.published_question_set("hra")
    answers = assessment_selectors.least_risk_answers(hra_set)
    for adl in ("adl_bathing", "adl_dressing"):  # two ADLs with help needed: the ADL need
        choices = hra_set.questions.get(key=adl).choices
        answers[adl] = max(choices, key=lambda c: c.get("points", 0))["value"]

    page = login(care_manager)
    page.goto(f"/members/{member.pk}/")
    page.locator("#member-clocks .clock-chips").wait_for()
    assert f"Initial HRA due {_days(70)}" in _chip(page, "initial_hra").inner_text()

    assessment_section = page.locator("#member-assessments")
    assessment_section.get_by_role("button", name="Start HRA").click()
    page.wait_for_url(re.compile(r"/assessments/\d+/$"))
    _answer_in_the_browser(page, hra_set, answers)
    page.get_by_role("button", name="Complete").click()
    page.get_by_text("Assessment completed. The needs it flagged are shown below.").wait_for()
    flagged = page.locator(".flagged-needs").inner_text()
    assert "Needs help with 2 or more activities of daily living" in flagged
    assert "Z74.1" in flagged
    assert "Personal Care and Homemaker Services" in flagged

    page.get_by_role("link", name="‹ Back to the member").click()
    page.locator("#member-clocks .clock-chips").wait_for()
    assert _chip(page, "initial_hra").count() == 0
    assert f"Care plan due {_days(30)}" in _chip(page, "care_plan").inner_text()
    assert f"Reassessment due {_days(365)}" in _chip(page, "reassessment").inner_text()
