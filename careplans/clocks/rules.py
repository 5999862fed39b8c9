"""The shared vocabulary of the due-date clocks of shared/domain/timelines.md.

Each clock rule is written once, as SQL, by the part of care management that owns what starts
it (assessments/extensions.py, plans/extensions.py, outreach/extensions.py) and registered in
members.extensions.clock_rules; a new app adds its clocks the same way. A rule is a SELECT of
(member_id, started_on, started_by) for the members in scope whose clock is running: the day
that started it and the words for what started it. The clock's due date is `started_on + days`,
where `days` is the rule's setting (its default, or the latest ClockSetting row for its key). A
clock with two rules (initial HRA for CICM and for ECM, care plan review yearly and after a
discharge) is due on the earlier of them.

Placeholders: {scope} is the member filter on `m.id`; %(today)s is the plan's local day and
%(tz)s its time zone (contacts and assignments are instants; a clock counts local days), so no
rule reads the database server's clock.

What "in care management" means here: a D-SNP (CICM) member whose coverage has not ended (the
CMS Model of Care owes every D-SNP enrollee an HRA and a care plan), or a member with an
enrollment episode in status `enrolled` (ECM, or CICM tracked as an episode).
"""

import datetime

from django.db.models import Case, Value, When

from careplans.models import ClockState
from members.extensions import ClockSettingSpec

COVERED = "(m.enrollment_end IS NULL OR m.enrollment_end >= %(today)s)"
PROGRAM_ENROLLED = (
    "EXISTS (SELECT 1 FROM eligibility_programenrollment pe"
    " WHERE pe.member_id = m.id AND pe.status = 'enrolled')"
)
CARE_MANAGED = f"({COVERED} AND (m.program = 'CICM' OR {PROGRAM_ENROLLED}))"
DISCHARGE = (
    "u.member_id = m.id AND u.event_type IN ('inpatient_admission', 'snf_stay')"
    " AND u.end_date IS NOT NULL AND u.end_date <= %(today)s"
)

# Settings of the clock machinery itself, not of one clock.
DUE_SOON = ClockSettingSpec(
    "due_soon", "A clock is due soon within", 14, True, "shared/domain/timelines.md", order=90
)

STATE_SQL = (
    "CASE WHEN {due} < %(today)s THEN 'overdue'"
    " WHEN {due} <= %(today)s + %(days_due_soon)s THEN 'due_soon' ELSE 'due' END"
)


def state_expression(field: str, *, today, due_soon_days: int) -> Case:
    """STATE_SQL as an ORM expression, for care-plan tasks listed beside clocks."""
    return Case(
        When(**{f"{field}__lt": today}, then=Value(ClockState.OVERDUE)),
        When(
            **{f"{field}__lte": today + datetime.timedelta(days=due_soon_days)},
            then=Value(ClockState.DUE_SOON),
        ),
        default=Value(ClockState.DUE),
    )
