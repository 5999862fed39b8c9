"""The clinical data upload page for plan admins; the job page that follows is core's."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts import access
from accounts.access import Capability
from core.models import ImportJob
from core.queue import QueueUnavailable

from . import services
from .forms import ClinicalUploadForm
from .rules import RULE_SET_VERSION, RULES, codes


@login_required
@require_http_methods(["GET", "POST"])
def clinical_upload(request):
    access.require(request.user, Capability.IMPORT)
    status = 422
    form = ClinicalUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_clinical_import(
                kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        except QueueUnavailable as error:
            form.add_error("file", error.message)
            status = 503
        else:
            return redirect("core:import_job", job_id=job.pk)
    recent = ImportJob.objects.filter(kind__in=services.CLINICAL_KINDS).select_related(
        "requested_by"
    )[:10]
    return render(
        request,
        "eligibility/clinical_upload.html",
        {"form": form, "recent": recent},
        status=status if form.errors else 200,
    )


@login_required
@require_http_methods(["GET"])
def rule_set(request):
    """The populations of focus as the engine applies them, for care managers and auditors."""
    access.require(request.user, Capability.READ_RULE_SET)
    code_groups = [
        ("SMI", codes.SMI),
        ("SUD", codes.SUD),
        ("Dementia", codes.DEMENTIA),
        ("Homelessness", codes.HOMELESSNESS),
        ("Youth behavioral", codes.YOUTH_BEHAVIORAL),
        ("Qualifying need (justice)", codes.QUALIFYING_NEED),
    ]
    return render(
        request,
        "eligibility/rule_set.html",
        {"version": RULE_SET_VERSION, "rules": RULES, "code_groups": code_groups},
    )
