"""The closed-loop report for plan admins: a month's referrals and the summary, on a page and as
the member-level CSV. Both log the members they show (one access-log row)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import Capability, record_members_shown, require
from audit.models import AccessLog
from members.models import Member

from . import report as closed_loop


def _month(request):
    try:
        return closed_loop.parse_month(request.GET.get("month", ""))
    except ValueError:
        return timezone.localdate().replace(day=1)


def _rows(request):
    require(request.user, Capability.EXPORT)
    month = _month(request)
    rows = closed_loop.month_rows(month)
    record_members_shown(
        request,
        members=list(
            Member.objects.filter(cin__in=[r[1] for r in rows]).values_list("pk", flat=True)
        ),
        viewed=AccessLog.View.EXPORT,
    )
    return month, rows


@login_required
@require_GET
def report(request):
    month, rows = _rows(request)
    context = {
        "month": month,
        "columns": closed_loop.MEMBER_COLUMNS,
        "rows": rows,
        "summary_columns": closed_loop.SUMMARY_COLUMNS,
        "summary": closed_loop.month_summary(month),
    }
    return render(request, "referrals/report.html", context)


@login_required
@require_GET
def report_csv(request):
    month, rows = _rows(request)
    response = HttpResponse(
        closed_loop.to_csv(closed_loop.MEMBER_COLUMNS, rows), content_type="text/csv"
    )
    response["Content-Disposition"] = f'attachment; filename="cs_closed_loop_{month:%Y-%m}.csv"'
    return response
