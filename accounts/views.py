"""Login with a second factor, enrolment, the user's own security page and the plan admins'
user security page."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import access, mfa, tokens
from .forms import CodeForm, EnrolmentForm, LoginForm
from .models import User


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("home")


def _step_url(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


@login_required
@require_http_methods(["GET", "POST"])
def mfa_enroll(request):
    """First login: scan the QR code (or type the secret), confirm with a code, keep the backup
    codes. Someone already enrolled proves their device instead: a password alone never adds
    a device."""
    if mfa.is_enrolled(request.user):
        return redirect(_step_url("accounts:mfa_verify", request))
    device = mfa.pending_totp_device(request.user)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.confirm_enrolment(
            request=request, device=device, token=form.cleaned_data["code"]
        )
        if codes is not None:
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next": _next_url(request), "first_time": True},
            )
        form.add_error(
            "code", "That code is not right. Check the app's clock and try the next code."
        )
    context = {
        "form": form,
        "qr_svg": mfa.qr_code_svg(device),
        "secret": mfa.base32_secret(device),
        "next": _next_url(request),
    }
    return render(request, "accounts/mfa_enroll.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request):
    """Every login: a code from the app or a backup code."""
    if mfa.is_verified(request):
        return redirect(_next_url(request))
    if not mfa.is_enrolled(request.user):
        return redirect(_step_url("accounts:mfa_enroll", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.complete_login(request=request, token=form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", "That code is not right, or it was used already.")
    context = {"form": form, "next": _next_url(request)}
    return render(request, "accounts/mfa_verify.html", context, status=422 if form.errors else 200)


@login_required
@require_safe
def security(request):
    """The user's own two-step login, backup codes and API tokens."""
    return _render_security(request)


def _render_security(request, new_token: str | None = None):
    context = {
        "backup_codes_left": mfa.backup_codes_left(request.user),
        "tokens": tokens.live_tokens(user=request.user),
        "new_token": new_token,
    }
    return render(request, "accounts/security.html", context)


@login_required
@require_POST
def backup_codes(request):
    codes = mfa.new_backup_codes(user=request.user)
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "next": reverse("accounts:security")},
    )


@login_required
@require_POST
def token_create(request):
    """A new API token for this verified session, shown once in this response (never stored in
    clear, not even in the session)."""
    try:
        _, token = tokens.issue_token(user=request.user)
    except tokens.TokenRefused as refused:
        messages.error(request, str(refused))
        return redirect("accounts:security")
    return _render_security(request, new_token=token)


@login_required
@require_POST
def token_revoke(request, token_key: str):
    token = tokens.revocable_token(actor=request.user, token_key=token_key)
    if token is None:
        raise Http404
    owner = token.user
    tokens.revoke(token=token)
    messages.success(request, f"Token {token_key}… of {owner.username} revoked.")
    if owner != request.user:
        return redirect("accounts:users")
    return redirect("accounts:security")


def _plan_admin_or_404(user) -> None:
    access.require(user, access.Capability.MANAGE_USERS)


@login_required
@require_safe
def users(request):
    """Plan admins: every user's two-step login and live API tokens."""
    _plan_admin_or_404(request.user)
    now = timezone.now()
    people = (
        User.objects.select_related("organization")
        .annotate(
            enrolled=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            live_tokens=Count(
                "auth_token_set",
                filter=Q(auth_token_set__expiry__gt=now) | Q(auth_token_set__expiry__isnull=True),
            ),
        )
        .order_by("username")
    )
    context = {"people": people, "tokens": tokens.live_tokens()}
    return render(request, "accounts/users.html", context)


@login_required
@require_POST
def user_mfa_reset(request, user_id: int):
    _plan_admin_or_404(request.user)
    person = get_object_or_404(User, pk=user_id)
    mfa.reset_devices(user=person)
    messages.success(
        request,
        f"Two-step login of {person.username} reset: they set up an app at their next login.",
    )
    return redirect("accounts:users")


@login_required
@require_POST
def language(request):
    """The user's interface language (English or Spanish), kept on their account; back to the
    page they were on."""
    chosen = request.POST.get("language", "")
    if chosen not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest("Choose English or Español.")
    User.objects.filter(pk=request.user.pk).update(language=chosen)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("home")
    response = redirect(back)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, chosen, samesite="Lax", secure=request.is_secure()
    )
    return response
