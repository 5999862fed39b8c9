"""Pages of CBO assignments: the member page's "CBO partnership" section (assign, reassign,
end; consents), and the CBO lead's "Assignments waiting" with accept, decline and naming the
CBO care manager. Thin doors onto the services; the access layer decides who may."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from accounts.access import Capability
from audit.models import AccessLog
from cbo_partners.consent.forms import ConsentForm
from cbo_partners.consent.selectors import is_active, member_consents
from cbo_partners.directory.selectors import partners as all_partners
from cbo_partners.models import CboAssignment, DeclineReason

from . import selectors, services
from .access import shown_in_decisions
from .forms import AcceptForm, AssignForm, DeclineForm, EndForm, ReassignForm

SECTION_LOG = AccessLog.View.CBO_PARTNERSHIP


def _org_of(user) -> int | None:
    """The CBO whose part of the partnership a CBO user sees (None: plan staff see all)."""
    return user.organization_id if access.may(user, Capability.VIEW_SHARED_MEMBERS) else None


def section_context(request, member, **bound) -> dict:
    user = request.user
    organization_id = _org_of(user)
    assignments = list(selectors.member_assignments(member.pk, organization_id))
    consents = list(member_consents(member.pk, organization_id))
    for consent in consents:
        consent.active_now = is_active(consent)
    may_assign = access.may(user, Capability.ASSIGN_CBO)
    may_consent = access.may(user, Capability.RECORD_CONSENT)
    partners = list(all_partners().filter(active=True)) if may_assign or may_consent else []
    context = {
        "member": member,
        "assignments": assignments,
        "open_assignments": [a for a in assignments if a.status in ("pending", "accepted")],
        "consents": consents,
        "may_assign": may_assign,
        "may_consent": may_consent,
        "partners": partners,
    }
    if may_assign:
        context["assign_form"] = bound.get("assign_form") or AssignForm(
            partners=all_partners().filter(active=True), initial={"program": member.program}
        )
        context["end_form"] = bound.get("end_form") or EndForm()
        context["reassign_form"] = bound.get("reassign_form") or ReassignForm(
            partners=all_partners().filter(active=True)
        )
        context["failed_assignment"] = bound.get("failed_assignment")
    if may_consent:
        context["consent_form"] = bound.get("consent_form") or ConsentForm(
            partners=all_partners().filter(active=True)
        )
        context["revoke_error"] = bound.get("revoke_error")
    return context


def render_section(request, member, *, status=200, **bound):
    template = (
        "cbo_partners/_member_section.html"
        if request.htmx
        else "cbo_partners/member_section_page.html"
    )
    return render(request, template, section_context(request, member, **bound), status=status)


@login_required
@require_GET
def member_section(request, member_id: int):
    member = access.access_member(request, member_id, log_as=SECTION_LOG)
    return render_section(request, member)


def _back(member):
    return redirect(reverse("members:detail", args=[member.pk]) + "#member-cbo")


def _done(request, member, text):
    messages.success(request, text)
    if request.htmx:
        return render_section(request, member)
    return _back(member)


@login_required
@require_POST
def assign(request, member_id: int):
    member = access.access_member(
        request, member_id, capability=Capability.ASSIGN_CBO, log_as=SECTION_LOG
    )
    form = AssignForm(request.POST, partners=all_partners().filter(active=True))
    if form.is_valid():
        data = form.cleaned_data
        try:
            assignment = services.assign(
                member=member,
                partner=data["partner"],
                program=data["program"],
                over_capacity_reason=data["over_capacity_reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(
                request, member, f"Assigned to {assignment.partner}; waiting for its decision."
            )
    return render_section(request, member, status=422, assign_form=form)


def _member_assignment(request, member_id, assignment_id) -> tuple:
    member = access.access_member(
        request, member_id, capability=Capability.ASSIGN_CBO, log_as=SECTION_LOG
    )
    assignment = CboAssignment.objects.filter(
        pk=assignment_id if str(assignment_id).isdigit() else 0, member=member
    ).first()
    if assignment is None:
        raise Http404
    return member, assignment


@login_required
@require_POST
def end(request, member_id: int, assignment_id: int):
    member, assignment = _member_assignment(request, member_id, assignment_id)
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.end(assignment=assignment, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, member, f"The assignment to {assignment.partner} ended.")
    return render_section(
        request, member, status=422, end_form=form, failed_assignment=assignment.pk
    )


@login_required
@require_POST
def reassign(request, member_id: int, assignment_id: int):
    member, assignment = _member_assignment(request, member_id, assignment_id)
    form = ReassignForm(request.POST, partners=all_partners().filter(active=True))
    if form.is_valid():
        data = form.cleaned_data
        try:
            new = services.reassign(
                assignment=assignment,
                partner=data["partner"],
                reason=data["reason"],
                over_capacity_reason=data["over_capacity_reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, member, f"Reassigned to {new.partner}.")
    return render_section(
        request, member, status=422, reassign_form=form, failed_assignment=assignment.pk
    )


# The CBO lead's side ------------------------------------------------------------------------


def _lead_assignment(request, assignment_id) -> CboAssignment:
    """An assignment of the lead's own CBO; 404 for anyone else's or for non-leads."""
    access.require(request.user, Capability.DECIDE_CBO_ASSIGNMENTS)
    if not str(assignment_id).isdigit():
        raise Http404
    assignment = (
        CboAssignment.objects.select_related("partner__organization", "member")
        .filter(pk=assignment_id, partner__organization_id=request.user.organization_id)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def _decisions_context(request, *, bound=None, bound_id=None) -> dict:
    """Rows of the lead's page; the care-manager choices are read once for every row's form
    (a fixed number of queries whatever the number of assignments)."""
    user = request.user
    waiting = list(selectors.waiting_for(user.organization_id))
    accepted = list(selectors.accepted_of(user.organization_id))
    visible = shown_in_decisions(request, [a.member_id for a in waiting + accepted])
    partner = waiting[0].partner if waiting else (accepted[0].partner if accepted else None)
    care_managers = list(selectors.care_managers_of(partner)) if partner is not None else []

    def row(assignment):
        errors = bound.errors if bound is not None and bound_id == assignment.pk else {}
        data = bound.data if errors else {}
        return {"a": assignment, "shown": assignment.member_id in visible, "errors": errors,
                "data": data}  # fmt: skip

    return {
        "rows": [row(a) for a in waiting],
        "team": [row(a) for a in accepted],
        "care_managers": care_managers,
        "decline_reasons": DeclineReason.choices,
    }


@login_required
@require_GET
def decisions(request):
    """The lead's page: assignments waiting for a decision, and who cares for whom."""
    access.require(request.user, Capability.DECIDE_CBO_ASSIGNMENTS)
    return render(request, "cbo_partners/decisions.html", _decisions_context(request))


