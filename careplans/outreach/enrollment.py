"""A member's CICM or ECM enrollment episode, moved along by care managers.

Lifecycle (shared/domain/populations.md, "Program enrollment and disenrollment"):
identified -> outreach -> enrolled -> disenrolled, and from identified or outreach also declined
or unable to reach. The engine opens episodes for newly eligible members; a care manager may
identify a member by hand when no episode is open. Every change goes through `change_enrollment`,
which writes the EnrollmentTransition that is the episode's history (who, when, from, to, why).

Three rules of the program are kept here and nowhere else:
- nobody is ENROLLED (or identified by hand) without an eligible determination in the current
  run or an override to eligible in force for that program (reviews.eligible_populations);
- nobody is UNABLE TO REACH before the outreach rule is met (outreach/rules.py), checked here
  directly on the outreach attempts that live beside the episodes;
- disenrollment gives one of the DHCS ECM discontinuation reasons, and "other" says what.

A change recomputes the member's clocks once committed (enrollment starts the monthly-contact
and initial-HRA clocks).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from careplans.clocks.selectors import current_settings
from careplans.clocks.services import refresh_after_commit
from careplans.models import (
    OPEN_ENROLLMENT_STATUSES,
    DisenrollmentReason,
    EnrollmentStatus,
    EnrollmentTransition,
    ProgramEnrollment,
)
from careplans.outreach.rules import unable_to_reach_problem
from eligibility.reviews import eligible_populations
from members.models import Member, Program

S = EnrollmentStatus
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    S.IDENTIFIED: (S.OUTREACH, S.DECLINED, S.UNABLE_TO_REACH),
    S.OUTREACH: (S.ENROLLED, S.DECLINED, S.UNABLE_TO_REACH),
    S.ENROLLED: (S.DISENROLLED,),
}
ENDING_STATUSES = (S.DISENROLLED, S.DECLINED, S.UNABLE_TO_REACH)
NOT_ELIGIBLE_MESSAGE = (
    "The member has no eligible determination in the current evaluation and no override to "
    "eligible in force for {program}; confirm eligibility before {doing}."
)


def next_statuses(enrollment: ProgramEnrollment | None) -> tuple[str, ...]:
    """The steps a care manager may take from here; identifying starts a new episode."""
    if enrollment is None or not enrollment.is_open:
        return (S.IDENTIFIED,)
    return NEXT_STATUSES.get(enrollment.status, ())


def _check_date(*, effective_on: datetime.date, not_before: datetime.date | None) -> None:
    if effective_on > timezone.localdate():
        raise ValidationError({"effective_on": "The effective date cannot be in the future."})
    if not_before is not None and effective_on < not_before:
        raise ValidationError(
            {
                "effective_on": "The effective date cannot be before the previous change "
                f"({not_before.isoformat()})."
            }
        )


def _check_eligible(*, member: Member, program: str, doing: str) -> None:
    if not eligible_populations(member=member, program=program):
        raise ValidationError(
            {"to_status": NOT_ELIGIBLE_MESSAGE.format(program=program, doing=doing)}
        )


def _check_reason(*, to_status: str, reason: str, reason_text: str) -> None:
    if to_status != S.DISENROLLED:
        if reason:
            raise ValidationError({"reason": "A reason is given only when disenrolling."})
        return
    if reason not in DisenrollmentReason.values:
        raise ValidationError({"reason": "Choose the reason for disenrollment."})
    if reason == DisenrollmentReason.OTHER and not reason_text:
        raise ValidationError({"reason_text": "Say what the other reason is."})


def _check_outreach(*, member: Member, episode: ProgramEnrollment, effective_on) -> None:
    """The outreach rule, counted since the episode's outreach began (or its identification)."""
    problem = unable_to_reach_problem(
        member_id=member.pk,
        since=episode.outreach_started_on or episode.identified_on,
        until=effective_on,
        span_days=current_settings()["unable_to_reach_span"].days,
    )
    if problem:
        raise ValidationError({"to_status": problem})


def _last_change(*, member: Member, program: str) -> datetime.date | None:
    last = (
        EnrollmentTransition.objects.filter(enrollment__member=member, enrollment__program=program)
        .order_by("-effective_on")
        .values_list("effective_on", flat=True)
        .first()
    )
    return last


