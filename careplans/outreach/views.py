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

from accounts import access
from accounts.access import Capability
from audit.models import AccessLog
from careplans.clocks.views import CLOCKS_CHANGED
from careplans.outreach import services as contacts
from careplans.outreach.forms import ContactForm
from members import timeline
from members.models import Member

CONTACTS_ACCESS = AccessLog.View.CONTACTS


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
