"""Outreach attempts and contacts: recording one (a service) and reading them (selectors).

What a contact records is what state reviewers count for outreach and engagement (ECM outreach
practice, CICM high-touch expectation in shared/domain/timelines.md): when, how, who was
reached, with what outcome, for how long. Recording one moves the member's clocks (first
outreach, transition-of-care follow-up, monthly contact), so the member's clocks are recomputed
once the contact is committed.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import access
from careplans.clocks.services import refresh_in_transaction
from careplans.models import Contact, ContactKind, ContactMode, ContactOutcome, ReachedParty
from members.models import Member

# Outcomes that say nobody was reached; a "contact" (not an attempt) reached someone.
# A contact or attempt longer than a day is a typing mistake.
MAX_CONTACT_MINUTES = 24 * 60
UNREACHED_OUTCOMES = {
    ContactOutcome.NO_ANSWER,
    ContactOutcome.WRONG_NUMBER,
    ContactOutcome.RETURNED_MAIL,
    ContactOutcome.LEFT_MESSAGE,
}
# Outcomes that say someone was reached, and outcomes nobody could have when someone was
# (a message can be left with a caregiver; nobody answers a call they took).
REACHED_OUTCOMES = {ContactOutcome.REACHED, ContactOutcome.DECLINED}
NOBODY_OUTCOMES = UNREACHED_OUTCOMES - {ContactOutcome.LEFT_MESSAGE}


def _check(
    *, kind: str, occurred_at: datetime.datetime, reached: str, outcome: str, duration_minutes
) -> None:
    errors: dict[str, str] = {}
    if occurred_at > timezone.now():
        errors["occurred_at"] = "A contact cannot be in the future; enter when it happened."
    if duration_minutes is not None and not 0 < duration_minutes <= MAX_CONTACT_MINUTES:
        errors["duration_minutes"] = (
            f"Enter the duration in minutes, more than 0 and at most {MAX_CONTACT_MINUTES:,} "
            "(a day), or leave it empty."
        )
    if kind == ContactKind.CONTACT and reached == ReachedParty.NOBODY:
        errors["reached"] = "A contact reached someone; record an outreach attempt instead."
    if kind == ContactKind.CONTACT and outcome in UNREACHED_OUTCOMES:
        errors["outcome"] = "This outcome means nobody was reached; record an outreach attempt."
    # "Reached: Nobody · Reached" said both (issue 13, bug 5): who and outcome must agree.
    if reached == ReachedParty.NOBODY and outcome in REACHED_OUTCOMES:
        errors.setdefault("reached", "The outcome says someone was reached: choose who.")
    if reached != ReachedParty.NOBODY and outcome in NOBODY_OUTCOMES:
        errors.setdefault(
            "outcome", "Someone was reached, so this outcome cannot be right: choose what happened."
        )
    if errors:
        raise ValidationError(errors)


def record_contact(
    *,
    member: Member,
    kind: str,
    occurred_at: datetime.datetime,
    mode: str,
    reached: str,
    outcome: str,
    duration_minutes: int | None = None,
    note: str = "",
    shared_with_cbo: bool = False,
    sud: bool = False,
    by,
) -> Contact:
    """Record an outreach attempt or a contact with or about the member.

    A CBO partner's contact or note is marked as by their organisation and is shared (the plan
    and the CBO see it); the plan's are plan-internal unless shared with the CBO.
    """
    partner = access.is_partner(by)
    for field, choices, value in (
        ("kind", ContactKind, kind),
        ("mode", ContactMode, mode),
        ("reached", ReachedParty, reached),
        ("outcome", ContactOutcome, outcome),
    ):
        if value not in choices.values:
            raise ValidationError({field: "Select a valid choice."})
    _check(
        kind=kind,
        occurred_at=occurred_at,
        reached=reached,
        outcome=outcome,
        duration_minutes=duration_minutes,
    )
    with transaction.atomic():
        contact = Contact.objects.create(
            member=member,
            kind=kind,
            occurred_at=occurred_at,
            mode=mode,
            reached=reached,
            outcome=outcome,
            duration_minutes=duration_minutes,
            note=note.strip(),
            recorded_by=by,
            shared_with_cbo=shared_with_cbo or partner,
            by_organization_id=by.organization_id if partner else None,
            sud=sud,
        )
        refresh_in_transaction(member.pk)  # the contact and its clocks commit together
    return contact
