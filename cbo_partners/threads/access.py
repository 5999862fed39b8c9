"""The thread's doors onto member data, through the access layer only.

A thread is part of a member's record: opening it scopes the member (`access_member`, one
access-log row), and a thread of a member the user may not see, or of another CBO, answers 404
like a missing one. Who stands where in a thread (plan side, CBO side, reader) is decided in
`standing`, once, for pages and the API alike.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts import access
from accounts.access import Capability, DataCategory
from accounts.models import Organization
from accounts.roles import Role, has_role
from audit.models import AccessLog
from cbo_partners.consent.selectors import active_on, has_part2_consent
from cbo_partners.models import OPEN_ASSIGNMENT, CboAssignment, Consent, ConsentScope, Thread

THREAD_ACCESS = AccessLog.View.CBO_THREAD
INBOX_ACCESS = AccessLog.View.MESSAGES
PLAN, CBO = Organization.Kind.PLAN, Organization.Kind.CBO


@dataclass(frozen=True)
class Standing:
    """Where a user stands in one thread: their side, whether they may post, and whether
    messages flagged as substance use (42 CFR Part 2) are shown to them."""

    side: str  # PLAN or CBO
    may_post: bool
    sees_sud: bool

    @property
    def needs_redisclosure_notice(self) -> bool:
        """42 CFR 2.32: Part 2 records disclosed to a CBO carry the redisclosure notice."""
        return self.side == CBO and self.sees_sud


def is_cbo_user(user) -> bool:
    return access.organization_kind(user) == CBO


def standing(user, member, assignment: CboAssignment) -> Standing | None:
    """None when the user has no place in this thread (the caller answers 404).

    Plan side: the member's care manager and that care manager's supervisor post (a supervisor
    also for an unassigned member of their scope); others who may see the member (plan admins)
    read. CBO side: the assignment's CBO care manager and the CBO's leads, of that CBO only.
    """
    kind = access.organization_kind(user)
    open_assignment = assignment.status in ("pending", "accepted")
    if kind == CBO:
        if user.organization_id != assignment.partner.organization_id:
            return None
        if assignment.cbo_care_manager_id != user.pk and not has_role(user, Role.CBO_LEAD):
            return None
        return Standing(
            CBO,
            may_post=open_assignment and access.may(user, Capability.MESSAGE_CBO),
            sees_sud=has_part2_consent(member.pk, user.organization_id),
        )
    if kind != PLAN or not access.may(user, Capability.VIEW_MEMBER):
        return None
    care_manager = member.care_manager
    participant = (
        member.care_manager_id == user.pk
        or (care_manager is not None and care_manager.supervisor_id == user.pk)
        or (care_manager is None and access.may(user, Capability.VIEW_TEAM_MEMBERS))
    )
    return Standing(
        PLAN,
        may_post=participant and open_assignment and access.may(user, Capability.MESSAGE_CBO),
        sees_sud=access.may_see(user, DataCategory.SUD),
    )


def member_for_thread(who, member_id, *, capability=Capability.VIEW_MEMBER):
    """The member whose threads are read or written, scoped, checked and logged."""
    return access.access_member(who, member_id, capability=capability, log_as=THREAD_ACCESS)


def assignment_in_thread(request, member_id, assignment_id, *, capability=Capability.VIEW_MEMBER):
    """(member, assignment, standing) for a thread page or endpoint; 404 for anything not the
    user's: a member out of scope, an assignment of another member, another CBO's thread."""
    member = member_for_thread(request, member_id, capability=capability)
    assignment = (
        CboAssignment.objects.select_related("partner__organization", "cbo_care_manager")
        .filter(pk=assignment_id, member=member)
        .first()
        if str(assignment_id).isdigit()
        else None
    )
    if assignment is None:
        raise Http404
    place = standing(request.user, member, assignment)
    if place is None:
        raise Http404
    return member, assignment, place


def assignments_in_view(user, member) -> list[tuple[CboAssignment, Standing]]:
    """The member's CBO assignments whose thread the user may open, with their standing: open
    ones, and ended ones that have a thread to read."""
    assignments = (
        CboAssignment.objects.select_related("partner__organization", "cbo_care_manager", "thread")
        .filter(member=member)
        .filter(OPEN_ASSIGNMENT | Q(thread__isnull=False))
        .order_by("-assigned_at", "-id")
    )
    if is_cbo_user(user):
        assignments = assignments.filter(partner__organization_id=user.organization_id)
    shown = []
    for assignment in assignments:
        place = standing(user, member, assignment)
        if place is not None:
            shown.append((assignment, place))
    return shown


def part2_consented(member_ref, organization_id) -> QuerySet:
    """Active Part 2 consents of the member at `member_ref` (an OuterRef) naming the organisation:
    what lets a CBO user see SUD-flagged messages, as a subquery."""
    return Consent.objects.filter(
        active_on(timezone.localdate()),
        member_id=member_ref,
        scopes__contains=[ConsentScope.SUD_PART2],
        recipients__organization_id=organization_id,
    )


def threads_of(user) -> QuerySet[Thread]:
    """The threads the user takes part in, among members the access layer lets them see."""
    threads = Thread.objects.filter(member__in=access.members_visible_to(user))
    if is_cbo_user(user):
        mine = Q(assignment__partner__organization_id=user.organization_id)
        if not has_role(user, Role.CBO_LEAD):
            mine &= Q(assignment__cbo_care_manager=user)
        return threads.filter(mine)
    if not access.may(user, Capability.MESSAGE_CBO):
        return threads.none()
    mine = Q(member__care_manager=user) | Q(member__care_manager__supervisor=user)
    if access.may(user, Capability.VIEW_TEAM_MEMBERS):
        mine |= Q(member__care_manager__isnull=True)
    return threads.filter(mine)


def record_inbox_shown(request, member_ids) -> None:
    access.record_members_shown(request, members=member_ids, viewed=INBOX_ACCESS)
