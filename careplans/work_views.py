"""Pages for outreach and contacts, the member's timeline and clocks, the task list, the team
overdue table and the clock settings.

The member sections are loaded into the member page with htmx (members may not import
careplans); a plain GET without htmx gets the same section in a page of its own. Every
request for a member's contacts, timeline or clocks writes an access-log row. Views only parse
the request and call careplans.contacts / clocks / timeline / work_lists.
"""

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
from members.models import Member

from . import clocks, contacts, timeline, work_lists
from .plan_views import CLOCKS_CHANGED  # the event templates/careplans/_clocks.html listens for
from .work_forms import TASK_SORTS, ClockSettingForm, ContactForm, TaskFilterForm

CONTACTS_ACCESS = AccessLog.View.CONTACTS
CLOCKS_ACCESS = AccessLog.View.CLOCKS

ITEMS_PER_PAGE = 50


def _page_number(request) -> str:
    return request.GET.get("page") or "1"


def _render_contacts(request, member: Member, *, form=None, status=200):
    may_record = access.may(request.user, Capability.DO_CARE_WORK)
    context = {
        "member": member,
        "form": (form or ContactForm()) if may_record else None,
        "timeline": timeline.member_timeline(member, page_number=_page_number(request)),
    }
    template = "careplans/_contacts.html" if request.htmx else "careplans/_contacts_page.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
def member_contacts(request, member_id: int):
    """The "Contacts & timeline" section: the form to record one, and the member's timeline."""
    return _render_contacts(
        request, access.access_member(request, member_id, log_as=CONTACTS_ACCESS)
    )


@login_required
@require_POST
def member_contact_create(request, member_id: int):
    member = access.access_member(
        request, member_id, capability=Capability.DO_CARE_WORK, log_as=CONTACTS_ACCESS
    )
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            contacts.record_contact(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Recorded.")
            if request.htmx:
                response = _render_contacts(request, member)
                response["HX-Trigger"] = CLOCKS_CHANGED  # the page's "Due dates" section reloads
                return response
            return redirect(reverse("members:detail", args=[member.pk]) + "#member-contacts")
    return _render_contacts(request, member, form=form, status=422)


@login_required
@require_GET
def member_timeline(request, member_id: int):
    """One page of the timeline (htmx paging inside the section)."""
    member = access.access_member(request, member_id, log_as=CONTACTS_ACCESS)
    page = timeline.member_timeline(member, page_number=_page_number(request))
    template = "careplans/_timeline.html" if request.htmx else "careplans/_contacts_page.html"
    return render(request, template, {"member": member, "timeline": page})


@login_required
@require_GET
def member_clocks(request, member_id: int):
    """The "Due dates" section: each running clock, its state, due date and what started it."""
    member = access.access_member(request, member_id, log_as=CLOCKS_ACCESS)
    context = {"member": member, "clocks": clocks.member_clocks(member)}
    template = "careplans/_clocks.html" if request.htmx else "careplans/_clocks_page.html"
    return render(request, template, context)


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


def _render_settings(request, *, form=None, status=200):
    context = {
        "settings": clocks.current_settings().values(),
        "history": clocks.setting_history()[:100],
        "form": form or ClockSettingForm(),
        "refresh": clocks.refresh_status(),
    }
    return render(request, "careplans/clock_settings.html", context, status=status)


@login_required
@require_GET
def clock_settings(request):
    access.require(request.user, Capability.CONFIGURE)
    return _render_settings(request)


@login_required
@require_POST
def clock_setting_change(request):
    """Put a new value in force; every clock is recomputed in the background afterwards."""
    access.require(request.user, Capability.CONFIGURE)
    form = ClockSettingForm(request.POST)
    if form.is_valid():
        try:
            clocks.change_setting(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "Setting changed. Every member's clocks are being recomputed."
            )
            return redirect("careplans:clock_settings")
    return _render_settings(request, form=form, status=422)


@login_required
@require_GET
def clock_refresh_status(request):
    """Polled by the settings page while clocks are recomputed."""
    access.require(request.user, Capability.CONFIGURE)
    return render(
        request, "careplans/clock_settings_status.html", {"refresh": clocks.refresh_status()}
    )
