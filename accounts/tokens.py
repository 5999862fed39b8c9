"""API tokens (django-rest-knox): hashed at rest, expiring, listed and revoked by their owner
and by plan admins.

A token is issued only to someone who proved both factors: a verified browser session, or a
username, password and a current code in one request (`issue_token_with_credentials`). Knox
stores a SHA-512 digest and the first characters (`token_key`) to find it; the token itself is
shown once. REST_KNOX in settings ends a token after 30 idle minutes and 10 hours at most.
"""

from django.contrib.auth import authenticate
from django.db.models import Q, QuerySet
from django.utils import timezone
from knox.models import AuthToken
from knox.settings import knox_settings

from . import access, lockout, mfa
from .models import User


class TokenRefused(Exception):
    """Credentials, code or token limit refused; the message is safe to show."""


def live_tokens(*, user: User | None = None) -> QuerySet[AuthToken]:
    """Tokens that still work, newest first; every user's when `user` is None."""
    tokens = AuthToken.objects.filter(Q(expiry__gt=timezone.now()) | Q(expiry__isnull=True))
    if user is not None:
        tokens = tokens.filter(user=user)
    return tokens.select_related("user").order_by("-created")


def issue_token(*, user: User) -> tuple[AuthToken, str]:
    """A new token for a user who has proved both factors; the clear text is returned once."""
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit is not None and live_tokens(user=user).count() >= limit:
        raise TokenRefused(f"You have {limit} live tokens already; revoke one first.")
    return AuthToken.objects.create(user=user)


def issue_token_with_credentials(*, request, username: str, password: str, code: str):
    """Username, password and a current code (app or backup) in one request -> a new token.

    The same delays as the login page apply (accounts.lockout, django-axes by address).
    """
    try:
        lockout.check_not_delayed(username)
    except lockout.LoginDelayed as delayed:
        raise TokenRefused(str(delayed)) from None
    user = authenticate(getattr(request, "_request", request), username=username, password=password)
    if user is None:
        lockout.record_failure(username)
        raise TokenRefused("Username, password or code is not right.")
    if not mfa.is_enrolled(user):
        raise TokenRefused("Set up two-step login in the portal before asking for a token.")
    if mfa.verified_device(user, code) is None:
        lockout.record_failure(username)
        raise TokenRefused("Username, password or code is not right.")
    lockout.record_success(username)
    return issue_token(user=user)


def revocable_token(*, actor: User, token_key: str) -> AuthToken | None:
    """The live token with this key that the actor may revoke: their own, or anyone's for plan
    admins. None for a token that is missing or not theirs (the caller answers 404)."""
    tokens = live_tokens().filter(token_key=token_key)
    if not access.may(actor, access.Capability.MANAGE_USERS):
        tokens = tokens.filter(user=actor)
    return tokens.first()


def revoke(*, token: AuthToken) -> None:
    token.delete()
