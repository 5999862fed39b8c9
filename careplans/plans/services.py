"""The individualized care plan: the reads a plan page needs and every write to a plan.

Each write is one transaction and one django-reversion revision of the whole plan (the plan
follows its problems, goals, tasks and team, careplans/history.py), so the Versions page can put
any two saves side by side. Each write also names the plan revision the user started from: an
atomic `UPDATE ... SET revision = revision + 1 WHERE id = %s AND revision = %s` takes it, and
when no row matches someone else saved first, so the write is refused with who and when
(StalePlanError) instead of silently overwriting their work.

Rules kept here (plan policy under the CMS D-SNP Model of Care; DHCS ECM Policy Guide, care
plan): a plan is for an enrolled member, one active plan per program; a goal has a target date;
a new task is not already overdue; the member's acknowledgement is dated between the plan's
creation and today; a task marked done records when.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

import reversion
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.utils import timezone

from accounts import access
from careplans.assessments.sud import SUD_NEEDS
from careplans.clocks.services import refresh_after_commit
from careplans.models import (
    CarePlan,
    CarePlanGoal,
    CarePlanProblem,
    CarePlanStatus,
    CarePlanTask,
    CareTeamMember,
    GoalProposal,
    GoalStatus,
    Need,
    TaskOwner,
    TaskStatus,
)
from careplans.plans.selectors import enrolled_program, last_change
from members.models import Member

NOT_ENROLLED = (
    "A care plan is for an enrolled member: enroll the member in CICM or ECM before "
    "creating their care plan."
)
ALREADY_ACTIVE = "The member already has an active {program} care plan; open it to change it."


class StalePlanError(Exception):
    """Someone saved the plan after the user opened it; their save is refused, nothing lost."""

    def __init__(self, *, current_revision: int, changed_by: str, changed_at):
        self.current_revision = current_revision  # the form and the API resend it to retry
        when = timezone.localtime(changed_at).strftime("%Y-%m-%d %H:%M") if changed_at else "?"
        super().__init__(
            f"This care plan was changed by {changed_by} at {when} while you were editing; "
            "your changes are below, review and save again."
        )


# Selectors ---------------------------------------------------------------------------------


def _need_is_sud(need_id) -> bool:
    return bool(need_id) and Need.objects.filter(pk=need_id, code__in=SUD_NEEDS).exists()


# Writes --------------------------------------------------------------------------------------


@contextmanager
def _plan_change(*, plan: CarePlan, revision: int, by, comment: str) -> Iterator[CarePlan]:
    """One checked, versioned change of a plan: take the revision, change, save the whole plan."""
    with reversion.create_revision(atomic=True):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE careplans_careplan SET revision = revision + 1, updated_at = %s "
                "WHERE id = %s AND revision = %s",
                [timezone.now(), plan.pk, revision],
            )
            taken = cursor.rowcount == 1
        if not taken:
            current = CarePlan.objects.filter(pk=plan.pk).values_list("revision", flat=True)
            who, when = last_change(plan.pk)
            raise StalePlanError(
                current_revision=current.first() or revision,
                changed_by=who,
                changed_at=when,
            )
        plan.revision = revision + 1
        yield plan
        # Saved last, with the parts read afresh (not a prefetch from before the change), so the
        # revision follows the parts as they are now: changed as saved, removed ones gone.
        getattr(plan, "_prefetched_objects_cache", {}).clear()
        plan.save()
        reversion.set_user(by)
        reversion.set_comment(comment)


def version_plans_changed_elsewhere(*, plan_ids, comment: str) -> None:
    """Save a version of each plan that a set-based write outside these services changed (a
    CBO's open tasks given back to the plan care manager when the CBO's access ends), so the
    plan's history shows the change and why. The system made it: the version has no user."""
    for plan in CarePlan.objects.filter(pk__in=plan_ids):
        with reversion.create_revision(atomic=True):
            reversion.add_to_revision(plan)
            reversion.set_comment(comment)


def create_care_plan(*, member: Member, problems: list[dict], by) -> CarePlan:
    """Start the member's plan with problems (each {"description", optional "source"}).

    A problem's `source` is the AssessmentNeed it came from, which also gives its need (and so
    its Z codes); problems added by hand have neither.
    """
    program = enrolled_program(member)
    if program is None:
        raise ValidationError(NOT_ENROLLED)
    if CarePlan.objects.filter(
        member=member, program=program, status=CarePlanStatus.ACTIVE
    ).exists():
        raise ValidationError(ALREADY_ACTIVE.format(program=program))
    rows = [p for p in problems if (p.get("description") or "").strip()]
    sud_needs = set(Need.objects.filter(code__in=SUD_NEEDS).values_list("pk", flat=True))
    try:
        with reversion.create_revision(atomic=True):
            plan = CarePlan.objects.create(
                member=member, program=program, created_by=by, created_on=timezone.localdate()
            )
            CarePlanProblem.objects.bulk_create(
                CarePlanProblem(
                    plan=plan,
                    source=problem.get("source"),
                    need_id=problem["source"].need_id if problem.get("source") else None,
                    description=problem["description"].strip()[:300],
                    sud=bool(problem.get("source")) and problem["source"].need_id in sud_needs,
                )
                for problem in rows
            )
            plan.save()  # the revision follows the plan to its problems
            reversion.set_user(by)
            reversion.set_comment(f"Care plan created with {len(rows)} problem(s)")
    except IntegrityError:
        raise ValidationError(ALREADY_ACTIVE.format(program=program)) from None
    refresh_after_commit(member.pk)  # the care plan clock stops, the review clock starts
    return plan


