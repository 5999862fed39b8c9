"""Failed logins by username: a few free tries, then growing delays, never a long lockout.

A lockout by username alone lets anyone lock a colleague out (django-axes used to lock the
username+address pair for 30 minutes after 5 tries, and behind the load balancer every client
shared one address). Here a username fails LOGIN_FREE_FAILURES_PER_USERNAME times freely, then
waits 1, 2, 4, ... minutes (at most LOGIN_MAX_DELAY_SECONDS) before the next try is even
checked; a successful login clears it. Guessing across many usernames from one address is
capped separately by django-axes (AXES_LOCKOUT_PARAMETERS = ["ip_address"]), with the address
our trusted proxies saw (accounts.access.client_address). OWASP ASVS 2.2.1.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .models import LoginDelay


class LoginDelayed(Exception):
    """This username must wait before its next login try."""

    def __init__(self, seconds: int):
        self.seconds = seconds
        minutes = max(1, math.ceil(seconds / 60))
        super().__init__(
            f"Too many failed logins for this username. Try again in {minutes} "
            f"minute{'s' if minutes != 1 else ''}."
        )


FORGET_AFTER = timedelta(days=1)


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def delay_after(failures: int) -> int:
    """Seconds to wait after this many consecutive failures: 0, then 60 s doubling to the cap."""
    extra = failures - settings.LOGIN_FREE_FAILURES_PER_USERNAME
    if extra < 0:
        return 0
    return min(60 * 2 ** min(extra, 20), settings.LOGIN_MAX_DELAY_SECONDS)


def check_not_delayed(username: str) -> None:
    """Raise LoginDelayed while the username's next try is not due."""
    delay = LoginDelay.objects.filter(username=_key(username), next_try_at__gt=timezone.now())
    next_try_at = delay.values_list("next_try_at", flat=True).first()
    if next_try_at is not None:
        raise LoginDelayed(int((next_try_at - timezone.now()).total_seconds()) + 1)


def record_failure(username: str) -> None:
    """Count one failed login of the username (safe under concurrent tries).

    Counts older than a quiet day are forgotten, which also keeps the table to a day of
    failures whatever usernames are guessed.
    """
    now = timezone.now()
    key = _key(username)
    if not key:
        return
    LoginDelay.objects.filter(last_failure_at__lt=now - FORGET_AFTER).delete()
    row, created = LoginDelay.objects.get_or_create(
        username=key, defaults={"failures": 1, "last_failure_at": now}
    )
    if not created:
        LoginDelay.objects.filter(pk=row.pk).update(failures=F("failures") + 1, last_failure_at=now)
        row.refresh_from_db(fields=["failures"])
    seconds = delay_after(row.failures)
    if seconds:
        LoginDelay.objects.filter(pk=row.pk).update(next_try_at=now + timedelta(seconds=seconds))


def record_success(username: str) -> None:
    LoginDelay.objects.filter(username=_key(username)).delete()