@transaction.atomic
def change_enrollment(
    *,
    member: Member,
    program: str,
    to_status: str,
    effective_on: datetime.date,
    reason: str = "",
    reason_text: str = "",
    note: str = "",
    by,
) -> ProgramEnrollment:
    """Move the member's open episode in a program one step, or identify them anew.

    The open episode is locked for the change, so two care managers clicking at once cannot
    both move it; a second manual identification loses to the partial unique constraint.
    """
    reason_text, note = reason_text.strip(), note.strip()
    if program not in Program.values:
        raise ValidationError({"program": "Choose CICM or ECM."})
    if to_status not in S.values:
        raise ValidationError({"to_status": "Choose the new enrollment status."})
    episode = (
        ProgramEnrollment.objects.select_for_update()
        .filter(member=member, program=program, status__in=OPEN_ENROLLMENT_STATUSES)
        .first()
    )
    allowed = next_statuses(episode)
    if to_status not in allowed:
        current = episode.get_status_display() if episode else "no open episode"
        names = ", ".join(S(s).label.lower() for s in allowed) or "none"
        raise ValidationError(
            {"to_status": f"From {current.lower()} the next step can be: {names}."}
        )
    _check_reason(to_status=to_status, reason=reason, reason_text=reason_text)
    _check_date(effective_on=effective_on, not_before=_last_change(member=member, program=program))
    if to_status == S.UNABLE_TO_REACH:
        _check_outreach(member=member, episode=episode, effective_on=effective_on)
    if to_status == S.IDENTIFIED:
        _check_eligible(member=member, program=program, doing="identifying the member")
        episode = _open_episode(member=member, program=program, effective_on=effective_on)
        from_status = ""
    else:
        if to_status == S.ENROLLED:
            _check_eligible(member=member, program=program, doing="enrolling the member")
        from_status = episode.status
        _apply(episode, to_status=to_status, effective_on=effective_on)
        if to_status == S.DISENROLLED:
            episode.end_reason = reason
            episode.end_reason_text = reason_text if reason == DisenrollmentReason.OTHER else ""
        episode.save()
    if reason == DisenrollmentReason.OTHER:
        note = f"{reason_text} — {note}" if note else reason_text
    EnrollmentTransition.objects.create(
        enrollment=episode,
        from_status=from_status,
        to_status=to_status,
        effective_on=effective_on,
        reason=reason,
        note=note[:500],
        changed_by=by,
        changed_at=timezone.now(),
    )
    refresh_after_commit(member.pk)
    return episode


def _open_episode(*, member: Member, program: str, effective_on) -> ProgramEnrollment:
    try:
        with transaction.atomic():
            return ProgramEnrollment.objects.create(
                member=member, program=program, status=S.IDENTIFIED, identified_on=effective_on
            )
    except IntegrityError:
        raise ValidationError(
            {"to_status": f"The member already has an open {program} episode."}
        ) from None


def _apply(episode: ProgramEnrollment, *, to_status: str, effective_on) -> None:
    episode.status = to_status
    if to_status == S.OUTREACH:
        episode.outreach_started_on = effective_on
    elif to_status == S.ENROLLED:
        episode.enrolled_on = effective_on
    elif to_status in ENDING_STATUSES:
        episode.ended_on = effective_on


def identify_newly_eligible_sql(as_of: datetime.date, run_id: int) -> str:
    """An evaluation step (eligibility.extensions.after_evaluation): every member the run found
    newly eligible for a program, with no open episode in it, is identified, with the
    transition that says which evaluation did it. Set-based, inside the evaluation's
    transaction; a member with an open episode is left as they are (the partial unique
    constraint's ON CONFLICT)."""
    day = f"DATE '{as_of.isoformat()}'"
    run = int(run_id)
    return f"""
        WITH identified AS (
            INSERT INTO eligibility_programenrollment
                (member_id, program, status, identified_on, end_reason, end_reason_text,
                 updated_at)
            SELECT DISTINCT d.member_id, d.program, 'identified', {day}, '', '', now()
            FROM eligibility_determination d
            WHERE d.run_id = {run} AND d.is_new
            ON CONFLICT (member_id, program)
                WHERE status IN ('identified', 'outreach', 'enrolled') DO NOTHING
            RETURNING id)
        INSERT INTO eligibility_enrollmenttransition
            (enrollment_id, from_status, to_status, effective_on, reason, note, changed_at)
        SELECT id, '', 'identified', {day}, '',
               'Identified by eligibility evaluation #{run}', now()
        FROM identified"""


# Reads


def member_enrollments(member: Member) -> list[ProgramEnrollment]:
    """The member's episodes, newest first, each with its transitions: two queries."""
    transitions = EnrollmentTransition.objects.select_related("changed_by").order_by(
        "effective_on", "changed_at", "id"
    )
    return list(
        ProgramEnrollment.objects.filter(member=member)
        .order_by("program", "-identified_on", "-id")
        .prefetch_related(Prefetch("transitions", queryset=transitions))
    )


def open_episode(enrollments: list[ProgramEnrollment], program: str) -> ProgramEnrollment | None:
    return next((e for e in enrollments if e.program == program and e.is_open), None)