def add_problem(
    *, plan: CarePlan, revision: int, description: str, need=None, sud: bool = False, by
) -> CarePlanProblem:
    """A problem written by hand; `need` (from the catalog) gives it that need's Z codes, and an
    SUD need makes it SUD (42 CFR Part 2) whatever the form says."""
    with _plan_change(plan=plan, revision=revision, by=by, comment="Problem added"):
        return CarePlanProblem.objects.create(
            plan=plan,
            description=description.strip(),
            need=need,
            sud=sud or _need_is_sud(getattr(need, "pk", None)),
        )


_KEEP = object()


def update_problem(
    *,
    problem: CarePlanProblem,
    revision: int,
    description: str,
    resolved_on,
    need=_KEEP,
    sud: bool | None = None,
    by,
) -> CarePlanProblem:
    """Change a problem; one made from an SUD need stays SUD whatever the form says."""
    if resolved_on and resolved_on > timezone.localdate():
        raise ValidationError({"resolved_on": "A problem cannot be resolved in the future."})
    with _plan_change(plan=problem.plan, revision=revision, by=by, comment="Problem changed"):
        problem.description = description.strip()
        problem.resolved_on = resolved_on
        if need is not _KEEP:
            problem.need = need
        if sud is not None:
            problem.sud = sud or _need_is_sud(problem.need_id)
        problem.save()
    return problem


def _check_goal(target_date) -> None:
    if target_date is None:
        raise ValidationError({"target_date": "A goal needs a target date."})


def add_goal(
    *,
    plan: CarePlan,
    revision: int,
    problem,
    member_words,
    measurable_goal,
    target_date,
    status,
    sud: bool = False,
    by,
) -> CarePlanGoal:
    """A goal of an SUD problem is SUD data too."""
    _check_goal(target_date)
    with _plan_change(plan=plan, revision=revision, by=by, comment="Goal added"):
        return CarePlanGoal.objects.create(
            plan=plan,
            problem=problem,
            member_words=member_words,
            measurable_goal=measurable_goal,
            target_date=target_date,
            status=status,
            sud=sud or bool(problem and problem.sud),
        )


def update_goal(
    *,
    goal: CarePlanGoal,
    revision: int,
    problem,
    member_words,
    measurable_goal,
    target_date,
    status,
    sud: bool | None = None,
    by,
) -> CarePlanGoal:
    _check_goal(target_date)
    with _plan_change(plan=goal.plan, revision=revision, by=by, comment="Goal changed"):
        if sud is not None:
            goal.sud = sud or bool(problem and problem.sud)
        goal.problem = problem
        goal.member_words = member_words
        goal.measurable_goal = measurable_goal
        goal.target_date = target_date
        goal.status = status
        goal.save()
    return goal


def _check_task(*, due_on, owner_user, owner_name, owner=None) -> None:
    if due_on is None:
        raise ValidationError({"due_on": "A task needs a due date."})
    if not owner_user and not (owner_name or "").strip():
        raise ValidationError({"owner_name": "Name who does it: pick a user or type a name."})
    if (
        owner_user
        and owner
        and owner != TaskOwner.CBO_CARE_MANAGER
        and access.is_partner(owner_user)
    ):
        raise ValidationError(
            {"owner": "A task owned by the CBO's care manager has the owner CBO care manager."}
        )


def add_task(
    *,
    plan: CarePlan,
    revision: int,
    goal,
    description,
    owner,
    owner_user,
    owner_name,
    due_on,
    sud: bool = False,
    by,
) -> CarePlanTask:
    """A task of an SUD goal is SUD data too."""
    _check_task(due_on=due_on, owner_user=owner_user, owner_name=owner_name, owner=owner)
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": "A new task cannot be due in the past."})
    with _plan_change(plan=plan, revision=revision, by=by, comment="Task added"):
        return CarePlanTask.objects.create(
            plan=plan,
            goal=goal,
            description=description,
            owner=owner,
            owner_user=owner_user,
            owner_name=owner_name,
            due_on=due_on,
            created_on=timezone.localdate(),
            sud=sud or bool(goal and goal.sud),
        )


