"""The "Due dates" section of the member page and the plan admins' clock settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from accounts.access import Capability
from audit.models import AccessLog
from careplans.clocks import history
from careplans.clocks import selectors as clock_selectors
from careplans.clocks import services as clocks
from careplans.clocks.forms import ClockSettingForm
from core.queue import QueueUnavailable

CLOCKS_ACCESS = AccessLog.View.CLOCKS
CLOCKS_CHANGED = "clocks-changed"  # templates/careplans/_clocks.html listens for it


@login_required
@require_GET
def member_clocks(request, member_id: int):
    """The "Due dates" section: each running clock, its state, due date and what started it."""
    member = access.access_member(request, member_id, log_as=CLOCKS_ACCESS)
    context = {"member": member, "clocks": clock_selectors.member_clocks(member)}
    template = "careplans/_clocks.html" if request.htmx else "careplans/_clocks_page.html"
    return render(request, template, context)


def _render_settings(request, *, form=None, status=200):
    context = {
        "settings": clock_selectors.current_settings(with_authors=True).values(),
        "history": clock_selectors.setting_history()[:100],
        "form": form or ClockSettingForm(),
        "refresh": clock_selectors.refresh_status(),
        "go_live": history.go_live(),
    }
    return render(request, "careplans/clock_settings.html", context, status=status)


@login_required
@require_GET
def clock_settings(request):
    access.require(request.user, Capability.CONFIGURE)
    return _render_settings(request)


@login_required
@require_POST
def clock_setting_change(request):
    """Put a new value in force; every clock is recomputed in the background afterwards."""
    access.require(request.user, Capability.CONFIGURE)
    form = ClockSettingForm(request.POST)
    if form.is_valid():
        try:
            clocks.change_setting(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except QueueUnavailable:
            messages.warning(
                request,
                "Setting changed, but the task queue is unavailable: every member's clocks "
                "will be recomputed tonight.",
            )
            return redirect("careplans:clock_settings")
        else:
            messages.success(
                request, "Setting changed. Every member's clocks are being recomputed."
            )
            return redirect("careplans:clock_settings")
    return _render_settings(request, form=form, status=422)


@login_required
@require_GET
def clock_refresh_status(request):
    """Polled by the settings page while clocks are recomputed."""
    access.require(request.user, Capability.CONFIGURE)
    return render(
        request,
        "careplans/clock_settings_status.html",
        {"refresh": clock_selectors.refresh_status()},
    )
