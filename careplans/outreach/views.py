"""The "Enrollment" and "Contacts & timeline" sections of the member page: move a program
enrollment along, record a contact, page the timeline.

Loaded into the member page with htmx; a plain GET gets the same section in a page of its own.
Every rendering writes an access-log row.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from accounts.access import Capability, DataCategory
from audit.models import AccessLog
from careplans.clocks.views import CLOCKS_CHANGED
from careplans.models import ProgramEnrollment
from careplans.outreach import enrollment
from careplans.outreach import services as contacts
from careplans.outreach.forms import ContactForm, EnrollmentChangeForm
from eligibility import reviews
from members import timeline
from members.models import Member, Program

CONTACTS_ACCESS = AccessLog.View.CONTACTS
ENROLLMENT_ACCESS = AccessLog.View.ELIGIBILITY  # "Eligibility and enrollment"


def _page_number(request) -> str:
    return request.GET.get("page") or "1"


def _may_record(user) -> bool:
    """Plan care work, or a CBO partner's contacts and notes (marked as by the CBO)."""
    return access.may(user, Capability.DO_CARE_WORK) or access.may(
        user, Capability.ADD_PARTNER_CONTACTS
    )


def _render_contacts(request, member: Member, *, form=None, status=200):
    user = request.user
    partner = access.is_partner(user)
    page = timeline.member_timeline(member, page_number=_page_number(request), reader=user)
    context = {
        "member": member,
        "form": (form or ContactForm(partner=partner)) if _may_record(user) else None,
        "timeline": page,
        "part2_notice": partner and _shows_sud(page),
    }
    template = "careplans/_contacts.html" if request.htmx else "careplans/_contacts_page.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
def member_contacts(request, member_id: int):
    """The "Contacts & timeline" section: the form to record one, and the member's timeline."""
    member = access.access_member(request, member_id, log_as=CONTACTS_ACCESS)
    return _render_contacts(request, member)


@login_required
@require_POST
def member_contact_create(request, member_id: int):
    if not _may_record(request.user):
        raise Http404
    member = access.access_member(request, member_id, log_as=CONTACTS_ACCESS)
    form = ContactForm(request.POST, partner=access.is_partner(request.user))
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
    page = timeline.member_timeline(member, page_number=_page_number(request), reader=request.user)
    template = "careplans/_timeline.html" if request.htmx else "careplans/_contacts_page.html"
    notice = access.is_partner(request.user) and _shows_sud(page)
    return render(request, template, {"member": member, "timeline": page, "part2_notice": notice})


def _shows_sud(page) -> bool:
    """Does this page of the timeline show SUD records (then the Part 2 notice goes with it)?"""
    return any(entry.sud for entry in page.object_list)


@dataclass
class ProgramPanel:
    """One program's enrollment on the section: the open episode, past ones, the next-step form."""

    program: str
    open_episode: ProgramEnrollment | None
    episodes: list[ProgramEnrollment]
    form: EnrollmentChangeForm | None
    eligible: bool


def _panels(member: Member, *, may_manage: bool, bound=None) -> list[ProgramPanel]:
    episodes = enrollment.member_enrollments(member)
    eligibility = reviews.member_eligibility(member)
    programs = sorted({e.program for e in episodes} | {member.program})
    panels = []
    for program in programs:
        open_episode = enrollment.open_episode(episodes, program)
        steps = enrollment.next_statuses(open_episode)
        eligible = eligibility.is_eligible_for(program)
        form = None
        offer = open_episode is not None or (program == member.program and eligible)
        if may_manage and offer and steps:
            form = bound if bound is not None and bound.program == program else None
            form = form or EnrollmentChangeForm(program=program, next_statuses=steps)
        panels.append(
            ProgramPanel(
                program=program,
                open_episode=open_episode,
                episodes=[e for e in episodes if e.program == program],
                form=form,
                eligible=eligible,
            )
        )
    return panels


def _render_enrollment(request, member: Member, *, bound=None, status=200):
    may_manage = access.may(request.user, Capability.MANAGE_ENROLLMENT)
    panels = _panels(member, may_manage=may_manage, bound=bound)
    context = {"member": member, "panels": panels}
    template = "careplans/_enrollment.html" if request.htmx else "careplans/_enrollment_page.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
def member_enrollment(request, member_id: int):
    """The "Enrollment" section: each program's episode, its history and the next step."""
    member = access.access_member(
        request, member_id, log_as=ENROLLMENT_ACCESS, category=DataCategory.ENROLLMENT
    )
    return _render_enrollment(request, member)


@login_required
@require_POST
def member_enrollment_change(request, member_id: int):
    """Move the member's enrollment one step (or identify them) with an effective date."""
    member = access.access_member(
        request,
        member_id,
        capability=Capability.MANAGE_ENROLLMENT,
        log_as=ENROLLMENT_ACCESS,
        category=DataCategory.ENROLLMENT,
    )
    program = _posted_program(request, member)
    episodes = enrollment.member_enrollments(member)
    steps = enrollment.next_statuses(enrollment.open_episode(episodes, program))
    form = EnrollmentChangeForm(request.POST, program=program, next_statuses=steps)
    if form.is_valid():
        data = form.cleaned_data
        try:
            episode = enrollment.change_enrollment(
                member=member,
                program=program,
                to_status=data["to_status"],
                effective_on=data["effective_on"],
                reason=data["reason"],
                reason_text=data["reason_text"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{program} enrollment: {episode.get_status_display()}.")
            if request.htmx:
                response = _render_enrollment(request, member)
                response["HX-Trigger"] = CLOCKS_CHANGED  # enrollment starts or stops clocks
                return response
            return redirect(reverse("members:detail", args=[member.pk]) + "#member-enrollment")
    return _render_enrollment(request, member, bound=form, status=422)


def _posted_program(request, member: Member) -> str:
    """Each program's form has its own prefix (enrollment-ecm-...), which names the program."""
    for program in Program.values:
        if f"enrollment-{program.lower()}-program" in request.POST:
            return program
    return member.program
