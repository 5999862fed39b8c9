"""The care plan section of a member's page, its in-place edits, and the Versions page.

The members app may not import careplans, so the member page loads the section with htmx from
`careplans:care_plan`; a plain GET gets the same section in a page of its own. Every change form
POSTs here and gets the section back: 422 with field messages, 409 when someone saved the plan
first (the user's input re-shown with the current revision, so saving again is one click).
Reading follows who may see the member (CBO partners too); changing is plan care work, a 404
for anyone else. Every rendering shows the member's record, so each writes an access-log row.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import Capability, DataCategory
from audit.models import AccessLog
from careplans.clocks.views import CLOCKS_CHANGED
from careplans.models import CarePlan
from careplans.plans import selectors as plan_selectors
from careplans.plans import services as care_plans
from careplans.plans import versions as plan_versions
from careplans.plans.forms import (
    AcknowledgementForm,
    CarePlanCreateForm,
    GoalDecisionForm,
    GoalForm,
    GoalProposalForm,
    NewTaskForm,
    PlanChangeForm,
    ProblemForm,
    ReviewForm,
    TaskForm,
    TeamMemberForm,
)
from members.models import Member

ACCESS_LOG_VIEW = AccessLog.View.CARE_PLAN


def _blank_forms(plan: CarePlan) -> dict:
    return {
        "problem_form": ProblemForm(plan=plan, prefix="problem"),
        "goal_form": GoalForm(plan=plan, prefix="goal"),
        "task_form": NewTaskForm(plan=plan, prefix="task"),
        "team_form": TeamMemberForm(plan=plan, prefix="team"),
        "ack_form": AcknowledgementForm(
            plan=plan,
            prefix="ack",
            initial={
                "acknowledged_on": plan.acknowledged_on,
                "method": plan.acknowledgement_method,
            },
        ),
        "review_form": ReviewForm(plan=plan, prefix="review"),
    }


def _render_section(request, member: Member, *, plan=None, forms=None, editing=None, status=200):
    """The section (htmx) or its page; `forms` replaces blank forms with bound ones. The plan
    is read as the user may see it (a CBO partner: no SUD parts without Part 2 consent)."""
    user = request.user
    plan = plan or plan_selectors.active_plan(member, reader=user)
    may_edit = access.may(user, Capability.DO_CARE_WORK)
    context = {
        "member": member,
        "plan": plan,
        "may_edit": may_edit,
        "editing": editing,
        "show_versions": access.may_see(user, DataCategory.CARE_PLAN_HISTORY),
        "part2_notice": access.is_partner(user) and plan_selectors.plan_has_sud(plan),
    }
    if plan is not None:
        context["goal_groups"] = plan_selectors.goals_by_problem(plan)
    if plan is not None and may_edit:
        context.update(_blank_forms(plan))
        context.update(forms or {})
    elif plan is None and may_edit:
        context["enrolled_program"] = plan_selectors.enrolled_program(member)
    if plan is not None and access.is_partner(user):
        context.update(_partner_context(user, plan, forms or {}))
    template = "careplans/_care_plan.html" if request.htmx else "careplans/care_plan.html"
    return render(request, template, context, status=status)


def _partner_context(user, plan: CarePlan, forms: dict) -> dict:
    """What a CBO partner may do on the plan: complete their organisation's tasks, propose goals."""
    context = {}
    if access.may(user, Capability.COMPLETE_PARTNER_TASKS):
        context["completable_tasks"] = {
            task.pk for task in plan.tasks.all() if plan_selectors.partner_may_complete(task, user)
        }
    if access.may(user, Capability.PROPOSE_GOALS):
        context["proposal_form"] = forms.get("proposal_form") or GoalProposalForm(
            plan=plan, prefix="proposal"
        )
    return context


