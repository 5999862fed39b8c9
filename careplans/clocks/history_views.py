"""The HRA history upload page for plan admins (hra_history.csv); the job page is core's."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts import access
from accounts.access import Capability
from careplans.clocks import history
from core.models import ImportJob
from core.queue import QueueUnavailable


class HistoryUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with the columns of the hra_history.csv contract: cin, "
        "record_type (hra or care_plan), completed_on, source_id.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def history_upload(request):
    access.require(request.user, Capability.IMPORT)
    status = 422
    posted = request.method == "POST"
    form = HistoryUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            job = history.start_history_import(
                uploaded_file=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        except QueueUnavailable as error:
            form.add_error("file", error.message)
            status = 503
        else:
            return redirect("core:import_job", job_id=job.pk)
    recent = ImportJob.objects.filter(kind=history.KIND).select_related("requested_by")[:10]
    return render(
        request,
        "careplans/history_upload.html",
        {"form": form, "recent": recent, "go_live": history.go_live()},
        status=status if form.errors else 200,
    )
