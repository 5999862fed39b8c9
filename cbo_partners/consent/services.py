"""Writes of consent: the plan care manager records a member's consent (recipients, scopes,
method, dates, the signed form) and revokes it with a date. Each keeps the CBO grants in step
(cbo_partners.grants): a consent naming a CBO with an open assignment gives it the member; a
revocation takes the member away, returns the CBO's open tasks to the plan care manager and
tells them (after commit).
"""

import datetime
import os
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from cbo_partners import grants
from cbo_partners.models import Consent, ConsentMethod, ConsentScope
from core.uploads import check_upload


def _validate(*, recipients, scopes, method, effective_on, expires_on) -> dict:
    errors = {}
    scopes = list(dict.fromkeys(scopes or []))
    if not scopes:
        errors["scopes"] = "Choose what the member agrees to share."
    elif any(scope not in ConsentScope.values for scope in scopes):
        errors["scopes"] = "Choose among the listed scopes."
    if not recipients:
        errors["recipients"] = (
            "Name the organisation(s) the member's substance use disorder records may go to "
            "(42 CFR Part 2 requires it)."
            if ConsentScope.SUD_PART2 in scopes
            else "Name the organisation(s) the member agrees to share with."
        )
    if method not in ConsentMethod.values:
        errors["method"] = "Choose how the member gave consent."
    if effective_on is None:
        errors["effective_on"] = "Enter the day the consent starts."
    elif expires_on is not None and expires_on < effective_on:
        errors["expires_on"] = (
            f"The consent cannot expire ({expires_on.isoformat()}) before it starts "
            f"({effective_on.isoformat()})."
        )
    if errors:
        raise ValidationError(errors)
    return {"scopes": scopes}


@transaction.atomic
def record(
    *,
    member,
    recipients,
    scopes: list[str],
    method: str,
    effective_on: datetime.date,
    expires_on: datetime.date | None = None,
    by,
    form=None,
) -> Consent:
    """Record a member's consent; `form` is the uploaded signed form (PDF, JPEG or PNG)."""
    cleaned = _validate(
        recipients=recipients,
        scopes=scopes,
        method=method,
        effective_on=effective_on,
        expires_on=expires_on,
    )
    checked = None
    if form is not None:
        try:
            checked = check_upload(form)
        except ValidationError as error:
            raise ValidationError({"form": error.messages}) from error
    consent = Consent(
        member=member,
        scopes=cleaned["scopes"],
        method=method,
        effective_on=effective_on,
        expires_on=expires_on,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    if checked is not None:
        # Stored under a random name: the member's or the file's name never reaches a path.
        extension = os.path.splitext(checked.name)[1]
        consent.form.save(f"{uuid.uuid4().hex}{extension}", File(form), save=False)
        consent.form_name = checked.name
        consent.form_content_type = checked.content_type
    try:
        consent.save()
        consent.recipients.set(recipients)
        grants.announce(grants.sync_member_grants(member_ids=[member.pk]))
    except Exception:
        if consent.form:
            consent.form.storage.delete(consent.form.name)  # nothing stored on failure
        raise
    return consent


@transaction.atomic
def revoke(*, consent: Consent, by, revoked_on: datetime.date | None, note: str = "") -> Consent:
    """The member withdraws consent as of `revoked_on` (the consent is not active that day)."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_on is not None:
        raise ValidationError(
            {"revoked_on": f"This consent was already revoked on {consent.revoked_on}."}
        )
    if revoked_on is None:
        raise ValidationError({"revoked_on": "Enter the day the member revoked consent."})
    if revoked_on < consent.effective_on:
        revoked_on = consent.effective_on  # revoked before it began: it never applied
    consent.revoked_on, consent.revoked_by = revoked_on, by
    consent.revocation_note = (note or "").strip()
    consent.save(update_fields=["revoked_on", "revoked_by", "revocation_note"])
    grants.announce(grants.sync_member_grants(member_ids=[consent.member_id]))
    return consent


def sweep(*, today: datetime.date | None = None) -> int:
    """The daily sweep: grants of consents that expired (or whose revocation date came) go,
    new grants of consents that started come; returns how many accesses ended."""
    with transaction.atomic():
        ended = grants.sync_member_grants(member_ids=None, today=today)
        grants.announce(ended)
    return len(ended)
