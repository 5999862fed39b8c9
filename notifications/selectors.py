"""Reads for the notification centre: fixed queries whatever the number of notifications."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from . import access
from .models import DigestPreference, Notification

PAGE_SIZE = 50


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(user=user).select_related("member")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("read_at", "-day", "-id")  # unread (NULL) first


def notification_page(user, *, page_number, unread_only: bool = False) -> Page:
    """A page of the user's notifications; each knows whether its member is still visible to the
    user (one query for the page), so a reassigned member's name is not shown."""
    page = Paginator(notifications_for(user, unread_only=unread_only), PAGE_SIZE).get_page(
        page_number
    )
    member_ids = {n.member_id for n in page.object_list if n.member_id}
    visible = access.members_still_visible(user, member_ids)
    for notification in page.object_list:
        notification.member_visible = notification.member_id in visible
    return page


def wants_digest(user) -> bool:
    preference = DigestPreference.objects.filter(user=user).first()
    return bool(preference and preference.daily_digest)
