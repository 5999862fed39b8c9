"""The eligibility section of a member's page: determinations and reviews.

The members app may not import eligibility (import-linter), so the member page loads this
section with htmx from these URLs; a plain GET (no JavaScript) gets the same section in a page
of its own. Forms POST here and get the section back, with field messages on a 422. Every
rendering shows the member's record, so each one writes an access-log row. A recorded review
answers HX-Trigger: eligibility-changed, so the page's enrollment section (which offers
"identify" and "enroll" only to the eligible) reloads.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from accounts.access import Capability, DataCategory
from audit.models import AccessLog
from members.models import Member

from . import reviews
from .forms import ReviewForm

ACCESS_LOG_VIEW = AccessLog.View.ELIGIBILITY
ELIGIBILITY_CHANGED = "eligibility-changed"  # the enrollment section listens for it


def _render_section(request, member: Member, *, review_form=None, status=200):
    eligibility = reviews.member_eligibility(member)
    may_review = access.may(request.user, Capability.REVIEW_ELIGIBILITY)
    context = {
        "member": member,
        "eligibility": eligibility,
        "review_form": review_form or (ReviewForm(program=member.program) if may_review else None),
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
        response = _render_section(request, member)
        response["HX-Trigger"] = ELIGIBILITY_CHANGED
        return response
    return redirect(reverse("members:detail", args=[member.pk]) + "#member-eligibility")


@login_required
@require_GET
def member_eligibility(request, member_id: int):
    """The section; a reader who may not see the evidence (a CBO partner) gets the populations
    of focus by name only."""
    if not access.may_see(request.user, DataCategory.ELIGIBILITY_EVIDENCE):
        return _populations_only(request, member_id)
    member = access.access_member(request, member_id, log_as=ACCESS_LOG_VIEW)
    return _render_section(request, member)


def _populations_only(request, member_id: int):
    member = access.access_member(
        request, member_id, log_as=ACCESS_LOG_VIEW, category=DataCategory.POPULATIONS
    )
    context = {
        "member": member,
        "populations": reviews.populations_of_focus(member, reader=request.user),
        "populations_only": True,
    }
    template = (
        "eligibility/_member_populations.html"
        if request.htmx
        else "eligibility/_member_eligibility_page.html"
    )
    return render(request, template, context)


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
