"""The 30-minute idle timeout, extended at most once a minute instead of on every request.

With SESSION_SAVE_EVERY_REQUEST every request (and the member page makes one per htmx section)
wrote the session row: a savepoint, an UPDATE and a release. This middleware marks the session
modified only when it was last extended SESSION_TOUCH_SECONDS ago or more, so an active user
still keeps their session (its expiry moves with their activity, to within a minute) and an
idle one is logged out after SESSION_COOKIE_AGE.
"""

import time

from django.conf import settings

TOUCHED_KEY = "_idle_touched"


def mark_fresh_on_login(sender, request, user, **kwargs) -> None:
    """Logging in saves a new session anyway; the next minute of requests need not again."""
    request.session[TOUCHED_KEY] = int(time.time())


class IdleSessionMiddleware:
    """Goes after SessionMiddleware, so its response step runs before the session is saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = int(time.time())
        if now - session.get(TOUCHED_KEY, 0) >= settings.SESSION_TOUCH_SECONDS:
            session[TOUCHED_KEY] = now  # marks the session modified: saved with a new expiry
        return response
