"""Every page needs a verified second factor; no authenticated response is cached anywhere."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control

from . import mfa

# Reachable with a password alone: the steps that finish a login (the token API asks for the
# code itself), and leaving.
OPEN_URL_NAMES = (
    "login",
    "logout",
    "accounts:mfa_enroll",
    "accounts:mfa_verify",
    "api:auth-token",
)


class RequireVerifiedDeviceMiddleware:
    """A session logged in with a password alone reaches only the second-factor steps.

    Pages redirect to enrolment (first login) or to the code page; the API answers 403. API
    calls with a token pass: tokens are issued only after both factors (accounts.tokens).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths = None

    def open_paths(self) -> frozenset[str]:
        if self._open_paths is None:
            self._open_paths = frozenset(reverse(name) for name in OPEN_URL_NAMES)
        return self._open_paths

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not mfa.is_verified(request)
            and request.path_info not in self.open_paths()
        ):
            return self.refuse(request)
        return self.get_response(request)

    def refuse(self, request):
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"detail": "Finish logging in with your second factor first."}, status=403
            )
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        step = "accounts:mfa_verify" if mfa.is_enrolled(request.user) else "accounts:mfa_enroll"
        return redirect(f"{reverse(step)}?{query}" if query else reverse(step))


class NoStoreWhenAuthenticatedMiddleware:
    """`Cache-Control: no-store, private` on every response to a logged-in user.

    A shared clinic workstation's back button, or a proxy between, must not show a member's
    record after logout (ASVS 8.2.1). Anonymous pages (the login form) and static files keep
    their own headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response


class UserLanguageMiddleware:
    """The signed-in user's chosen language wins over the browser's (LocaleMiddleware's guess),
    for the page and for `<html lang>`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user and user.is_authenticated else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            response.headers["Content-Language"] = language
        return response
