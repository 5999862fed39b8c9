"""Writes of CBO assignments: assign, accept (naming the CBO's care manager), decline, change the
CBO care manager, reassign and end. Each is one transaction, writes a CboAssignmentEvent, keeps
the guardian grants in step (cbo_partners.grants.sync_member_grants) and recomputes the member's
clocks after commit (the CBO's decision clock runs while an assignment is pending).

Who may call which is the access layer's business (the views and API ask it); the services check
what the data must satisfy: one open assignment per member and program, capacity (beyond it
only with a reason), a decline's reason (a note for "other"), a care manager of that CBO.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.roles import Role
from careplans.clocks.services import refresh_after_commit
from cbo_partners import grants
from cbo_partners.models import (
    AssignmentStatus,
    CboAssignment,
    CboAssignmentEvent,
    DeclineReason,
    Partner,
)

from .selectors import open_count

Kind = CboAssignmentEvent.Kind


def _event(assignment, kind, by, reason="", at=None) -> CboAssignmentEvent:
    return CboAssignmentEvent.objects.create(
        assignment=assignment, kind=kind, actor=by, at=at or timezone.now(), reason=reason
    )


def _after_change(member_id: int) -> None:
    grants.announce(grants.sync_member_grants(member_ids=[member_id]))
    refresh_after_commit(member_id)


def _check_capacity(partner: Partner, over_capacity_reason: str) -> None:
    taken = open_count(partner)
    if taken >= partner.capacity and not over_capacity_reason.strip():
        raise ValidationError(
            {
                "over_capacity_reason": (
                    f"{partner} carries {taken} members and its capacity is "
                    f"{partner.capacity}; say why it should take one more."
                )
            }
        )


def _create(*, member, partner, program, by, over_capacity_reason, replaces=None, reason=""):
    if not partner.active:
        raise ValidationError({"partner": f"{partner} is not an active partner."})
    over_capacity_reason = (over_capacity_reason or "").strip()
    # The partner row is locked so two assignments cannot both take its last place.
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    _check_capacity(partner, over_capacity_reason)
    if CboAssignment.objects.filter(
        member=member, program=program, status__in=grants.OPEN_STATUSES
    ).exists():
        raise ValidationError(
            {"program": f"The member already has an open CBO assignment in {program}."}
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            assignment = CboAssignment.objects.create(
                member=member,
                partner=partner,
                program=program,
                assigned_by=by,
                assigned_at=now,
                over_capacity_reason=over_capacity_reason,
                replaces=replaces,
            )
    except IntegrityError as error:  # a concurrent assignment of the same member and program
        raise ValidationError(
            {"program": f"The member already has an open CBO assignment in {program}."}
        ) from error
    _event(assignment, Kind.ASSIGNED, by, reason or over_capacity_reason, now)
    return assignment


@transaction.atomic
def assign(*, member, partner: Partner, program: str, by, over_capacity_reason: str = ""):
    """Give `member` to `partner` for `program`; pending until the CBO's lead decides."""
    assignment = _create(
        member=member,
        partner=partner,
        program=program,
        by=by,
        over_capacity_reason=over_capacity_reason,
    )
    _after_change(member.pk)
    return assignment


def _lock_open(assignment: CboAssignment, *statuses) -> CboAssignment:
    locked = CboAssignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status not in statuses:
        raise ValidationError(
            f"This assignment is {locked.get_status_display().lower()}; it cannot change so."
        )
    return locked


def _check_cbo_care_manager(partner: Partner, user) -> None:
    if (
        user is None
        or not user.is_active
        or user.organization_id != partner.organization_id
        or not user.groups.filter(name=Role.CBO_STAFF).exists()
    ):
        raise ValidationError({"cbo_care_manager": f"Choose one of {partner}'s care managers."})


