"""Writes of Community Supports referrals: every move of the closed loop goes through `move`,
which checks the move is allowed from the referral's status, refuses a save made on an older
version (two people at once: the later is refused, its input kept by the caller) and records
who and when in ReferralEvent, in one transaction.

Closed loop (shared/domain/community_supports.md): draft -> sent -> received -> accepted or
declined (reason) -> authorized -> in service -> completed -> closed (closure reason, connected),
or cancelled (reason) before the service is completed.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from careplans.clocks.selectors import current_settings
from careplans.clocks.services import refresh_after_commit
from core.business_days import add_business_days

from . import catalog, limits
from .models import (
    AuthorizationStatus,
    CsAuthorization,
    Referral,
    ReferralEvent,
    ServiceDelivery,
    Status,
)
from .selectors import offering_on, providers_for

S = Status
ALLOWED_MOVES: dict[str, set[str]] = {
    S.DRAFT: {S.SENT, S.CANCELLED},
    S.SENT: {S.RECEIVED, S.CANCELLED},
    S.RECEIVED: {S.ACCEPTED, S.DECLINED, S.CANCELLED},
    S.ACCEPTED: {S.AUTHORIZED, S.CANCELLED},
    S.DECLINED: {S.CLOSED},
    S.AUTHORIZED: {S.IN_SERVICE, S.CANCELLED},
    S.IN_SERVICE: {S.COMPLETED, S.CANCELLED},
    S.COMPLETED: {S.CLOSED},
    S.CLOSED: set(),
    S.CANCELLED: set(),
}
DECISION_BUSINESS_DAYS = 5  # the default; plan admins change it in Clock settings


def decision_business_days() -> int:
    """The business days a provider has to decide (Clock settings, "cs_provider_decision")."""
    value = current_settings().get("cs_provider_decision")
    return value.days if value is not None else DECISION_BUSINESS_DAYS


class StaleReferral(ValidationError):
    """The referral changed since the form was shown."""


def _today() -> datetime.date:
    return timezone.localdate()


def move(referral: Referral, *, to: str, by, version: int, reason: str = "", note: str = "",
         **fields) -> Referral:  # fmt: skip
    """Move `referral` to `to`, setting `fields`, if allowed and nobody moved it since `version`."""
    if to not in ALLOWED_MOVES[referral.status]:
        raise ValidationError(
            gettext("A referral that is %(now)s cannot be %(to)s.")
            % {"now": referral.get_status_display().lower(), "to": Status(to).label.lower()}
        )
    now = timezone.now()
    with transaction.atomic():
        changed = Referral.objects.filter(
            pk=referral.pk, version=version, status=referral.status
        ).update(status=to, version=F("version") + 1, **fields)
        if not changed:
            raise StaleReferral(
                "Someone else changed this referral while you were looking at it; "
                "reload to see their change. Your input is kept below."
            )
        ReferralEvent.objects.create(
            referral=referral, status=to, actor=by, at=now, reason=reason, note=note
        )
        refresh_after_commit(referral.member_id)  # the provider-decision clock starts or stops
    referral.refresh_from_db()
    return referral


def create_referral(*, member, service: str, provider, reason: str, urgency: str, by,
                    send: bool = True) -> Referral:  # fmt: skip
    """A referral to a provider contracted for the service in the member's county; refused when
    the plan does not offer the service there."""
    today = _today()
    if service not in catalog.BY_CODE:
        raise ValidationError({"service": "Choose a Community Support from the list."})
    if offering_on(service=service, county=member.county, day=today) is None:
        raise ValidationError(
            {"service": f"{catalog.name_of(service)} is not offered in {member.county} County; "
                        "it cannot be referred."}
        )  # fmt: skip
    if not providers_for(service, member.county, today).filter(pk=provider.pk).exists():
        raise ValidationError(
            {"provider": f"{provider} has no contract for {catalog.name_of(service)} in "
                         f"{member.county} County."}
        )  # fmt: skip
    if not reason.strip():
        raise ValidationError({"reason": "Say why the member needs this service."})
    with transaction.atomic():
        referral = Referral.objects.create(
            member=member, service=service, provider=provider, reason=reason.strip(),
            urgency=urgency, created_by=by,
        )  # fmt: skip
        ReferralEvent.objects.create(referral=referral, status=S.DRAFT, actor=by, at=timezone.now())
    if send:
        referral = send_referral(referral, by=by, version=referral.version)
    return referral


def send_referral(referral: Referral, *, by, version: int) -> Referral:
    """Send to the provider, who decides within the configured business days."""
    now = timezone.now()
    decide_by = add_business_days(timezone.localdate(now), decision_business_days())
    return move(referral, to=S.SENT, by=by, version=version, sent_at=now, decide_by=decide_by)


def accept(referral: Referral, *, by, version: int) -> Referral:
    """The provider accepts; a referral not yet marked received is received first."""
    if referral.status == S.SENT:
        referral = move(referral, to=S.RECEIVED, by=by, version=version)
        version = referral.version
    return move(referral, to=S.ACCEPTED, by=by, version=version, decided_at=timezone.now())


def decline(referral: Referral, *, by, version: int, reason: str, note: str = "") -> Referral:
    if not reason:
        raise ValidationError({"reason": "Choose why the referral is declined."})
    if referral.status == S.SENT:
        referral = move(referral, to=S.RECEIVED, by=by, version=version)
        version = referral.version
    return move(referral, to=S.DECLINED, by=by, version=version, reason=reason, note=note,
                decline_reason=reason, decided_at=timezone.now())  # fmt: skip


def authorize(referral: Referral, *, by, version: int, number: str, start: datetime.date,
              end: datetime.date, units: int | None, amount: Decimal | None,
              override_reason: str = "") -> tuple[Referral, limits.Check]:  # fmt: skip
    """Authorize an accepted referral after the limit check; over a limit only with a written
    override reason (kept on the authorization and in the history); not enrolled or not
    offered refuses."""
    service = catalog.BY_CODE[referral.service]
    errors = {}
    if not number.strip():
        errors["number"] = "Enter the authorization number."
    if end < start:
        errors["end"] = "The end is before the start."
    if service.needs_units and units is None:
        errors["units"] = f"Enter the {service.unit} authorized."
    if service.needs_amount and amount is None:
        errors["amount"] = "Enter the amount authorized (this service has a dollar limit)."
    if errors:
        raise ValidationError(errors)
    found = limits.check(member_id=referral.member_id, service=referral.service, start=start,
                         end=end, units=units, amount=amount)  # fmt: skip
    if found.result in (limits.NOT_ENROLLED, limits.NOT_OFFERED):
        raise ValidationError(f"Cannot authorize: {found.detail}.")
    if found.result == limits.OVER_LIMIT and not override_reason.strip():
        raise ValidationError(
            {"override_reason": f"Over the limit ({found.limit}): {found.detail}. "
                                "Authorizing needs an override with a written reason."}
        )  # fmt: skip
    override = override_reason.strip() if found.result == limits.OVER_LIMIT else ""
    try:
        with transaction.atomic():
            authorization = CsAuthorization.objects.create(
                member_id=referral.member_id, service=referral.service, start_date=start,
                end_date=end, units=units, amount_usd=amount, source_id=number.strip(),
                status=AuthorizationStatus.AUTHORIZED, authorized_by=by,
                override_reason=override,
            )  # fmt: skip
            note = found.detail + (f" Override: {override}" if override else "")
            referral = move(referral, to=S.AUTHORIZED, by=by, version=version, note=note,
                            authorization=authorization)  # fmt: skip
    except IntegrityError:
        raise ValidationError(
            {"number": "This authorization number is already used for this member."}
        ) from None
    return referral, found


def record_delivery(referral: Referral, *, by, version: int, start: datetime.date,
                    end: datetime.date, units: int | None) -> Referral:  # fmt: skip
    """The provider records service delivered; the first record starts the service."""
    if referral.status not in (S.AUTHORIZED, S.IN_SERVICE):
        raise ValidationError("Service can be recorded once the referral is authorized.")
    if end < start:
        raise ValidationError({"end": "The end is before the start."})
    with transaction.atomic():
        if referral.status == S.AUTHORIZED:
            referral = move(referral, to=S.IN_SERVICE, by=by, version=version,
                            service_started_on=start)  # fmt: skip
        elif referral.version != version:
            raise StaleReferral("Someone else changed this referral; reload to see it.")
        ServiceDelivery.objects.create(
            referral=referral, start_date=start, end_date=end, units=units, recorded_by=by,
            recorded_at=timezone.now(),
        )  # fmt: skip
    return referral


def complete(referral: Referral, *, by, version: int) -> Referral:
    with transaction.atomic():
        referral = move(referral, to=S.COMPLETED, by=by, version=version,
                        completed_at=timezone.now())  # fmt: skip
        CsAuthorization.objects.filter(pk=referral.authorization_id).update(
            status=AuthorizationStatus.COMPLETED
        )
    return referral


def close(referral: Referral, *, by, version: int, closure_reason: str, connected: bool,
          connected_on: datetime.date | None) -> Referral:  # fmt: skip
    if not closure_reason:
        raise ValidationError({"closure_reason": "Choose why the referral is closed."})
    if connected and connected_on is None:
        raise ValidationError({"connected_on": "Enter the day the member was connected."})
    return move(referral, to=S.CLOSED, by=by, version=version, reason=closure_reason,
                closed_at=timezone.now(), closure_reason=closure_reason, connected=connected,
                connected_on=connected_on if connected else None)  # fmt: skip


def cancel(referral: Referral, *, by, version: int, reason: str, note: str = "") -> Referral:
    if not reason:
        raise ValidationError({"reason": "Choose why the referral is cancelled."})
    with transaction.atomic():
        referral = move(referral, to=S.CANCELLED, by=by, version=version, reason=reason,
                        note=note, cancel_reason=reason)  # fmt: skip
        CsAuthorization.objects.filter(pk=referral.authorization_id).update(
            status=AuthorizationStatus.CANCELLED
        )
    return referral
