"""Who may see import jobs: plan admins only (a rejected file's report can quote row positions)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import Role, has_role

from .models import ImportJob


def import_job_for(user, job_id: int) -> ImportJob:
    if has_role(user, Role.CBO_STAFF) or not has_role(user, Role.PLAN_ADMIN):
        raise Http404
    return get_object_or_404(ImportJob.objects.select_related("requested_by"), pk=job_id)
