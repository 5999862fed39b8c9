"""The notification centre: list (unread first), open one (marks it read, goes to its link),
mark all read, and the email digest preference. Every signed-in user has one."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services


class DigestForm(forms.Form):
    daily_digest = forms.BooleanField(
        required=False,
        label="Send me a daily email digest",
        help_text="Counts of what waits for you and a link here; never a member's name or ID.",
    )


@login_required
@require_http_methods(["GET"])
def badge(request):
    """The top bar's link text with the unread count, loaded by htmx after the page (so no page
    pays a query for it)."""
    return render(
        request, "notifications/_badge.html", {"count": selectors.unread_count(request.user)}
    )


@login_required
@require_http_methods(["GET"])
def notification_centre(request):
    unread_only = request.GET.get("unread") == "1"
    context = {
        "page": selectors.notification_page(
            request.user, page_number=request.GET.get("page"), unread_only=unread_only
        ),
        "unread_only": unread_only,
        "digest_form": DigestForm(initial={"daily_digest": selectors.wants_digest(request.user)}),
    }
    return render(request, "notifications/centre.html", context)


@login_required
@require_POST
def open_notification(request, notification_id: int):
    """Mark read and follow the notification's link (a path inside the portal)."""
    notification = services.mark_read(user=request.user, notification_id=notification_id)
    if url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return redirect(notification.link)
    return redirect("notifications:centre")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    messages.success(request, f"{count} notification(s) marked read.")
    return redirect("notifications:centre")


@login_required
@require_POST
def digest_preference(request):
    form = DigestForm(request.POST)
    form.is_valid()  # a checkbox: absent is off, anything else is on
    on = form.cleaned_data.get("daily_digest", False)
    services.set_digest(user=request.user, daily_digest=on)
    messages.success(request, "Daily email digest " + ("on." if on else "off."))
    return redirect("notifications:centre")
