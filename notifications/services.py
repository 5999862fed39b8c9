"""Writes to notifications: mark read (one, or all), and the digest preference."""

from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import DigestPreference, Notification


def mark_read(*, user, notification_id: int) -> Notification:
    """Mark the user's notification read (another user's is a 404) and return it."""
    notification = get_object_or_404(Notification, pk=notification_id, user=user)
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    notification.refresh_from_db()
    return notification


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def set_digest(*, user, daily_digest: bool) -> DigestPreference:
    preference, _ = DigestPreference.objects.update_or_create(
        user=user, defaults={"daily_digest": daily_digest}
    )
    return preference
