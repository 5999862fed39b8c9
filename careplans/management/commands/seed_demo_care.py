"""Demo care management for `make run`, after `seed_demo_eligibility`.

Through the real services only: enrolls about ten of cm.garcia's caseload members who are
eligible in the current evaluation (identified -> outreach -> enrolled, on past days), logs their
outreach attempts and contacts, completes an SDOH screening (English or Spanish) that flags needs
for a few and an HRA for some, and starts care plans with a goal and a task for some, so the
member page, the task list and the team overdue table have something to show. Then it loads
an HRA history (hra_history.csv) for the assigned D-SNP members, as a plan going live would,
and every member's clocks are recomputed.

The demo is true to a working caseload, so "My tasks" is the short list a care manager acts on
this week, not a backlog the data made up: enrolled members had a check-in call two weeks
after enrolling (one went unanswered), the plan tasks fall due over the coming weeks, and every
discharge since go-live had its transition-of-care call two days later, except those of the
last few days, still to make.

Safe to run again: each step looks at what the member already has (an episode, an assessment
of the kind, a care plan, any contact) and is skipped when it is there, so a second run changes
nothing. Members whose episode a user ended are left alone.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from careplans.assessments import selectors as assessment_selectors
from careplans.assessments import services as assessments
from careplans.clocks import history
from careplans.clocks import services as clocks
from careplans.clocks.selectors import current_settings
from careplans.models import (
    OPEN_ENROLLMENT_STATUSES,
    Assessment,
    AssessmentKind,
    CarePlan,
    Contact,
    EnrollmentStatus,
    EnrollmentTransition,
    GoalStatus,
    ProgramEnrollment,
    TaskOwner,
)
from careplans.outreach import services as contacts
from careplans.outreach.enrollment import change_enrollment
from careplans.plans import selectors as plan_selectors
from careplans.plans import services as care_plans
from eligibility.evaluation import current_run
from eligibility.models import Determination, EligibilityStatus, UtilizationEvent
from members.models import Member

CARE_MANAGER = "cm.garcia"
MEMBERS_TO_ENROLL = 10

# What each screened member answers beyond "no risk", by position in the enrolled list, and the
# language they are screened in. The needs each flags are named in the comments.
SCREENINGS = [
    ("en", {"food_worried": "often", "food_ran_out": "sometimes", "living_situation": "worried"}),
    # food insecurity Z59.41, housing instability
    ("es", {"food_worried": "sometimes", "transportation": "yes"}),
    # food insecurity, transportation insecurity Z59.82
    ("en", {"utilities": "yes", "financial_strain": "very_hard", "lives_alone": "yes"}),
    # utility insecurity Z59.12, financial strain, lives alone Z60.2
    ("es", {"living_situation": "not_steady", "housing_problems": ["mold", "pests"]}),
    # housing instability, inadequate housing Z59.10-Z59.19
    ("en", {"lives_alone": "yes"}),
]
HRAS = {0: {"fell_past_year": "yes"}, 1: {}, 2: {"medication_trouble": "yes"}, 3: {}}
PLANS = (0, 1, 2)  # members 3 and 4 are screened but still wait for their care plan
# Days from today to each plan's first task: one this week, the others later this season.
TASK_DUE_IN_DAYS = {0: 5, 1: 24, 2: 40}
# Two weeks after enrolling, a check-in call; member 1's went unanswered (a message left).
CHECK_IN_AFTER_DAYS = 14
CHECK_IN_MISSED = 1
# Discharges of the last days whose transition-of-care call is still to make (within its
# 7 days); every earlier discharge since go-live had its call two days after.
TOC_CALL_AFTER_DAYS = 2
TOC_STILL_TO_CALL_DAYS = 3
DISCHARGES = ("inpatient_admission", "snf_stay")  # what starts the clock (clocks/rules.py)

GOALS = {
    "food_insecurity": (
        "I want to have enough food until the end of the month.",
        "Enrolled in medically tailored meals and CalFresh",
        "Refer to the medically tailored meals provider",
    ),
    "housing_instability": (
        "I want to keep my apartment.",
        "Housing navigation visit completed",
        "Refer to housing navigation",
    ),
    "utility_insecurity": (
        "I don't want the lights cut off.",
        "Enrolled in LIHEAP and the medical baseline program",
        "Help the member apply to LIHEAP",
    ),
}
DEFAULT_GOAL = (
    "I want to stay well at home.",
    "Member reports the need is met",
    "Call the member to review the plan",
)


def _day_at(day: datetime.date, hour: int) -> datetime.datetime:
    """That hour of a plan-local day, or a little before now when it is still to come today."""
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return min(at, timezone.now() - datetime.timedelta(minutes=5))


class Command(BaseCommand):
    help = "Enroll, screen, plan and contact a few of cm.garcia's members (after the demo)."

    def handle(self, *args, **options):
        garcia = User.objects.filter(username=CARE_MANAGER).first()
        run = current_run()
        if garcia is None or run is None:
            raise CommandError("Run `manage.py seed_demo` and `seed_demo_eligibility` first.")
        for kind in AssessmentKind.values:
            if assessment_selectors.published_question_set(kind) is None:
                raise CommandError("Run `manage.py load_question_sets` first.")
        self.today = timezone.localdate()
        self.by = garcia
        self.counts = dict.fromkeys(("enrolled", "assessments", "plans", "contacts", "toc"), 0)
        members = self._members_to_enroll(run, garcia)
        for index, (member, program) in enumerate(members):
            enrolled_on = self._enroll(member, program, index)
            if enrolled_on is None:
                continue
            self._contacts(member, enrolled_on, index)
            if index < len(SCREENINGS):
                language, answers = SCREENINGS[index]
                self._assess(member, AssessmentKind.SDOH, language, answers)
            if index in HRAS:
                self._assess(member, AssessmentKind.HRA, "en", HRAS[index])
            if index in PLANS:
                self._plan(member, index)
        # The HRAs and care plans done before the portal (careplans/clocks/history.py).
        history_job = history.load_demo_history(out_dir=Path(settings.BASE_DIR) / "var" / "demo")
        if history_job.status != history_job.Status.SUCCEEDED:
            raise CommandError(f"Demo HRA history import {history_job.status}.")
        clocks.refresh_member_clocks(member_ids=None)
        self._follow_up_discharges()  # reads the transition-of-care clocks just computed
        running = clocks.refresh_member_clocks(member_ids=None)
        c = self.counts
        self.stdout.write(
            f"Demo care management for {CARE_MANAGER}: {c['enrolled']} members enrolled, "
            f"{c['assessments']} assessments completed, {c['plans']} care plans, "
            f"{c['contacts']} outreach attempts and contacts; {c['toc']} transition-of-care "
            f"calls for the caseloads' discharges since go-live; {running} clocks running."
        )

    def _members_to_enroll(self, run, garcia) -> list[tuple[Member, str]]:
        """The first caseload members (by CIN) eligible in the current run, with the program."""
        eligible = (
            Determination.objects.filter(
                run=run, member__care_manager=garcia, status=EligibilityStatus.ELIGIBLE
            )
            .select_related("member")
            .order_by("member__cin", "program")
        )
        picked: dict[int, tuple[Member, str]] = {}
        for determination in eligible:
            if len(picked) == MEMBERS_TO_ENROLL:
                break
            picked.setdefault(
                determination.member_id, (determination.member, determination.program)
            )
        return list(picked.values())

    def _enroll(self, member: Member, program: str, index: int) -> datetime.date | None:
        """Walk the member's episode to enrolled on past days; the day they enrolled.

        None, and nothing done, when a user ended the member's episode: a re-run never reopens
        someone's decision (and the members picked keep their places in the lists above).
        """
        episodes = ProgramEnrollment.objects.filter(member=member, program=program)
        episode = episodes.filter(status__in=OPEN_ENROLLMENT_STATUSES).first()
        if episode is None and episodes.exists():
            return None
        if episode is not None and episode.status == EnrollmentStatus.ENROLLED:
            return episode.enrolled_on
        last = (
            EnrollmentTransition.objects.filter(enrollment=episode)
            .order_by("-effective_on")
            .values_list("effective_on", flat=True)
            .first()
        ) or self.today - datetime.timedelta(days=30)
        identified_on = last
        outreach_on = max(last, self.today - datetime.timedelta(days=28 - index))
        enrolled_on = max(outreach_on, self.today - datetime.timedelta(days=25 - 2 * index))
        steps = [
            (EnrollmentStatus.IDENTIFIED, identified_on, ""),
            (EnrollmentStatus.OUTREACH, outreach_on, "Called the member"),
            (EnrollmentStatus.ENROLLED, enrolled_on, "Member agreed to care management"),
        ]
        done = {
            None: 0,
            EnrollmentStatus.IDENTIFIED: 1,
            EnrollmentStatus.OUTREACH: 2,
        }[episode.status if episode else None]
        for to_status, effective_on, note in steps[done:]:
            change_enrollment(
                member=member,
                program=program,
                to_status=to_status,
                effective_on=effective_on,
                note=note,
                by=self.by,
            )
        self.counts["enrolled"] += 1
        return enrolled_on

    def _contacts(self, member: Member, enrolled_on: datetime.date, index: int) -> None:
        """An unanswered call before enrollment, for most a call that reached them, and a
        check-in call two weeks later (member CHECK_IN_MISSED's unanswered)."""
        if Contact.objects.filter(member=member).exists():
            return
        agreed = "Agreed to enroll; prefers morning calls"
        calls = [(enrolled_on - datetime.timedelta(days=2), 10, "nobody", "no_answer", "")]
        if index % 3 != 2:
            calls.append((enrolled_on, 11, "member", "reached", agreed))
        check_in = enrolled_on + datetime.timedelta(days=CHECK_IN_AFTER_DAYS)
        if check_in < self.today:
            calls.append(
                (check_in, 9, "nobody", "left_message", "Check-in call; left a message")
                if index == CHECK_IN_MISSED
                else (check_in, 9, "member", "reached", "Check-in call; the plan is on track")
            )
        for day, hour, reached, outcome, note in calls:
            reached_them = reached != "nobody"
            contacts.record_contact(
                member=member,
                kind="contact" if reached_them else "outreach",
                occurred_at=_day_at(day, hour),
                mode="phone",
                reached=reached,
                outcome=outcome,
                duration_minutes=20 if reached_them else None,
                note=note,
                by=self.by,
            )
            self.counts["contacts"] += 1

    def _assess(self, member: Member, kind: str, language: str, answers: dict) -> None:
        if Assessment.objects.filter(member=member, question_set__kind=kind).exists():
            return
        assessment = assessments.start_assessment(
            member=member, kind=kind, language=language, by=self.by
        )
        answers = {**assessment_selectors.least_risk_answers(assessment.question_set), **answers}
        saved = assessments.save_answers(
            assessment=assessment, answers=answers, revision=assessment.revision, by=self.by
        )
        assessments.complete_assessment(assessment=saved, revision=saved.revision, by=self.by)
        self.counts["assessments"] += 1

    def _plan(self, member: Member, index: int) -> None:
        if CarePlan.objects.filter(member=member).exists():
            return
        flags = plan_selectors.suggested_problems(member)
        plan = care_plans.create_care_plan(
            member=member,
            problems=[{"source": flag, "description": flag.need.label} for flag in flags]
            or [{"description": "Wants help staying well at home"}],
            by=self.by,
        )
        problem = plan.problems.order_by("id").first()
        code = problem.need.code if problem.need else ""
        member_words, measurable, task = GOALS.get(code, DEFAULT_GOAL)
        goal = care_plans.add_goal(
            plan=plan,
            revision=plan.revision,
            problem=problem,
            member_words=member_words,
            measurable_goal=measurable,
            target_date=self.today + datetime.timedelta(days=90),
            status=GoalStatus.IN_PROGRESS,
            by=self.by,
        )
        care_plans.add_task(
            plan=plan,
            revision=plan.revision,
            goal=goal,
            description=task,
            owner=TaskOwner.PLAN_CARE_MANAGER,
            owner_user=self.by,
            owner_name="",
            due_on=self.today + datetime.timedelta(days=TASK_DUE_IN_DAYS[index]),
            by=self.by,
        )
        self.counts["plans"] += 1

    def _follow_up_discharges(self) -> None:
        """The transition-of-care call of every care-managed member's latest discharge since
        go-live (its clock fell due after go-live), two days after it (on go-live day at the
        earliest: the portal holds nothing before), by their care manager; the discharges of
        the last TOC_STILL_TO_CALL_DAYS days wait for theirs. A member reached since their
        discharge has no clock running and is left alone, so a second run calls nobody."""
        go_live = history.go_live() or self.today - datetime.timedelta(days=30)
        window = current_settings()["toc_follow_up"].days
        discharges = (
            UtilizationEvent.objects.filter(
                member__clocks__clock="toc_follow_up",
                member__care_manager__isnull=False,
                event_type__in=DISCHARGES,
                end_date__lte=self.today,
            )
            .values("member_id")
            .annotate(on_day=Max("end_date"))
            .filter(
                on_day__gte=go_live - datetime.timedelta(days=window),
                on_day__lte=self.today - datetime.timedelta(days=TOC_STILL_TO_CALL_DAYS),
            )
            .order_by("member_id")
        )
        for row in discharges:
            member = Member.objects.select_related("care_manager").get(pk=row["member_id"])
            day = max(row["on_day"] + datetime.timedelta(days=TOC_CALL_AFTER_DAYS), go_live)
            contacts.record_contact(
                member=member,
                kind="contact",
                occurred_at=_day_at(min(day, self.today), 14),
                mode="phone",
                reached="member",
                outcome="reached",
                duration_minutes=25,
                note="Transition of care follow-up after discharge; medications reviewed",
                by=member.care_manager,
            )
            self.counts["toc"] += 1