def _after_change(request, member: Member, message: str, *, clocks_changed: bool = False):
    """The section again; when the change moved a clock (a new plan, a review), the page's
    "Due dates" section is told to reload."""
    messages.success(request, message)
    if request.htmx:
        response = _render_section(request, member)
        if clocks_changed:
            response["HX-Trigger"] = CLOCKS_CHANGED
        return response
    return redirect(reverse("careplans:care_plan", args=[member.pk]))


def _writer_and_plan(request, member_id: int) -> tuple[Member, CarePlan]:
    member = access.access_member(
        request, member_id, capability=Capability.DO_CARE_WORK, log_as=ACCESS_LOG_VIEW
    )
    plan = plan_selectors.active_plan(member)
    if plan is None:
        raise Http404
    return member, plan


def _part(parts, part_id: int):
    """A part of the plan by id from the prefetched parts; 404 if it belongs to another plan."""
    found = plan_selectors.part_of(parts, part_id)
    if found is None:
        raise Http404
    return found


def _save(
    request, member, plan, form: PlanChangeForm, *, key, apply, done, editing, clocks_changed=False
):
    """Validate, apply the service, and answer: the section, or the form back with messages."""
    status = 422
    if form.is_valid():
        try:
            apply(form.cleaned_data)
        except care_plans.StalePlanError as stale:
            form = _reshown(form, stale)
            status = 409
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _after_change(request, member, done, clocks_changed=clocks_changed)
    return _render_section(
        request, member, plan=plan, forms={key: form}, editing=editing, status=status
    )


def _reshown(form: PlanChangeForm, stale: care_plans.StalePlanError) -> PlanChangeForm:
    """The user's input again, now on the current revision, with who changed the plan."""
    data = form.data.copy()
    data[form.add_prefix("revision")] = str(stale.current_revision)
    again = type(form)(data, plan=form.plan, prefix=form.prefix)
    again.is_valid()
    again.add_error(None, str(stale))
    return again


@login_required
@require_GET
def care_plan(request, member_id: int):
    member = access.access_member(request, member_id, log_as=ACCESS_LOG_VIEW)
    return _render_section(request, member)


