"""The Risk section of a member's page: tier, score, every fact with its dates and codes, the
LACE parts of the index stay, and the tier history.

Loaded by the member page with htmx (members may not import risk); a plain GET gets the same
section in a page of its own. Every rendering shows the member's record, so it writes the
access log.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.models import AccessLog
from audit.services import record_member_access

from .permissions import access_member_risk
from .rules import lace
from .selectors import member_risk_history

ACCESS_LOG_VIEW = AccessLog.View.RISK


@login_required
@require_GET
def member_risk(request, member_id: int):
    member = access_member_risk(request.user, member_id)
    record_member_access(request=request, member_id=member.pk, viewed=ACCESS_LOG_VIEW)
    history = member_risk_history(member)
    context = {
        "member": member,
        "current": history[0] if history else None,
        "history": history,
        "lace_high": lace.HIGH_RISK,
    }
    template = "risk/_member_risk.html" if request.htmx else "risk/member_risk_page.html"
    return render(request, template, context)
