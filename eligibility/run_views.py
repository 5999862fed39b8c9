"""Pages that follow an evaluation: the runs page (plan admins start an evaluation, watch it and
download its determinations.csv) and the supervisors' worklist of newly eligible, unassigned
members (assign them in bulk; assigned members leave the list).

Thin: each view checks eligibility/permissions.py, then calls a selector in worklist.py or a
service (services.start_evaluation, members.services.assign_members). The worklist's filters
carry no PHI; they are posted with the assign form all the same, so selected member ids stay out
of URLs, and a plain GET with the same names works for a bookmark.
"""

import tempfile

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members import services as member_services
from members.forms import AssignForm
from members.permissions import assignable_care_managers

from . import export, services, worklist
from .models import EvaluationRun
from .permissions import can_export_determinations, can_run_evaluation, can_view_worklist
from .rules import POPULATION_CHOICES


class EvaluateForm(forms.Form):
    as_of = forms.DateField(
        label="Evaluate as of",
        help_text="The day every time window counts back from (YYYY-MM-DD).",
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": "Enter the day to evaluate as of (YYYY-MM-DD).",
            "invalid": "Enter a real date as YYYY-MM-DD, e.g. 2026-09-30.",
        },
        widget=forms.DateInput(
            format="%Y-%m-%d", attrs={"type": "date", "aria-describedby": "as-of-help"}
        ),
    )

    def full_clean(self):
        """Tie the error message to the field for screen readers, as the help text is."""
        super().full_clean()
        if "as_of" in self.errors:
            self.fields["as_of"].widget.attrs["aria-describedby"] = "as-of-help as-of-errors"


# The worklist


def _worklist_response(request, *, assign_form=None, status=200):
    data = request.POST if request.method == "POST" else request.GET
    work = worklist.worklist_filter(user=request.user, data=data)
    page = worklist.worklist_page(worklist=work, page_number=data.get("page", 1))
    context = {
        "run": work.run,
        "filter": work,
        "page": page,
        "sort": work.sort_key,
        "populations": POPULATION_CHOICES,
        "plan_products": worklist.plan_products(work) if work.run else [],
        "care_managers": list(assignable_care_managers(request.user)) if work.run else [],
        "assign_form": assign_form,
        "filtered": any(data.get(name) for name in ("population", "county", "plan_product")),
    }
    template = "eligibility/_worklist_rows.html" if request.htmx else "eligibility/worklist.html"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def worklist_page(request):
    """Newly eligible members without a care manager, after the current evaluation."""
    if not can_view_worklist(request.user):
        raise Http404
    return _worklist_response(request)


@login_required
@require_POST
def worklist_assign(request):
    """Give the selected members to a care manager (history kept by assign_members)."""
    if not can_view_worklist(request.user):
        raise Http404
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
            name = who.get_full_name() or who.username
            messages.success(request, f"{changed} member(s) assigned to {name}.")
            form, status = None, 200
    return _worklist_response(request, assign_form=form, status=status)


# Evaluation runs


def _run_list(request) -> dict:
    page = Paginator(worklist.evaluation_runs(), worklist.RUNS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return {"page": page, "any_running": any(not r.is_finished for r in page.object_list)}


def _runs_response(request, *, form, focus: EvaluationRun | None = None, status=200):
    context = {
        **_run_list(request),
        "form": form,
        "run": focus,
        "can_export": can_export_determinations(request.user),
    }
    return render(request, "eligibility/runs.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def runs(request):
    """Plan admins: every evaluation run, and the form that queues a new one."""
    if not can_run_evaluation(request.user):
        raise Http404
    if request.htmx and request.method == "GET":
        return render(request, "eligibility/_run_table.html", _run_list(request))
    form = EvaluateForm(request.POST or None, initial={"as_of": services.plan_today()})
    if request.method == "POST" and form.is_valid():
        run = services.start_evaluation(as_of=form.cleaned_data["as_of"], by=request.user)
        return redirect("eligibility:run", run_id=run.pk)
    return _runs_response(request, form=form, status=422 if form.errors else 200)


@login_required
@require_GET
def run_detail(request, run_id: int):
    """One run's progress (polled by htmx until it finishes), then its counts and export."""
    run = worklist.access_run(request.user, run_id)
    if request.htmx:
        context = {"run": run, "can_export": can_export_determinations(request.user)}
        return render(request, "eligibility/_run_status.html", context)
    form = EvaluateForm(initial={"as_of": services.plan_today()})
    return _runs_response(request, form=form, focus=run)


@login_required
@require_GET
def run_determinations_csv(request, run_id: int):
    """The run's determinations.csv, byte for byte what export_determinations writes."""
    run = worklist.access_run(request.user, run_id)
    if not can_export_determinations(request.user):
        raise Http404
    return determinations_response(run)


def determinations_response(run: EvaluationRun) -> FileResponse:
    """Spool the COPY output to a temporary file, then send it: the database connection is free
    again before the first byte goes to a slow client."""
    if run.status != EvaluationRun.Status.SUCCEEDED:
        raise Http404
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    export.write_determinations(run=run, out=spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=export.download_name(run),
        content_type="text/csv; charset=utf-8",
    )
