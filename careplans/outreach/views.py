"""The "Contacts & timeline" section of the member page: record a contact, page the timeline.

Loaded into the member page with htmx; a plain GET gets the same section in a page of its own.
Every rendering writes an access-log row.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from audit.models import AccessLog
from audit.services import record_member_access
from careplans.clocks.views import CLOCKS_CHANGED
from careplans.outreach import services as contacts
from careplans.outreach.forms import ContactForm
from careplans.permissions import (
    can_do_care_work,
    member_for_care_work,
)
from members import timeline
from members.models import Member
from members.permissions import access_member

CONTACTS_ACCESS = AccessLog.View.CONTACTS


def _page_number(request) -> str:
    return request.GET.get("page") or "1"


def _render_contacts(request, member: Member, *, form=None, status=200):
    record_member_access(request=request, member_id=member.pk, viewed=CONTACTS_ACCESS)
    may_record = can_do_care_work(request.user)
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
    return _render_contacts(request, access_member(request.user, member_id))


@login_required
@require_POST
def member_contact_create(request, member_id: int):
    member = member_for_care_work(request.user, member_id)
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
    member = access_member(request.user, member_id)
    record_member_access(request=request, member_id=member.pk, viewed=CONTACTS_ACCESS)
    page = timeline.member_timeline(member, page_number=_page_number(request))
    template = "careplans/_timeline.html" if request.htmx else "careplans/_contacts_page.html"
    return render(request, template, {"member": member, "timeline": page})