def _decided(request, text):
    messages.success(request, text)
    return redirect("cbo_partners:decisions")


@login_required
@require_POST
def accept(request, assignment_id: int):
    assignment = _lead_assignment(request, assignment_id)
    form = AcceptForm(request.POST, care_managers=selectors.care_managers_of(assignment.partner))
    if form.is_valid():
        try:
            services.accept(
                assignment=assignment,
                by=request.user,
                cbo_care_manager=form.cleaned_data["cbo_care_manager"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _decided(request, "Accepted.")
    context = _decisions_context(request, bound=form, bound_id=assignment.pk)
    return render(request, "cbo_partners/decisions.html", context, status=422)


@login_required
@require_POST
def decline(request, assignment_id: int):
    assignment = _lead_assignment(request, assignment_id)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.decline(
                assignment=assignment,
                by=request.user,
                reason=form.cleaned_data["decline_reason"],
                note=form.cleaned_data["decline_note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _decided(request, "Declined.")
    context = _decisions_context(request, bound=form, bound_id=assignment.pk)
    return render(request, "cbo_partners/decisions.html", context, status=422)


@login_required
@require_POST
def change_care_manager(request, assignment_id: int):
    assignment = _lead_assignment(request, assignment_id)
    form = AcceptForm(request.POST, care_managers=selectors.care_managers_of(assignment.partner))
    if form.is_valid():
        try:
            services.change_cbo_care_manager(
                assignment=assignment,
                by=request.user,
                cbo_care_manager=form.cleaned_data["cbo_care_manager"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _decided(request, "Care manager changed.")
    context = _decisions_context(request, bound=form, bound_id=assignment.pk)
    return render(request, "cbo_partners/decisions.html", context, status=422)
