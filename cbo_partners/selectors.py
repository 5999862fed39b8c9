"""Reads about the partnership that other apps need without importing cbo_partners."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import AssignmentStatus


def cbo_care_managers_of(member_id: int) -> QuerySet:
    """The CBO care manager of the member's open accepted CBO assignments (active users)."""
    return get_user_model().objects.filter(
        is_active=True,
        cbo_assignments__member_id=member_id,
        cbo_assignments__status=AssignmentStatus.ACCEPTED,
    )
