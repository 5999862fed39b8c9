"""Member pages: the caseload, the member list (team / plan / CBO), a member's record, assignment.

Searches are POSTed (htmx or a plain form), so names and CINs never appear in URLs or server logs.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from accounts.access import Capability, DataCategory
from audit.models import AccessLog
from audit.selectors import visits_to_member, with_view_labels

from . import extensions, selectors, services
from .forms import AssignForm, AssignToForm
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


# The filters a list's URL may carry, so Back after a filter or a page returns to them. The
# search text (names, CINs) is never among them: it stays in the POSTed form only.
URL_STATE_KEYS = (
    "county",
    "program",
    "plan_product",
    "enrollment_status",
    "due",
    "risk",
    "care_manager",
    "unassigned",
    "sort",
)


def _url_state(data, page_number) -> str:
    """The query string of a list's non-PHI filters and page ("" when all are defaults)."""
    pairs = [(key, data[key]) for key in URL_STATE_KEYS if data.get(key)]
    if pairs == [("sort", "name")]:
        pairs = []
    if page_number > 1:
        pairs.append(("page", page_number))
    return urlencode(pairs)


def _member_list(
    request, *, base, title, mode, care_managers=(), assign_form=None, status=200, in_url=False
):
    """The list page (or its results to htmx). With `in_url`, a GET reads the non-PHI filters and
    page from the query string and an htmx answer replaces the address bar's with them."""
    if request.method == "POST":
        data, page_number = request.POST, request.POST.get("page", 1)
    elif in_url:
        data = request.GET.copy()
        for key in set(data) - set(URL_STATE_KEYS):
            del data[key]
        page_number = request.GET.get("page", 1)
    else:
        data, page_number = None, 1
    show_risk = access.may_see(request.user, DataCategory.RISK)
    member_filter = selectors.filtered_members(
        base=base, data=data, care_managers=care_managers, show_risk=show_risk
    )
    page = selectors.member_page(
        member_filter=member_filter, page_number=page_number, bounded=mode == "caseload"
    )
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
        # the filter form's plan product choices: not in the results htmx swaps in
        "plan_products": () if request.htmx else selectors.plan_products(base),
        "can_assign": mode == "list" and access.may(request.user, Capability.ASSIGN),
        "assign_form": assign_form,
        "care_managers": care_managers,
        "show_risk": show_risk,
    }
    template = "members/_member_results.html" if request.htmx else "members/member_list.html"
    response = render(request, template, context, status=status)
    if in_url and request.htmx and status == 200:
        query = _url_state(member_filter.form.data if member_filter.is_bound else {}, page.number)
        response["HX-Replace-Url"] = request.path + (f"?{query}" if query else "")
    return response


@login_required
@require_http_methods(["GET", "POST"])
def caseload(request):
    """A care manager's own members."""
    access.require(request.user, Capability.HAVE_CASELOAD)
    return _member_list(
        request,
        base=selectors.caseload_for(request.user),
        title=_("My caseload"),
        mode="caseload",
        in_url=True,
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
        in_url=True,
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
            "assignments": selectors.assignment_history(member) if may_see_history else (),
            "show_assignment_history": may_see_history,
            "show_roster_flags": access.may_see(request.user, DataCategory.ELIGIBILITY_EVIDENCE),
            "can_view_access_log": access.may(request.user, Capability.VIEW_ACCESS_LOG),
            "member_sections": _section_cards(request.user, member.pk),
            "care_managers": _reassign_choices(request.user),
        },
    )


def _section_cards(user, member_id: int) -> list[dict]:
    """The page's htmx sections with their URL, translated title and loading text and count,
    for its navigation and its cards: reversed and translated once each, not in two loops."""
    sections = extensions.sections_for(user)
    counts = selectors.section_counts(sections, member_id, reader=user)
    return [
        {
            "key": section.key,
            "heading_id": section.heading_id,
            "url": reverse(section.url_name, args=[member_id]),
            "title": gettext(section.title),
            "loading": gettext(section.loading),
            "count": counts.get(section.key),
        }
        for section in sections
    ]


def _reassign_choices(user):
    """The care managers this user may give a member to; None when they may not reassign."""
    if not access.may(user, Capability.ASSIGN):
        return None
    return list(assignable_care_managers(user))


@login_required
@require_POST
def member_reassign(request, member_id: int):
    """Give this member another care manager from the member page (supervisors, plan admins).

    Answers the page's care-manager line with the outcome; 422 with the form's message when the
    choice is refused (not on the team, or none chosen)."""
    member = access.access_member(
        request, member_id, capability=Capability.ASSIGN, log_as=AccessLog.View.MEMBER_PAGE
    )
    form = AssignToForm(request.POST, user=request.user)
    status = 200
    if form.is_valid():
        try:
            changed = services.assign_members(
                member_ids=[member.pk], care_manager=form.cleaned_data["assign_to"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            status = 422
        else:
            member.care_manager = form.cleaned_data["assign_to"]
            who = str(member.care_manager) if member.care_manager else "nobody (unassigned)"
            messages.success(
                request, f"Assigned to {who}." if changed else f"Already assigned to {who}."
            )
            form = None
    else:
        status = 422
    return render(
        request,
        "members/_care_manager.html",
        {"member": member, "care_managers": _reassign_choices(request.user), "form": form},
        status=status,
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
