"""Reads of CBO assignments: capacity, a lead's decisions waiting, a member's partnership."""

from django.db.models import Count, Q

from accounts.roles import Role
from cbo_partners.models import (
    OPEN_ASSIGNMENT,
    AssignmentStatus,
    CboAssignment,
    Partner,
)

OPEN = [AssignmentStatus.PENDING, AssignmentStatus.ACCEPTED]


def open_count(partner: Partner) -> int:
    """Members the partner carries now: its accepted and pending assignments."""
    return CboAssignment.objects.filter(OPEN_ASSIGNMENT, partner=partner).count()


def partners_with_load():
    """Active partners with `carried` (accepted + pending assignments), one query."""
    return (
        Partner.objects.filter(active=True)
        .select_related("organization")
        .annotate(
            carried=Count("assignments", filter=Q(assignments__status__in=["pending", "accepted"]))
        )
    )


def care_managers_of(partner: Partner):
    """The CBO's active staff that its lead may name as a member's care manager."""
    from accounts.models import User

    return (
        User.objects.filter(
            is_active=True, organization_id=partner.organization_id, groups__name=Role.CBO_STAFF
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def waiting_for(organization_id: int):
    """A CBO's assignments waiting for its lead's decision, oldest first."""
    return (
        CboAssignment.objects.filter(
            status=AssignmentStatus.PENDING, partner__organization_id=organization_id
        )
        .select_related("member", "assigned_by", "partner__organization")
        .order_by("assigned_at", "id")
    )


def accepted_of(organization_id: int):
    """A CBO's accepted assignments, with their care managers (the lead's team view)."""
    return (
        CboAssignment.objects.filter(
            status=AssignmentStatus.ACCEPTED, partner__organization_id=organization_id
        )
        .select_related("member", "cbo_care_manager")
        .order_by("member__last_name", "member__first_name", "id")
    )


def member_assignments(member_id: int, organization_id: int | None = None):
    """A member's CBO assignments, the latest first, with their events (two queries);
    only those of one CBO when `organization_id` is given."""
    assignments = CboAssignment.objects.filter(member_id=member_id)
    if organization_id is not None:
        assignments = assignments.filter(partner__organization_id=organization_id)
    return assignments.select_related(
        "partner__organization", "cbo_care_manager", "assigned_by", "decided_by", "ended_by"
    ).prefetch_related("events__actor")
