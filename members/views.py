"""Member pages: the caseload, the member list (team / plan / CBO), a member's record, assignment.

Searches are POSTed (htmx or a plain form), so names and CINs never appear in URLs or server logs.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from accounts.access import Capability, DataCategory
from audit.models import AccessLog
from audit.selectors import visits_to_member, with_view_labels

from . import extensions, selectors, services
from .forms import AssignForm
from .selectors import assignable_care_managers


@login_required
@require_safe
def home(request):
    user = request.user
    if access.may(user, Capability.HAVE_CASELOAD) and not (
        access.may(user, Capability.VIEW_TEAM_MEMBERS)
        or access.may(user, Capability.VIEW_ALL_MEMBERS)
    ):
        return redirect("members:caseload")
    return redirect("members:list")


def _member_list(request, *, base, title, mode, care_managers=(), assign_form=None, status=200):
    show_risk = access.may_see(request.user, DataCategory.RISK)
    member_filter = selectors.filtered_members(
        base=base,
        data=request.POST if request.method == "POST" else None,
        care_managers=care_managers,
        show_risk=show_risk,
    )
    page = selectors.member_page(
        member_filter=member_filter, page_number=request.POST.get("page", 1)
    )
    page.object_list = list(page.object_list)
    access.record_members_shown(
        request,
        members=[member.pk for member in page.object_list],
        viewed=AccessLog.View.CASELOAD if mode == "caseload" else AccessLog.View.MEMBER_LIST,
    )
    context = {
        "title": title,
        "mode": mode,
        "filter": member_filter,
        "page": page,
        "sort": member_filter.form.data.get("sort", "name") if member_filter.is_bound else "name",
        "plan_products": selectors.plan_products(base),
        "can_assign": mode == "list" and access.may(request.user, Capability.ASSIGN),
        "assign_form": assign_form,
        "care_managers": care_managers,
        "show_risk": show_risk,
    }
    template = "members/_member_results.html" if request.htmx else "members/member_list.html"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def caseload(request):
    """A care manager's own members."""
    access.require(request.user, Capability.HAVE_CASELOAD)
    return _member_list(
        request, base=selectors.caseload_for(request.user), title="My caseload", mode="caseload"
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_list(request):
    """Every member the user may see: a supervisor's team, the whole plan, or a CBO's members."""
    user = request.user
    access.require(user, Capability.VIEW_MEMBER)
    if access.may(user, Capability.VIEW_SHARED_MEMBERS):
        title = "Members shared with " + (user.organization.name if user.organization else "you")
    elif access.may(user, Capability.VIEW_ALL_MEMBERS):
        title = "All members"
    elif access.may(user, Capability.VIEW_TEAM_MEMBERS):
        title = "Team members and unassigned members"
    else:
        title = "Members"
    may_assign = access.may(user, Capability.ASSIGN)
    care_managers = list(assignable_care_managers(user)) if may_assign else ()
    return _member_list(
        request,
        base=selectors.members_for_list(user),
        title=title,
        mode="list",
        care_managers=care_managers,
    )


@login_required
@require_POST
def assign(request):
    """Assign the selected members, then show the list again with what changed."""
    access.require(request.user, Capability.ASSIGN)
    form = AssignForm(request.POST, user=request.user)
    status = 200
    if form.is_valid():
        try:
            changed = services.assign_members(
                member_ids=form.cleaned_data["member_ids"],
                care_manager=form.cleaned_data["assign_to"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            status = 422
        else:
            who = form.cleaned_data["assign_to"]
            target = str(who) if who else "nobody (unassigned)"
            messages.success(request, f"{changed} member(s) assigned to {target}.")
            form = None
    else:
        status = 422
    care_managers = list(assignable_care_managers(request.user))
    return _member_list(
        request,
        base=selectors.members_for_list(request.user),
        title="Members",
        mode="list",
        care_managers=care_managers,
        assign_form=form,
        status=status,
    )


@login_required
@require_safe
def member_detail(request, member_id: int):
    member = access.access_member(request, member_id, log_as=AccessLog.View.MEMBER_PAGE)
    may_see_history = access.may_see(request.user, DataCategory.ASSIGNMENT_HISTORY)
    return render(
        request,
        "members/member_detail.html",
        {
            "member": member,
            "assignments": selectors.assignment_history(member)[:20] if may_see_history else (),
            "show_assignment_history": may_see_history,
            "can_view_access_log": access.may(request.user, Capability.VIEW_ACCESS_LOG),
            "member_sections": extensions.sections_for(request.user),
        },
    )


@login_required
@require_safe
def member_access_log(request, member_id: int):
    """Who viewed this member, for plan admins answering a member's or a reviewer's question."""
    member = access.access_member(
        request,
        member_id,
        capability=Capability.VIEW_ACCESS_LOG,
        log_as=AccessLog.View.ACCESS_LOG,
    )
    page = Paginator(visits_to_member(member_id=member.pk), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "members/access_log.html",
        {"member": member, "page": page, "visits": with_view_labels(page.object_list)},
    )
