"""The roster upload page for plan admins; the job page that follows is core's."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts import access
from core.models import ImportJob
from core.queue import QueueUnavailable

from . import services
from .forms import RosterUploadForm


@login_required
@require_http_methods(["GET", "POST"])
def roster_upload(request):
    access.require(request.user, access.Capability.IMPORT)
    status = 422
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_roster_import(
                uploaded_file=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        except QueueUnavailable as error:
            form.add_error("file", error.message)
            status = 503
        else:
            return redirect("core:import_job", job_id=job.pk)
    recent = ImportJob.objects.filter(kind=ImportJob.Kind.ROSTER).select_related("requested_by")[
        :10
    ]
    return render(
        request,
        "members/roster_upload.html",
        {"form": form, "recent": recent},
        status=status if form.errors else 200,
    )
