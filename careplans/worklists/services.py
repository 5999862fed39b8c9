"""Writes of the work lists: a supervisor's bulk snooze of "My tasks" items, and lifting it.

A snooze hides an item from the task list and the team's overdue counts until a day, with who,
when and why. Rows are never deleted (TaskSnooze is the history): lifting a snooze early marks
it lifted, with who and when, so an auditor sees every snooze and how it ended.
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.access import Capability, may
from accounts.models import User
from careplans.models import TaskSnooze
from careplans.worklists.selectors import snoozed_items, source_items, union_of

MAX_SNOOZE_DAYS = 365


def snooze_items(
    *,
    by,
    owner: User,
    items: list[tuple[str, int]],
    until: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> int:
    """Snooze `owner`'s open items named (kind, id) until `until`; returns how many.

    Only items of the owner's list as `by` sees it count (anything else is ignored), so a
    supervisor snoozes only their team's work. Fixed queries: one read of the named items, one
    INSERT."""
    if not may(by, Capability.SNOOZE_TASKS):
        raise ValidationError("Only supervisors and plan admins can snooze items.")
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    errors = {}
    if not items:
        errors[NON_FIELD_ERRORS] = "Select at least one item to snooze."
    if until is None or until <= today:
        errors["until"] = "Choose a day after today."
    elif until > today + datetime.timedelta(days=MAX_SNOOZE_DAYS):
        errors["until"] = f"Snooze for at most {MAX_SNOOZE_DAYS} days."
    if not reason:
        errors["reason"] = "Say why these items wait."
    if errors:
        raise ValidationError(errors)
    by_kind: dict[str, list[int]] = {}
    for kind, item_id in items:
        by_kind.setdefault(kind, []).append(item_id)
    named = Q()
    for kind, ids in by_kind.items():
        named |= Q(i_kind=kind, i_id__in=ids)
    parts = [part.filter(named) for part in source_items(user=by, owner=owner, today=today)]
    found = list(union_of(parts))
    if not found:
        raise ValidationError(
            {NON_FIELD_ERRORS: "None of the selected items is open on this list."}
        )
    now = timezone.now()
    with transaction.atomic():
        TaskSnooze.objects.bulk_create(
            TaskSnooze(
                member_id=row["i_member"],
                item_kind=row["i_kind"],
                item_id=row["i_id"],
                until=until,
                reason=reason[:300],
                snoozed_by=by,
                snoozed_at=now,
            )
            for row in found
        )
    return len(found)


def lift_snoozes(
    *, by, owner: User, items: list[tuple[str, int]], today: datetime.date | None = None
) -> int:
    """Show `owner`'s snoozed items named (kind, id) again now; returns how many.

    As with snoozing, only items of the owner's list as `by` sees it count. Fixed queries: one
    read of the named snoozed items, one UPDATE marking their snoozes lifted."""
    if not may(by, Capability.SNOOZE_TASKS):
        raise ValidationError("Only supervisors and plan admins can lift a snooze.")
    today = today or timezone.localdate()
    if not items:
        raise ValidationError({NON_FIELD_ERRORS: "Select at least one item to show again."})
    named = Q()
    for kind, item_id in items:
        named |= Q(i_kind=kind, i_id=item_id)
    found = list(snoozed_items(user=by, owner=owner, today=today, only=named))
    if not found:
        raise ValidationError({NON_FIELD_ERRORS: "None of the selected items is snoozed."})
    which = Q()
    for row in found:
        which |= Q(item_kind=row["i_kind"], item_id=row["i_id"])
    TaskSnooze.objects.filter(which, until__gt=today, lifted_at__isnull=True).update(
        lifted_at=timezone.now(), lifted_by=by
    )
    return len(found)
