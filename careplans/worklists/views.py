""" "My tasks" (open care-plan tasks and running clocks), the supervisors' bulk snooze, and the
team overdue table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from accounts.access import Capability
from audit.models import AccessLog
from careplans.worklists import selectors as work_lists
from careplans.worklists import services
from careplans.worklists.forms import (
    ANY_STATE,
    NEEDS_ACTION,
    TASK_SORTS,
    LiftSnoozeForm,
    SnoozeForm,
    TaskFilterForm,
)

ITEMS_PER_PAGE = 50
PRE_GO_LIVE_SHOWN = 25
SNOOZED_SHOWN = 50


def _page_number(request) -> str:
    return request.GET.get("page") or "1"


def _render_task_list(request, *, owner, form, snooze_form=None, status=200):
    data = form.cleaned_data if form.is_valid() else {}
    sort = data.get("sort") or "due"
    chosen, kind = data.get("state", ""), data.get("kind", "")
    # By default what needs action; "Any state" lists everything (but the pre-go-live group).
    state = {NEEDS_ACTION: work_lists.NEEDS_ACTION, ANY_STATE: ""}.get(chosen, chosen)
    items = work_lists.task_items(user=request.user, owner=owner, kind=kind)
    listed = work_lists.open_of(items, state=state, sort=sort)
    number = _page_number(request)
    if number.isdigit() and int(number) > 0:  # counted and fetched in one statement
        listed = listed.expecting((int(number) - 1) * ITEMS_PER_PAGE, ITEMS_PER_PAGE)
    page = Paginator(listed, ITEMS_PER_PAGE).get_page(number)
    page.object_list = list(page.object_list)
    pre_go_live, pre_go_live_count = [], 0
    if chosen in (NEEDS_ACTION, ANY_STATE):  # no record before go-live: apart and collapsed
        before = work_lists.pre_go_live_of(items).expecting(0, PRE_GO_LIVE_SHOWN)
        pre_go_live_count = before.count()
        pre_go_live = list(before[:PRE_GO_LIVE_SHOWN])
    may_snooze = access.may(request.user, Capability.SNOOZE_TASKS)
    snoozed = (
        list(work_lists.snoozed_items(user=request.user, owner=owner)[: SNOOZED_SHOWN + 1])
        if may_snooze
        else []
    )
    access.record_members_shown(
        request,
        members=[row["i_member"] for row in [*page.object_list, *pre_go_live, *snoozed]],
        viewed=AccessLog.View.TASK_LIST,
    )
    described = work_lists.describe_items(page.object_list)
    context = {
        "form": form,
        "owner": owner,
        "is_own": owner.pk == request.user.pk,
        "page": page,
        "items": described,
        "groups": work_lists.group_by_member(described) if sort == "member" else None,
        "sort": sort,
        "sorts": TASK_SORTS,
        "needs_action_only": chosen == NEEDS_ACTION,
        "pre_go_live": work_lists.describe_items(pre_go_live),
        "pre_go_live_count": pre_go_live_count,
        "may_snooze": may_snooze,
        "snoozed": work_lists.describe_snoozed(snoozed[:SNOOZED_SHOWN]),
        "more_snoozed": len(snoozed) > SNOOZED_SHOWN,
        "snooze_form": snooze_form or SnoozeForm(initial={"care_manager": owner.pk}),
    }
    template = "careplans/tasks_results.html" if request.htmx else "careplans/tasks.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
def task_list(request):
    """Open items of a caseload: care-plan tasks and running clocks, sortable and filterable."""
    form = TaskFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    owner = work_lists.items_owner(request.user, data.get("care_manager"))
    if owner is None:
        raise Http404
    return _render_task_list(request, owner=owner, form=form)


@login_required
@require_POST
def tasks_snooze(request):
    """Supervisors: hide the checked items of a care manager's list until a day, with a reason."""
    access.require(request.user, Capability.SNOOZE_TASKS)
    snooze_form = SnoozeForm(request.POST)
    snooze_form.is_valid()
    owner = work_lists.items_owner(request.user, snooze_form.cleaned_data.get("care_manager"))
    if owner is None:
        raise Http404
    if snooze_form.is_valid():
        try:
            count = services.snooze_items(
                by=request.user,
                owner=owner,
                items=snooze_form.cleaned_data["items"],
                until=snooze_form.cleaned_data["until"],
                reason=snooze_form.cleaned_data["reason"],
            )
        except ValidationError as error:
            snooze_form.add_error(None, error)
        else:
            until = snooze_form.cleaned_data["until"].isoformat()
            messages.success(request, f"{count} item{'s' * (count != 1)} snoozed until {until}.")
            return redirect(_list_url(request, owner))
    form = TaskFilterForm({"care_manager": owner.pk} if owner.pk != request.user.pk else None)
    return _render_task_list(request, owner=owner, form=form, snooze_form=snooze_form, status=422)


@login_required
@require_POST
def tasks_unsnooze(request):
    """Supervisors: show the checked snoozed items of a care manager's list again, now."""
    access.require(request.user, Capability.SNOOZE_TASKS)
    form = LiftSnoozeForm(request.POST)
    form.is_valid()
    owner = work_lists.items_owner(request.user, form.cleaned_data.get("care_manager"))
    if owner is None:
        raise Http404
    try:
        count = services.lift_snoozes(
            by=request.user, owner=owner, items=form.cleaned_data.get("items", [])
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{count} item{'s' * (count != 1)} back on the list.")
    return redirect(_list_url(request, owner))


def _list_url(request, owner) -> str:
    """The task list the supervisor came from: their own, or the care manager's they chose."""
    url = reverse("careplans:tasks")
    return url if owner.pk == request.user.pk else f"{url}?care_manager={owner.pk}"


@login_required
@require_GET
def team_overdue(request):
    """Per care manager: overdue assessments, care plans and tasks, and what is due soon."""
    access.require(request.user, Capability.VIEW_TEAM_WORK)
    rows = list(work_lists.team_overdue(request.user).order_by("last_name", "first_name", "pk"))
    return render(request, "careplans/team_overdue.html", {"rows": rows})
