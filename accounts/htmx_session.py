"""An htmx request whose session ended gets an answer htmx can act on, not the login page.

Without this, `login_required` (or the second-factor middleware) redirects an htmx request to
the login form, the browser follows the redirect inside the XMLHttpRequest, and htmx swaps the
whole login page into the section that asked: a filter swaps it into the results, a contact form
into the Contacts card, and the note typed is gone. A request refused by the CSRF check (its
cookie gone, or rotated by a login in another tab) answered 403 and htmx showed nothing.

Both now answer 401 with the `X-Session-Ended` header and a one-line body; static/js/portal.js
keeps what the user typed (sessionStorage of the tab), shows a "your session ended" dialog whose
button reloads the page through the login, and puts the typed values back afterwards.
"""

from django.http import HttpResponse
from django.urls import reverse

SESSION_ENDED_HEADER = "X-Session-Ended"
# The steps a request is sent to when its session is gone or not verified (accounts.middleware).
_LOGIN_STEPS = ("login", "accounts:mfa_verify", "accounts:mfa_enroll")
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def session_ended_response(reason: str) -> HttpResponse:
    response = HttpResponse(
        "Your session ended. Log in again to carry on.",
        status=401,
        content_type="text/plain; charset=utf-8",
    )
    response[SESSION_ENDED_HEADER] = reason
    # htmx must not swap this anywhere, whatever a page's swap settings say.
    response["HX-Reswap"] = "none"
    return response


class HtmxSessionEndedMiddleware:
    """Goes before CsrfViewMiddleware, so it sees the CSRF refusal and the login redirects."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._login_paths = None

    def login_paths(self) -> frozenset[str]:
        if self._login_paths is None:
            self._login_paths = frozenset(reverse(name) for name in _LOGIN_STEPS)
        return self._login_paths

    def __call__(self, request):
        response = self.get_response(request)
        if request.headers.get("HX-Request") != "true":
            return response
        if response.status_code in (301, 302, 303, 307, 308):
            target = response.get("Location", "").split("?", 1)[0]
            if target in self.login_paths() and request.path_info not in self.login_paths():
                return session_ended_response("login")
        elif (
            response.status_code == 403
            and request.method in _UNSAFE
            # CsrfViewMiddleware marks the requests it accepted; a 403 without the mark is its
            # refusal (the views behind htmx forms are never csrf_exempt).
            and not getattr(request, "csrf_processing_done", False)
        ):
            return session_ended_response("csrf")
        return response