def update_task(
    *,
    task: CarePlanTask,
    revision: int,
    goal,
    description,
    owner,
    owner_user,
    owner_name,
    due_on,
    status,
    sud: bool | None = None,
    by,
) -> CarePlanTask:
    """Change a task; marking it done records today as completed_on (kept if already done)."""
    _check_task(due_on=due_on, owner_user=owner_user, owner_name=owner_name, owner=owner)
    with _plan_change(plan=task.plan, revision=revision, by=by, comment="Task changed"):
        if status == TaskStatus.DONE:
            task.completed_on = task.completed_on or timezone.localdate()
            task.completed_by = task.completed_by or by
        else:
            task.completed_on = None
            task.completed_by = None
        if sud is not None:
            task.sud = sud or bool(goal and goal.sud)
        task.goal = goal
        task.description = description
        task.owner = owner
        task.owner_user = owner_user
        task.owner_name = owner_name
        task.due_on = due_on
        task.status = status
        task.save()
    return task


def add_team_member(
    *, plan: CarePlan, revision: int, name, role, organization="", phone="", user=None, by
) -> CareTeamMember:
    with _plan_change(plan=plan, revision=revision, by=by, comment="Care team member added"):
        return CareTeamMember.objects.create(
            plan=plan, name=name, role=role, organization=organization, phone=phone, user=user
        )


def remove_team_member(*, team_member: CareTeamMember, revision: int, by) -> None:
    with _plan_change(
        plan=team_member.plan, revision=revision, by=by, comment="Care team member removed"
    ):
        team_member.delete()


def record_acknowledgement(
    *, plan: CarePlan, revision: int, acknowledged_on: datetime.date, method: str, by
) -> CarePlan:
    """The member's acknowledgement of the plan: signed, verbal, or declined, and when."""
    if acknowledged_on < plan.created_on:
        raise ValidationError(
            {"acknowledged_on": "The acknowledgement cannot be dated before the plan was created."}
        )
    if acknowledged_on > timezone.localdate():
        raise ValidationError({"acknowledged_on": "The acknowledgement cannot be in the future."})
    with _plan_change(plan=plan, revision=revision, by=by, comment="Member acknowledgement"):
        plan.acknowledged_on = acknowledged_on
        plan.acknowledgement_method = method
    return plan


def mark_reviewed(*, plan: CarePlan, revision: int, by) -> CarePlan:
    """Record today's review; the care plan review clock counts from it."""
    with _plan_change(plan=plan, revision=revision, by=by, comment="Care plan reviewed"):
        plan.last_reviewed_on = timezone.localdate()
    refresh_after_commit(plan.member_id)  # the review clock counts from the review
    return plan


# A CBO partner's changes ---------------------------------------------------------------------


def propose_goal(
    *, plan: CarePlan, revision: int, problem, member_words, measurable_goal, target_date, by
) -> CarePlanGoal:
    """A CBO partner proposes a goal; it joins the plan once the plan care manager accepts it."""
    _check_goal(target_date)
    with _plan_change(plan=plan, revision=revision, by=by, comment="Goal proposed by the CBO"):
        return CarePlanGoal.objects.create(
            plan=plan,
            problem=problem,
            member_words=member_words,
            measurable_goal=measurable_goal,
            target_date=target_date,
            status=GoalStatus.NOT_STARTED,
            sud=bool(problem and problem.sud),
            proposal=GoalProposal.PROPOSED,
            proposed_by=by,
        )


def decide_goal_proposal(
    *, goal: CarePlanGoal, revision: int, accept: bool, note: str = "", by
) -> CarePlanGoal:
    """The plan care manager accepts or rejects (with a reason) a goal the CBO proposed."""
    if goal.proposal != GoalProposal.PROPOSED:
        raise ValidationError("This goal is not waiting for a decision.")
    if not accept and not note.strip():
        raise ValidationError({"proposal_note": "Say why the proposed goal is rejected."})
    verb = "accepted" if accept else "rejected"
    with _plan_change(plan=goal.plan, revision=revision, by=by, comment=f"Proposed goal {verb}"):
        goal.proposal = GoalProposal.ACCEPTED if accept else GoalProposal.REJECTED
        goal.proposal_note = note.strip()[:300]
        goal.save(update_fields=["proposal", "proposal_note"])
    return goal


def complete_task(*, task: CarePlanTask, revision: int, by) -> CarePlanTask:
    """Mark an open task done (a CBO partner's task assigned to their organisation)."""
    if task.status != TaskStatus.OPEN:
        raise ValidationError("Only an open task can be completed.")
    with _plan_change(plan=task.plan, revision=revision, by=by, comment="Task completed"):
        task.status = TaskStatus.DONE
        task.completed_on = timezone.localdate()
        task.completed_by = by
        task.save(update_fields=["status", "completed_on", "completed_by"])
    return task