@login_required
@require_http_methods(["GET", "POST"])
def care_plan_new(request, member_id: int):
    """Start the plan: problems pre-filled from the flagged needs of completed assessments."""
    member = access.access_member(
        request, member_id, capability=Capability.DO_CARE_WORK, log_as=ACCESS_LOG_VIEW
    )
    if plan_selectors.active_plan(member) is not None:
        return redirect(reverse("careplans:care_plan", args=[member.pk]))
    suggested = plan_selectors.suggested_problems(member)
    form = CarePlanCreateForm(request.POST or None, suggested=suggested)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                care_plans.create_care_plan(
                    member=member, problems=form.problems(), by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _after_change(request, member, "Care plan created.", clocks_changed=True)
    context = {
        "member": member,
        "form": form,
        "enrolled_program": plan_selectors.enrolled_program(member),
    }
    template = "careplans/_care_plan_new.html" if request.htmx else "careplans/care_plan_new.html"
    return render(request, template, context, status=status)


PROBLEM_FIELDS = ("description", "need", "resolved_on", "sud")
GOAL_FIELDS = ("problem", "member_words", "measurable_goal", "target_date", "status", "sud")
TASK_FIELDS = ("goal", "description", "owner", "owner_user", "owner_name", "due_on", "sud")
PROPOSAL_FIELDS = ("problem", "member_words", "measurable_goal", "target_date")
TEAM_FIELDS = ("name", "role", "organization", "phone")
ACKNOWLEDGEMENT_FIELDS = ("acknowledged_on", "method")
_FOREIGN_KEYS = ("problem", "goal", "owner_user", "need")


def _add(
    request, member_id: int, *, form_class, prefix, service, fields, done, clocks_changed=False
):
    """A change of the plan as a whole or a new part: the form's fields go to the service."""
    member, plan = _writer_and_plan(request, member_id)
    form = form_class(request.POST, plan=plan, prefix=prefix)

    def apply(data):
        values = {name: data[name] for name in fields}
        service(plan=plan, revision=data["revision"], by=request.user, **values)

    return _save(
        request, member, plan, form, key=f"{prefix}_form", apply=apply, done=done, editing=None,
        clocks_changed=clocks_changed,
    )  # fmt: skip


def _edit(request, member_id: int, part_id: int, *, kind: str, form_class, service, fields, done):
    """GET opens the part's form in place of its row; POST saves it through the service."""
    member, plan = _writer_and_plan(request, member_id)
    part = _part(getattr(plan, f"{kind}s"), part_id)
    editing = (kind, part.pk)
    if request.method == "GET":
        initial = {
            name: getattr(part, f"{name}_id" if name in _FOREIGN_KEYS else name) for name in fields
        }
        form = form_class(plan=plan, prefix="edit", initial=initial)
        forms = {"edit_form": form}
        return _render_section(request, member, plan=plan, forms=forms, editing=editing)
    form = form_class(request.POST, plan=plan, prefix="edit")

    def apply(data):
        part.plan = plan
        values = {name: data[name] for name in fields}
        service(**{kind: part}, revision=data["revision"], by=request.user, **values)

    return _save(
        request, member, plan, form, key="edit_form", apply=apply, done=done, editing=editing
    )


@login_required
@require_POST
def care_plan_problem_add(request, member_id: int):
    return _add(
        request, member_id, form_class=ProblemForm, prefix="problem",
        service=care_plans.add_problem, fields=("description", "need", "sud"),
        done="Problem added.",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def care_plan_problem(request, member_id: int, problem_id: int):
    return _edit(
        request, member_id, problem_id, kind="problem", form_class=ProblemForm,
        service=care_plans.update_problem, fields=PROBLEM_FIELDS, done="Problem saved.",
    )  # fmt: skip


@login_required
@require_POST
def care_plan_goal_add(request, member_id: int):
    return _add(
        request, member_id, form_class=GoalForm, prefix="goal",
        service=care_plans.add_goal, fields=GOAL_FIELDS, done="Goal added.",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def care_plan_goal(request, member_id: int, goal_id: int):
    return _edit(
        request, member_id, goal_id, kind="goal", form_class=GoalForm,
        service=care_plans.update_goal, fields=GOAL_FIELDS, done="Goal saved.",
    )  # fmt: skip


@login_required
@require_POST
def care_plan_task_add(request, member_id: int):
    return _add(
        request, member_id, form_class=NewTaskForm, prefix="task",
        service=care_plans.add_task, fields=TASK_FIELDS, done="Task added.",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def care_plan_task(request, member_id: int, task_id: int):
    return _edit(
        request, member_id, task_id, kind="task", form_class=TaskForm,
        service=care_plans.update_task, fields=(*TASK_FIELDS, "status"), done="Task saved.",
    )  # fmt: skip


@login_required
@require_POST
def care_plan_team_add(request, member_id: int):
    return _add(
        request, member_id, form_class=TeamMemberForm, prefix="team",
        service=care_plans.add_team_member, fields=TEAM_FIELDS, done="Care team member added.",
    )  # fmt: skip


@login_required
@require_POST
def care_plan_team_remove(request, member_id: int, team_member_id: int):
    member, plan = _writer_and_plan(request, member_id)
    team_member = _part(plan.team, team_member_id)
    form = PlanChangeForm(request.POST, plan=plan, prefix="remove")

    def apply(data):
        team_member.plan = plan
        care_plans.remove_team_member(
            team_member=team_member, revision=data["revision"], by=request.user
        )

    done = "Care team member removed."
    return _save(
        request, member, plan, form, key="remove_form", apply=apply, done=done, editing=None
    )


@login_required
@require_POST
def care_plan_acknowledgement(request, member_id: int):
    return _add(
        request, member_id, form_class=AcknowledgementForm, prefix="ack",
        service=care_plans.record_acknowledgement, fields=ACKNOWLEDGEMENT_FIELDS,
        done="Acknowledgement recorded.",
    )  # fmt: skip


@login_required
@require_POST
def care_plan_review(request, member_id: int):
    return _add(
        request, member_id, form_class=ReviewForm, prefix="review",
        service=care_plans.mark_reviewed, fields=(), done="Care plan marked reviewed.",
        clocks_changed=True,
    )  # fmt: skip


def _version_number(request, key: str, default: int) -> int:
    try:
        return int(request.GET.get(key, default))
    except ValueError:
        return default


@login_required
@require_GET
def plan_version_list(request, member_id: int):
    """Every version of the member's plan, and any two of them side by side (?left=&right=)."""
    member = access.access_member(
        request, member_id, log_as=ACCESS_LOG_VIEW, category=DataCategory.CARE_PLAN_HISTORY
    )
    plan = plan_selectors.latest_plan(member)
    versions = plan_versions.plan_versions(plan) if plan else []
    comparison = None
    if versions:
        last = len(versions)
        left = plan_versions.version_by_number(
            versions, _version_number(request, "left", max(last - 1, 1))
        )
        right = plan_versions.version_by_number(versions, _version_number(request, "right", last))
        if left and right:
            comparison = plan_versions.compare_versions(left, right)
    context = {
        "member": member,
        "plan": plan,
        "versions": list(reversed(versions)),
        "comparison": comparison,
    }
    return render(request, "careplans/plan_versions.html", context)


# A CBO partner's changes and the plan care manager's answer to a proposed goal ---------------


def _partner_and_plan(request, member_id: int, capability: Capability):
    member = access.access_member(request, member_id, capability=capability, log_as=ACCESS_LOG_VIEW)
    plan = plan_selectors.active_plan(member, reader=request.user)
    if plan is None:
        raise Http404
    return member, plan


@login_required
@require_POST
def care_plan_goal_propose(request, member_id: int):
    """A CBO partner proposes a goal; the plan care manager accepts or rejects it."""
    member, plan = _partner_and_plan(request, member_id, Capability.PROPOSE_GOALS)
    form = GoalProposalForm(request.POST, plan=plan, prefix="proposal")

    def apply(data):
        care_plans.propose_goal(
            plan=plan, revision=data["revision"], by=request.user,
            **{name: data[name] for name in PROPOSAL_FIELDS},
        )  # fmt: skip

    done = "Goal proposed: the plan care manager will accept or reject it."
    return _save(
        request, member, plan, form, key="proposal_form", apply=apply, done=done, editing=None
    )


@login_required
@require_POST
def care_plan_task_complete(request, member_id: int, task_id: int):
    """A CBO partner marks done a task assigned to their organisation (404 for any other)."""
    member, plan = _partner_and_plan(request, member_id, Capability.COMPLETE_PARTNER_TASKS)
    task = _part(plan.tasks, task_id)
    if not plan_selectors.partner_may_complete(task, request.user):
        raise Http404
    form = PlanChangeForm(request.POST, plan=plan, prefix="complete")

    def apply(data):
        task.plan = plan
        care_plans.complete_task(task=task, revision=data["revision"], by=request.user)

    return _save(
        request, member, plan, form, key="complete_form", apply=apply, done="Task completed.",
        editing=None, clocks_changed=False,
    )  # fmt: skip


@login_required
@require_POST
def care_plan_goal_decide(request, member_id: int, goal_id: int):
    """The plan care manager accepts or rejects (with a reason) a goal the CBO proposed."""
    member, plan = _writer_and_plan(request, member_id)
    goal = _part(plan.goals, goal_id)
    form = GoalDecisionForm(request.POST, plan=plan, prefix=f"decide-{goal.pk}")

    def apply(data):
        goal.plan = plan
        care_plans.decide_goal_proposal(
            goal=goal, revision=data["revision"], accept=data["decision"] == "accept",
            note=data["note"], by=request.user,
        )  # fmt: skip

    return _save(
        request, member, plan, form, key="decision_form", apply=apply,
        done="Proposed goal decided.", editing=None,
    )  # fmt: skip
