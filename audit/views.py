"""The access-log export page (plan admins)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts import access

from . import exports
from .forms import AccessLogExportForm


def csv_download(form: AccessLogExportForm) -> StreamingHttpResponse:
    data = form.cleaned_data
    user = data.get("user")
    rows = exports.access_log_between(
        start=data["start"], end=data["end"], username=user.username if user else None
    )
    name = f"access-log-{data['start']}-{data['end']}{'-' + user.username if user else ''}.csv"
    response = StreamingHttpResponse(exports.csv_lines(rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_safe
def access_log_export(request):
    """A form for the date range and user; with `download` in the query, the CSV itself."""
    access.require(request.user, access.Capability.VIEW_ACCESS_LOG)
    today = timezone.localdate()
    form = AccessLogExportForm(
        request.GET if "download" in request.GET else None,
        initial={"start": today - datetime.timedelta(days=30), "end": today},
    )
    if form.is_bound and form.is_valid():
        return csv_download(form)
    return render(
        request, "audit/access_log_export.html", {"form": form}, status=422 if form.errors else 200
    )