@transaction.atomic
def accept(*, assignment: CboAssignment, by, cbo_care_manager) -> CboAssignment:
    """The CBO's lead accepts, naming one of the CBO's care managers."""
    assignment = _lock_open(assignment, AssignmentStatus.PENDING)
    _check_cbo_care_manager(assignment.partner, cbo_care_manager)
    now = timezone.now()
    assignment.status = AssignmentStatus.ACCEPTED
    assignment.decided_by, assignment.decided_at = by, now
    assignment.cbo_care_manager = cbo_care_manager
    assignment.save(update_fields=["status", "decided_by", "decided_at", "cbo_care_manager"])
    _event(assignment, Kind.ACCEPTED, by, f"Care manager: {_name(cbo_care_manager)}", now)
    _after_change(assignment.member_id)
    return assignment


@transaction.atomic
def decline(*, assignment: CboAssignment, by, reason: str, note: str = "") -> CboAssignment:
    """The CBO's lead declines with a reason (a note when the reason is "other")."""
    note = (note or "").strip()
    if reason not in DeclineReason.values:
        raise ValidationError({"decline_reason": "Choose why the CBO declines."})
    if reason == DeclineReason.OTHER and not note:
        raise ValidationError({"decline_note": "Say why the CBO declines (reason: other)."})
    assignment = _lock_open(assignment, AssignmentStatus.PENDING)
    now = timezone.now()
    assignment.status = AssignmentStatus.DECLINED
    assignment.decided_by, assignment.decided_at = by, now
    assignment.decline_reason, assignment.decline_note = reason, note
    assignment.save(
        update_fields=["status", "decided_by", "decided_at", "decline_reason", "decline_note"]
    )
    label = DeclineReason(reason).label
    _event(assignment, Kind.DECLINED, by, f"{label}: {note}" if note else label, now)
    _after_change(assignment.member_id)
    return assignment


@transaction.atomic
def change_cbo_care_manager(
    *, assignment: CboAssignment, by, cbo_care_manager, reason: str = ""
) -> CboAssignment:
    """The CBO's lead gives the member to another of its care managers."""
    assignment = _lock_open(assignment, AssignmentStatus.ACCEPTED)
    _check_cbo_care_manager(assignment.partner, cbo_care_manager)
    if assignment.cbo_care_manager_id == cbo_care_manager.pk:
        raise ValidationError({"cbo_care_manager": "This care manager already has the member."})
    assignment.cbo_care_manager = cbo_care_manager
    assignment.save(update_fields=["cbo_care_manager"])
    words = f"Care manager: {_name(cbo_care_manager)}"
    _event(assignment, Kind.CARE_MANAGER_CHANGED, by, f"{words}. {reason}" if reason else words)
    _after_change(assignment.member_id)
    return assignment


def _close(assignment: CboAssignment, by, reason: str, kind) -> CboAssignment:
    now = timezone.now()
    assignment.status = AssignmentStatus.ENDED
    assignment.ended_at, assignment.ended_by, assignment.end_reason = now, by, reason
    assignment.save(update_fields=["status", "ended_at", "ended_by", "end_reason"])
    _event(assignment, kind, by, reason, now)
    return assignment


def _reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: "Say why."})
    return reason


@transaction.atomic
def end(*, assignment: CboAssignment, by, reason: str) -> CboAssignment:
    """End an open assignment (the CBO stops care-managing the member), with the reason."""
    reason = _reason(reason)
    assignment = _lock_open(assignment, AssignmentStatus.PENDING, AssignmentStatus.ACCEPTED)
    _close(assignment, by, reason, Kind.ENDED)
    _after_change(assignment.member_id)
    return assignment


@transaction.atomic
def reassign(
    *,
    assignment: CboAssignment,
    partner: Partner,
    by,
    reason: str,
    over_capacity_reason: str = "",
) -> CboAssignment:
    """End an open assignment and give the member to another CBO in the same program."""
    reason = _reason(reason)
    old = _lock_open(assignment, AssignmentStatus.PENDING, AssignmentStatus.ACCEPTED)
    if partner.pk == old.partner_id:
        raise ValidationError({"partner": f"The member is already with {partner}."})
    _close(old, by, reason, Kind.REASSIGNED)
    new = _create(
        member=old.member,
        partner=partner,
        program=old.program,
        by=by,
        over_capacity_reason=over_capacity_reason,
        replaces=old,
        reason=f"Reassigned from {old.partner}: {reason}",
    )
    _after_change(old.member_id)
    return new


def _name(user) -> str:
    return user.get_full_name() or user.username
