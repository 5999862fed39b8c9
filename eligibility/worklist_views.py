"""The supervisors' worklist of newly eligible, unassigned members: filter, assign in bulk
(assigned members leave the list).

Thin: each view asks the access layer (accounts.access), then calls the selectors in worklist.py or
members.services.assign_members. The worklist's filters carry no PHI; they are posted with the
assign form all the same, so selected member ids stay out of URLs, and a plain GET with the same
names works for a bookmark.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from accounts.access import Capability
from audit.models import AccessLog
from members import services as member_services
from members.forms import AssignForm
from members.selectors import assignable_care_managers, plan_products

from . import worklist


def _worklist_response(request, *, assign_form=None, status=200):
    data = request.POST if request.method == "POST" else request.GET
    work = worklist.worklist_filter(user=request.user, data=data)
    page = worklist.worklist_page(worklist=work, page_number=data.get("page", 1))
    page.object_list = list(page.object_list)
    access.record_members_shown(
        request, members=[m.pk for m in page.object_list], viewed=AccessLog.View.WORKLIST
    )
    context = {
        "run": work.run,
        "filter": work,
        "page": page,
        "sort": work.sort_key,
        "plan_products": plan_products(work.queryset) if work.run else [],
        "care_managers": list(assignable_care_managers(request.user)) if work.run else [],
        "assign_form": assign_form,
        "filtered": any(
            data.get(name) for name in ("population", "new_only", "county", "plan_product")
        ),
    }
    template = "eligibility/_worklist_rows.html" if request.htmx else "eligibility/worklist.html"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def worklist_page(request):
    """Newly eligible members without a care manager, after the current evaluation."""
    access.require(request.user, Capability.VIEW_WORKLIST)
    return _worklist_response(request)


@login_required
@require_POST
def worklist_assign(request):
    """Give the selected members to a care manager (history kept by assign_members)."""
    access.require(request.user, Capability.VIEW_WORKLIST)
    form = AssignForm(request.POST, user=request.user)
    status = 422
    if form.is_valid() and form.cleaned_data["assign_to"] is None:
        form.add_error("assign_to", "Choose a care manager for the selected members.")
    elif form.is_valid():
        who = form.cleaned_data["assign_to"]
        try:
            changed = member_services.assign_members(
                member_ids=form.cleaned_data["member_ids"], care_manager=who, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            name = str(who)
            messages.success(request, f"{changed} member(s) assigned to {name}.")
            form, status = None, 200
    return _worklist_response(request, assign_form=form, status=status)
