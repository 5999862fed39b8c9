"""Reads of care plans: the member's active or latest plan with its parts, the problems an
assessment suggests, who changed a plan last, and who may own a task.
"""

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from reversion.models import Version

from accounts import access
from accounts.roles import PLAN_ROLES, Role
from careplans.models import (
    AssessmentNeed,
    AssessmentStatus,
    CarePlan,
    CarePlanGoal,
    CarePlanProblem,
    CarePlanStatus,
    CarePlanTask,
    CareTeamMember,
    EnrollmentStatus,
    GoalProposal,
    ProgramEnrollment,
    TaskOwner,
)
from members.models import Member


def enrolled_program(member: Member) -> str | None:
    """The program the member is enrolled in now (CICM or ECM), or None."""
    return (
        ProgramEnrollment.objects.filter(member=member, status=EnrollmentStatus.ENROLLED)
        .order_by("-enrolled_on", "-id")
        .values_list("program", flat=True)
        .first()
    )


def plan_with_parts(plans, *, hide_sud: bool = False) -> CarePlan | None:
    """The first plan of `plans` with all its parts, in five queries whatever their number (one
    when there is no plan: the parts' querysets are only built for a plan, building them cost
    more than the member page's lookup of no plan).

    `hide_sud` leaves out the parts tagged SUD (42 CFR Part 2), for a reader without Part 2
    consent; rejected goal proposals are never part of the plan.
    """
    plan = plans.select_related("created_by").first()
    if plan is None:
        return None
    sud = Q(sud=False) if hide_sud else Q()
    prefetch_related_objects(
        [plan],
        Prefetch("problems", queryset=CarePlanProblem.objects.filter(sud).select_related("need")),
        Prefetch(
            "goals",
            queryset=CarePlanGoal.objects.filter(sud)
            .exclude(proposal=GoalProposal.REJECTED)
            .select_related("proposed_by"),
        ),
        Prefetch(
            "tasks",
            queryset=CarePlanTask.objects.filter(sud).select_related("owner_user", "completed_by"),
        ),
        Prefetch("team", queryset=CareTeamMember.objects.all()),
    )
    return plan


def part_of(parts, part_id: int):
    """The plan's problem, goal, task or team member with this id, from the prefetched parts
    (no query), or None when it belongs to no part of this plan."""
    return next((part for part in parts.all() if part.pk == part_id), None)


def latest_plan(member: Member) -> CarePlan | None:
    """The member's newest plan, active or not: its versions stay readable after it closes."""
    return CarePlan.objects.filter(member=member).order_by("-created_on", "-id").first()


def active_plan(member: Member, *, reader=None) -> CarePlan | None:
    """The member's active care plan with its problems, goals, tasks and team, as `reader`
    may see it: without the SUD-tagged parts unless they may see the member's SUD records."""
    hide_sud = reader is not None and not access.may_see_sud(reader, member)
    return plan_with_parts(
        CarePlan.objects.filter(member=member, status=CarePlanStatus.ACTIVE).order_by(
            "-created_on", "-id"
        ),
        hide_sud=hide_sud,
    )


def plan_has_sud(plan: CarePlan | None) -> bool:
    """Does the plan as read (prefetched parts) show SUD data? Then the 42 CFR 2.32 notice goes
    with it to a CBO partner."""
    if plan is None:
        return False
    parts = (*plan.problems.all(), *plan.goals.all(), *plan.tasks.all())
    return any(part.sud for part in parts)


def partner_may_complete(task: CarePlanTask, user) -> bool:
    """A CBO partner completes the tasks assigned to their organisation: owned by one of its
    users, or owned by "the CBO care manager" with no user named (the member is shared with
    their organisation, or they would not see the plan)."""
    if task.status != "open":
        return False
    if task.owner_user_id is not None:
        return task.owner_user.organization_id == user.organization_id
    return task.owner == TaskOwner.CBO_CARE_MANAGER


def suggested_problems(member: Member) -> list[AssessmentNeed]:
    """Needs flagged by the member's completed assessments, the latest flag of each need."""
    flagged = (
        AssessmentNeed.objects.filter(
            assessment__member=member, assessment__status=AssessmentStatus.COMPLETED
        )
        .select_related("need", "assessment__question_set")
        .order_by("need__label", "need_id", "-assessment__completed_on", "-id")
    )
    latest: dict[int, AssessmentNeed] = {}
    for flag in flagged:
        latest.setdefault(flag.need_id, flag)
    return list(latest.values())


def last_change(plan_id: int) -> tuple[str, datetime.datetime | None]:
    """Who saved the plan last and when (its newest revision)."""
    version = (
        Version.objects.get_for_model(CarePlan)
        .filter(object_id=str(plan_id))
        .select_related("revision__user")
        .order_by("-revision_id")
        .first()
    )
    if version is None:
        return "someone", None
    user = version.revision.user
    who = str(user) if user else "someone"
    return who, version.revision.date_created


# Other apps add who else may own a member's tasks as a portal user: key -> f(member_id) -> a
# queryset of users (cbo_partners: the member's CBO care manager). careplans may not import them.
task_owner_sources: dict[str, Callable[[int], QuerySet]] = {}


def task_owner_candidates(member_id: int | None = None) -> QuerySet:
    """Who may own a care-plan task as a portal user: active plan staff (a plan role, and not
    CBO staff), and for `member` the users the registered sources add (the member's CBO care
    manager of an open accepted assignment), as one query."""
    users = get_user_model().objects
    plan_staff = Q(
        pk__in=users.filter(is_active=True, groups__name__in=[str(r) for r in PLAN_ROLES])
        .exclude(groups__name=Role.CBO_STAFF)
        .values("pk")
    )
    for source in task_owner_sources.values() if member_id is not None else ():
        plan_staff |= Q(pk__in=source(member_id).values("pk"))
    return users.filter(plan_staff).order_by("last_name", "first_name", "username")


def goals_by_problem(plan: CarePlan) -> list[tuple[CarePlanProblem | None, list[CarePlanGoal]]]:
    """The plan's goals under their problem, in the problems' order, then the goals tied to no
    problem (None); from the prefetched parts, no query. Problems without goals are left out."""
    goals = list(plan.goals.all())
    groups = []
    for problem in plan.problems.all():
        mine = [goal for goal in goals if goal.problem_id == problem.pk]
        if mine:
            groups.append((problem, mine))
    loose = [goal for goal in goals if goal.problem_id is None]
    if loose:
        groups.append((None, loose))
    return groups
