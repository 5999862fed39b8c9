"""The Nightly jobs page: each job's last runs, durations over time, failures, and "run now"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.access.capabilities import Capability, may

from . import selectors, services
from .registry import label_of


@login_required
@require_GET
def nightly_jobs(request):
    if not may(request.user, Capability.RUN_JOBS):
        raise Http404
    page = Paginator(selectors.job_runs(), 50).get_page(request.GET.get("page"))
    context = {
        "summaries": selectors.job_summaries(),
        "failures": [(r, label_of(r.job)) for r in selectors.recent_failures()],
        "page": page,
        "runs": [(r, label_of(r.job)) for r in page.object_list],
    }
    return render(request, "jobs/nightly_jobs.html", context)


@login_required
@require_POST
def run_job_now(request, job_name: str):
    if not may(request.user, Capability.RUN_JOBS):
        raise Http404
    job = services.run_now(name=job_name)
    messages.success(request, f"{job.label}: queued; the run appears below when a worker starts.")
    return redirect("jobs:nightly")
