"""`make run`'s demo care management: enrolled members with screenings, plans and contacts."""

from django.core.management import call_command

from careplans.models import (
    Assessment,
    AssessmentNeed,
    CarePlan,
    CarePlanTask,
    Contact,
    MemberClock,
    ProgramEnrollment,
)


def _counts() -> dict[str, int]:
    return {
        "enrolled": ProgramEnrollment.objects.filter(status="enrolled").count(),
        "assessments": Assessment.objects.count(),
        "needs": AssessmentNeed.objects.count(),
        "plans": CarePlan.objects.count(),
        "tasks": CarePlanTask.objects.count(),
        "contacts": Contact.objects.count(),
        "clocks": MemberClock.objects.count(),
    }


def test_seed_demo_care_enrolls_screens_plans_and_contacts_once(db, capsys):
    call_command("seed_demo", "--members", "60")
    call_command("load_question_sets")
    call_command("seed_demo_eligibility")
    capsys.readouterr()

    call_command("seed_demo_care")
    first = _counts()
    call_command("seed_demo_care")

    output = capsys.readouterr().out.splitlines()
    assert "0 members enrolled, 0 assessments completed, 0 care plans" in output[-1]
    assert _counts() == first
    enrolled = ProgramEnrollment.objects.filter(status="enrolled")
    assert enrolled.count() >= 5
    assert {e.member.care_manager.username for e in enrolled} == {"cm.garcia"}
    assert Assessment.objects.filter(status="completed", question_set__kind="sdoh").count() >= 3
    assert Assessment.objects.filter(language="es").exists()
    assert AssessmentNeed.objects.filter(need__code="food_insecurity").exists()
    assert first["plans"] == 3
    assert all(
        plan.goals.count() == 1 and plan.tasks.count() == 1 for plan in CarePlan.objects.all()
    )
    assert Contact.objects.filter(kind="outreach").exists()
    assert Contact.objects.filter(kind="contact").exists()
    assert MemberClock.objects.filter(clock="member_contact").count() == enrolled.count()
    portal_reviews = MemberClock.objects.filter(clock="care_plan_review").exclude(
        basis__contains="imported history"
    )  # the others count from the demo's HRA history (careplans/clocks/history.py)
    assert portal_reviews.count() == 3
