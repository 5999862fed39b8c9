"""The second factor: a TOTP authenticator app and single-use backup codes (django-otp).

HIPAA's proposed Security Rule update (89 FR 965, 164.312(d)) asks for multi-factor
authentication on every system that touches ePHI, so every user, plan and CBO alike, enrolls at
first login and proves a device at every login. A verified login is recorded in the session the
way django-otp does it (`otp_device_id`); `RequireVerifiedDeviceMiddleware` reads only that key,
so a verified request costs no query. A plan admin's reset deletes the devices and ends the
user's sessions and API tokens, so nothing verified with the old device stays alive.
"""

import base64
import io

import segno
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

TOTP_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"


def is_enrolled(user: User) -> bool:
    """A user with a confirmed authenticator app has finished enrolment."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(request) -> bool:
    """This session's login was completed with a second factor."""
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed device of an enrolment in progress (a new secret the first time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code, drawn here (nothing is fetched)."""
    out = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        out, kind="svg", xmldecl=False, svgns=True, scale=5, border=2, title="QR code to scan"
    )
    return out.getvalue().decode()


def base32_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps let people type it, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def confirm_enrolment(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the pending device with a code from the app; return fresh backup codes.

    None when the code is wrong (the secret stays the same so the person can try again).
    """
    if not device.verify_token(token.strip().replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    codes = new_backup_codes(user=device.user)
    otp_login(request, device)
    return codes


@transaction.atomic
def new_backup_codes(*, user: User) -> list[str]:
    """Replace the user's backup codes with MFA_BACKUP_CODE_COUNT new ones, shown once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.MFA_BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verified_device(user: User, token: str):
    """The device (app or backup code) that accepts this code, or None.

    Six digits go to the app, anything else to the backup codes, so a mistyped code counts
    against only the device it was meant for: each device throttles its own failures
    (django-otp's doubling delay), and a backup code is used up when it is accepted.
    """
    token = (token or "").strip().replace(" ", "").replace("-", "").lower()
    if not token:
        return None
    kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    for device in kind.objects.filter(user=user, confirmed=True):
        with transaction.atomic():
            device = type(device).objects.select_for_update().get(pk=device.pk)
            if device.verify_token(token):
                return device
    return None


def complete_login(*, request, token: str) -> bool:
    """Verify the second factor of the logged-in (unverified) user of this session."""
    device = verified_device(request.user, token)
    if device is None:
        return False
    otp_login(request, device)
    return True


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def reset_devices(*, user: User) -> None:
    """Forget the user's devices (a lost phone): they enroll again at their next login.

    Their sessions and API tokens end too, since each was opened with the old device.
    """
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.auth_token_set.all().delete()
    end_sessions(user=user)


def end_sessions(*, user: User) -> int:
    """Delete the user's open sessions (sessions last at most 30 idle minutes, so few are open)."""
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)
