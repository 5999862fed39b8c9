"""Import job pages: progress (polled by htmx), the result, and the problem report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.http import require_POST, require_safe
from django.views.defaults import page_not_found

from . import import_jobs
from .queue import QueueUnavailable
from .selectors import import_job_for, live_progress_percent, problems_of


@login_required
@require_safe
def import_job(request, job_id: int):
    import_jobs.interrupt_silent_jobs()
    job = import_job_for(request.user, job_id)
    page = Paginator(problems_of(job), 200).get_page(request.GET.get("page"))
    template = "core/_import_status.html" if request.htmx else "core/import_job.html"
    return render(
        request,
        template,
        {
            "job": job,
            "percent": live_progress_percent(job),
            "problems": page,
        },
    )


@login_required
@require_safe
def import_problems_report(request, job_id: int):
    """Every problem as `line N: column: reason`, one per line, to fix the file against."""
    job = import_job_for(request.user, job_id)
    lines = (f"{p}\n" for p in problems_of(job).iterator(chunk_size=5000))
    response = HttpResponse("".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-problems.txt"'
    return response


@login_required
@require_POST
def import_job_retry(request, job_id: int):
    """Run an interrupted import again with its kept file (safe: imports merge idempotently)."""
    job = import_job_for(request.user, job_id)
    try:
        import_jobs.retry_job(job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except QueueUnavailable as error:
        messages.error(request, error.message)
    return redirect("core:import_job", job_id=job.pk)


def not_found(request, exception=None):
    """handler404: the API answers JSON like the rest of it, pages the plain 404 page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


# Served when even the 500 template fails: no template, no database, nothing that can fail.
PLAIN_SERVER_ERROR = (
    "<!doctype html><html lang=en><title>Something went wrong</title>"
    '<h1>Something went wrong</h1><p><a href="/">Go to your start page</a></p></html>'
)


def server_error(request):
    """handler500: the app's page, rendered without the request (no context processor, so no
    database query: the failure may be the database), and a plain page if even that fails."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error."}, status=500)
    try:
        return HttpResponseServerError(loader.get_template("500.html").render())
    except Exception:  # noqa: BLE001 - the last resort must not raise
        return HttpResponseServerError(PLAIN_SERVER_ERROR)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a page of the app that says the form expired and how to get back in.
    `reason` is Django's technical wording, for the log only."""
    return render(request, "403_csrf.html", status=403)
