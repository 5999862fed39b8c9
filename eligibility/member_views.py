"""The eligibility section of a member's page: determinations, reviews and enrollment.

The members app may not import eligibility (import-linter), so the member page loads this
section with htmx from these URLs; a plain GET (no JavaScript) gets the same section in a page
of its own. Forms POST here and get the section back, with field messages on a 422. Every
rendering shows the member's record: the access layer writes an access-log row for each request.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from accounts.access import Capability
from audit.models import AccessLog
from members.models import Member, Program

from . import enrollment, reviews
from .forms import EnrollmentChangeForm, ReviewForm
from .models import ProgramEnrollment

ACCESS_LOG_VIEW = AccessLog.View.ELIGIBILITY


@dataclass
class ProgramPanel:
    """One program's enrollment on the section: the open episode, past ones, the next-step form."""

    program: str
    open_episode: ProgramEnrollment | None
    episodes: list[ProgramEnrollment]
    form: EnrollmentChangeForm | None
    eligible: bool


def _panels(member: Member, eligibility, *, may_manage: bool, bound=None) -> list[ProgramPanel]:
    episodes = enrollment.member_enrollments(member)
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


def _render_section(request, member: Member, *, review_form=None, enrollment_form=None, status=200):
    eligibility = reviews.member_eligibility(member)
    may_review = access.may(request.user, Capability.REVIEW_ELIGIBILITY)
    context = {
        "member": member,
        "eligibility": eligibility,
        "review_form": review_form or (ReviewForm(program=member.program) if may_review else None),
        "panels": _panels(
            member,
            eligibility,
            may_manage=access.may(request.user, Capability.MANAGE_ENROLLMENT),
            bound=enrollment_form,
        ),
    }
    template = (
        "eligibility/_member_eligibility.html"
        if request.htmx
        else "eligibility/_member_eligibility_page.html"
    )
    return render(request, template, context, status=status)


def _after_change(request, member: Member, message: str):
    messages.success(request, message)
    if request.htmx:
        return _render_section(request, member)
    return redirect(reverse("members:detail", args=[member.pk]) + "#member-eligibility")


@login_required
@require_GET
def member_eligibility(request, member_id: int):
    member = access.access_member(request, member_id, log_as=ACCESS_LOG_VIEW)
    return _render_section(request, member)


@login_required
@require_POST
def member_review(request, member_id: int):
    """Confirm the engine's answer for a population, or override it with a reason."""
    member = access.access_member(
        request, member_id, capability=Capability.REVIEW_ELIGIBILITY, log_as=ACCESS_LOG_VIEW
    )
    form = ReviewForm(request.POST, program=member.program)
    if form.is_valid():
        data = form.cleaned_data
        try:
            review = reviews.review_determination(
                member=member,
                program=member.program,
                population=data["population"],
                decision=data["decision"],
                reason=data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _after_change(request, member, f"Recorded: {review.get_decision_display()}.")
    return _render_section(request, member, review_form=form, status=422)


@login_required
@require_POST
def member_enrollment(request, member_id: int):
    """Move the member's enrollment one step (or identify them) with an effective date."""
    member = access.access_member(
        request, member_id, capability=Capability.MANAGE_ENROLLMENT, log_as=ACCESS_LOG_VIEW
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
            return _after_change(
                request, member, f"{program} enrollment: {episode.get_status_display()}."
            )
    return _render_section(request, member, enrollment_form=form, status=422)


def _posted_program(request, member: Member) -> str:
    """Each program's form has its own prefix (enrollment-ecm-...), which names the program."""
    for program in Program.values:
        if f"enrollment-{program.lower()}-program" in request.POST:
            return program
    return member.program
