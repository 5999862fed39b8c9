"""Risk pages: plan admins' stratification runs (start one, watch it), supervisors' rising-risk
worklist. Thin: each view checks risk/permissions.py, then calls a service or a selector."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from accounts.access import Capability

from . import selectors, services, worklist
from .forms import StratifyForm


def _run_list(request) -> dict:
    page = Paginator(selectors.stratification_runs(), selectors.RUNS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return {"page": page, "any_running": any(not r.is_finished for r in page.object_list)}


@login_required
@require_http_methods(["GET", "POST"])
def runs(request):
    """Plan admins: every stratification, and the form that queues a new one."""
    if not access.may(request.user, Capability.RUN_EVALUATION):
        raise Http404
    if request.htmx and request.method == "GET":
        return render(request, "risk/_run_table.html", _run_list(request))
    form = StratifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run = services.start_stratification(as_of=form.cleaned_data["as_of"], by=request.user)
        return redirect("risk:run", stratification_id=run.pk)
    context = {**_run_list(request), "form": form, "run": None}
    return render(request, "risk/runs.html", context, status=422 if form.errors else 200)


@login_required
@require_GET
def run_detail(request, stratification_id: int):
    """One run's progress, polled by htmx until it finishes, then its counts."""
    if not access.may(request.user, Capability.RUN_EVALUATION):
        raise Http404
    run = get_object_or_404(selectors.stratification_runs(), pk=stratification_id)
    if request.htmx:  # the card and, out of band, the table: both from this one read
        return render(request, "risk/_run_progress.html", {**_run_list(request), "run": run})
    context = {**_run_list(request), "form": StratifyForm(), "run": run}
    return render(request, "risk/runs.html", context)


@login_required
@require_GET
def rising(request):
    """Supervisors and plan admins: members whose tier rose last night, unassigned first."""
    if not access.may(request.user, Capability.VIEW_WORKLIST):
        raise Http404
    context = {
        "page": worklist.rising_page(request.user, request.GET.get("page")),
        "as_of": worklist.latest_day(),
    }
    return render(request, "risk/rising.html", context)
