""" "My tasks" (open care-plan tasks and running clocks) and the supervisors' team overdue table."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import access
from accounts.access import Capability
from audit.models import AccessLog
from careplans.worklists import selectors as work_lists
from careplans.worklists.forms import TASK_SORTS, TaskFilterForm

ITEMS_PER_PAGE = 50


def _page_number(request) -> str:
    return request.GET.get("page") or "1"


@login_required
@require_GET
def task_list(request):
    """Open items of a caseload: care-plan tasks and running clocks, sortable and filterable."""
    form = TaskFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    owner = work_lists.items_owner(request.user, data.get("care_manager"))
    if owner is None:
        raise Http404
    sort = data.get("sort") or "due"
    items = work_lists.open_items(
        user=request.user,
        owner=owner,
        state=data.get("state", ""),
        kind=data.get("kind", ""),
        sort=sort,
    )
    page = Paginator(items, ITEMS_PER_PAGE).get_page(_page_number(request))
    page.object_list = list(page.object_list)
    access.record_members_shown(
        request,
        members=[row["i_member"] for row in page.object_list],
        viewed=AccessLog.View.TASK_LIST,
    )
    context = {
        "form": form,
        "owner": owner,
        "is_own": owner.pk == request.user.pk,
        "page": page,
        "items": work_lists.describe_items(page.object_list),
        "sort": sort,
        "sorts": TASK_SORTS,
    }
    template = "careplans/tasks_results.html" if request.htmx else "careplans/tasks.html"
    return render(request, template, context)


@login_required
@require_GET
def team_overdue(request):
    """Per care manager: overdue assessments, care plans and tasks, and what is due soon."""
    access.require(request.user, Capability.VIEW_TEAM_WORK)
    rows = list(work_lists.team_overdue(request.user).order_by("last_name", "first_name", "pk"))
    return render(request, "careplans/team_overdue.html", {"rows": rows})
