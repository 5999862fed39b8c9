"""Import job pages: progress (polled by htmx), the result, and the problem report."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from .selectors import import_job_for, live_progress_percent, problems_of


@login_required
def import_job(request, job_id: int):
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
def import_problems_report(request, job_id: int):
    """Every problem as `line N: column: reason`, one per line, to fix the file against."""
    job = import_job_for(request.user, job_id)
    lines = (f"{p}\n" for p in problems_of(job).iterator(chunk_size=5000))
    response = HttpResponse("".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-problems.txt"'
    return response
