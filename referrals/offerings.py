"""The plan's offerings per county (community_supports.md: a plan adds or discontinues a
Community Support on a six-month cycle, so offerings change only on 1 January and 1 July).

A period is never deleted: it is added, or an open one is given its end, so the history stays.
The same rules as cs_offerings.csv (referrals/import_checks.py): a start on 1 January or 1 July,
an end on 30 June or 31 December, no overlap with another period of the county and service.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from core import reference

from . import catalog
from .models import CsOffering


def _check(county, service, start, end, *, excluding=None) -> None:
    errors = {}
    if county not in reference.CALIFORNIA_COUNTIES:
        errors["county"] = "Not one of California's 58 county names."
    if service not in catalog.BY_CODE:
        errors["service"] = "Choose a Community Support from the list."
    if (start.month, start.day) not in ((1, 1), (7, 1)):
        errors["effective_from"] = "Must be a 1 January or a 1 July (offerings change only then)."
    if end is not None and (end.month, end.day) not in ((6, 30), (12, 31)):
        errors["effective_to"] = "Must be a 30 June or a 31 December, or empty."
    elif end is not None and end < start:
        errors["effective_to"] = "Is before the start."
    if errors:
        raise ValidationError(errors)
    overlapping = (
        CsOffering.objects.select_for_update()
        .filter(county=county, service=service)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start))
        .exclude(pk=excluding)
    )
    if end is not None:
        overlapping = overlapping.filter(effective_from__lte=end)
    clash = overlapping.first()
    if clash:
        raise ValidationError(
            {"effective_from": f"Overlaps the period from {clash.effective_from} "
                               f"to {clash.effective_to or 'further notice'}; end it first."}
        )  # fmt: skip


def add_offering(*, county: str, service: str, start: datetime.date,
                 end: datetime.date | None) -> CsOffering:  # fmt: skip
    with transaction.atomic():
        _check(county, service, start, end)
        return CsOffering.objects.create(
            county=county, service=service, effective_from=start, effective_to=end
        )


def end_offering(offering: CsOffering, *, end: datetime.date) -> CsOffering:
    with transaction.atomic():
        _check(offering.county, offering.service, offering.effective_from, end,
               excluding=offering.pk)  # fmt: skip
        offering.effective_to = end
        offering.save(update_fields=["effective_to", "updated_at"])
    return offering
