"""The runs page: plan admins start an evaluation, watch it and download its determinations.csv.

Thin: each view asks the access layer (accounts.access), then calls services.start_evaluation,
a read in worklist.py (`evaluation_runs`, `access_run`) or export.py.
"""

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import Capability
from core.queue import QueueUnavailable

from . import evaluation, export, services, worklist
from .forms import EvaluateForm
from .models import EvaluationRun


def _run_list(request) -> dict:
    evaluation.interrupt_silent_runs()
    page = Paginator(worklist.evaluation_runs(), worklist.RUNS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return {"page": page, "any_running": any(not r.is_finished for r in page.object_list)}


def _runs_response(request, *, form, focus: EvaluationRun | None = None, status=200):
    context = {
        **_run_list(request),
        "form": form,
        "run": focus,
        "can_export": access.may(request.user, Capability.EXPORT),
    }
    return render(request, "eligibility/runs.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def runs(request):
    """Plan admins: every evaluation run, and the form that queues a new one."""
    access.require(request.user, Capability.RUN_EVALUATION)
    if request.htmx and request.method == "GET":
        return render(request, "eligibility/_run_table.html", _run_list(request))
    form = EvaluateForm(request.POST or None, initial={"as_of": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            run = services.start_evaluation(as_of=form.cleaned_data["as_of"], by=request.user)
        except QueueUnavailable as error:
            form.add_error("as_of", error.message)
            return _runs_response(request, form=form, status=503)
        return redirect("eligibility:run", run_id=run.pk)
    return _runs_response(request, form=form, status=422 if form.errors else 200)


@login_required
@require_GET
def run_detail(request, run_id: int):
    """One run's progress (polled by htmx until it finishes), then its counts and export."""
    evaluation.interrupt_silent_runs()
    run = worklist.access_run(request.user, run_id)
    if request.htmx:
        context = {
            **_run_list(request),
            "run": run,
            "can_export": access.may(request.user, Capability.EXPORT),
        }
        return render(request, "eligibility/_run_progress.html", context)
    form = EvaluateForm(initial={"as_of": timezone.localdate()})
    return _runs_response(request, form=form, focus=run)


@login_required
@require_POST
def run_retry(request, run_id: int):
    """Run an interrupted evaluation again (safe: its decisions commit in one transaction)."""
    run = worklist.access_run(request.user, run_id)
    try:
        services.retry_evaluation(run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except QueueUnavailable as error:
        messages.error(request, error.message)
    return redirect("eligibility:run", run_id=run.pk)


@login_required
@require_GET
def run_determinations_csv(request, run_id: int):
    """The run's determinations.csv, byte for byte what export_determinations writes."""
    run = worklist.access_run(request.user, run_id)
    access.require(request.user, Capability.EXPORT)
    return determinations_response(request, run)


def determinations_response(request, run: EvaluationRun) -> FileResponse:
    """Spool the COPY output to a temporary file, then send it: the database connection is free
    again before the first byte goes to a slow client."""
    if run.status != EvaluationRun.Status.SUCCEEDED:
        raise Http404
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    export.write_determinations(run=run, out=spool)
    export.record_export(request, run=run)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=export.download_name(run),
        content_type="text/csv; charset=utf-8",
    )
