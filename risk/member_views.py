"""The Risk section of a member's page: tier, score, every fact with its dates and codes, the
LACE parts of the index stay, and the tier history.

Loaded by the member page with htmx (members may not import risk); a plain GET gets the same
section in a page of its own. The access layer scopes the member, refuses those who may not
see the RISK category of a record (CBO staff: it names diagnoses) and writes the access log.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import access
from audit.models import AccessLog

from .rules import lace
from .selectors import member_risk_history

ACCESS_LOG_VIEW = AccessLog.View.RISK


@login_required
@require_GET
def member_risk(request, member_id: int):
    member = access.access_member(request, member_id, log_as=ACCESS_LOG_VIEW)
    history = member_risk_history(member)
    context = {
        "member": member,
        "current": history[0] if history else None,
        "history": history,
        "lace_high": lace.HIGH_RISK,
    }
    template = "risk/_member_risk.html" if request.htmx else "risk/member_risk_page.html"
    return render(request, template, context)
