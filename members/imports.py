"""The roster import (members.csv in shared/contracts/README.md) as a core.feeds.Feed.

`import_roster` is the one entry point; the upload view (through a Celery task), the API and the
`import_members` command all call it. It runs core.feeds.import_feed like the clinical feeds: the
file is all-or-nothing, any bad row rejects it with every problem listed as
`line N: column: reason`, and nothing stored changes. A good file updates members by CIN: one
UPDATE of the changed and one INSERT of the new, so a repeat import changes (and locks) nothing.
"""

from collections.abc import Callable
from pathlib import Path

from core.csv_import import ImportResult
from core.feeds import Feed, import_feed

from . import roster_checks as checks
from .models import Member

REQUIRED = (
    "cin", "last_name", "first_name", "date_of_birth", "sex", "county", "plan_product",
    "enrollment_start",
)  # fmt: skip
MEMBER_COLUMNS = (
    "cin", "mbi", "last_name", "first_name", "date_of_birth", "sex", "race_ethnicity",
    "preferred_language", "county", "address_line", "city", "zip", "phone", "plan_product",
    "enrollment_start", "enrollment_end", "housing_status", "incarceration_release_date",
    "nursing_facility_resident", "wants_community_transition", "ltc_level_of_care",
    "pregnancy_end_date", "currently_pregnant", "ccs_enrolled", "child_welfare_involved",
)  # fmt: skip


ROSTER = Feed(
    kind="roster",
    noun="members",
    table=Member._meta.db_table,
    columns=MEMBER_COLUMNS,
    required=REQUIRED,
    rules=tuple(checks.rules()),
    unique_key=("cin",),
    repeated_key_reason="the same CIN is on line",
    stored={c: checks.STORED.get(c, "n.{}").format(c) for c in MEMBER_COLUMNS},
    merge_key=("cin",),
    timestamps=True,
    value_columns=checks.VALUE_COLUMNS,
    clean=checks.NORMALISE,
    params=checks.today_iso,
)


def import_roster(
    path: Path, *, max_bytes: int, on_stage: Callable[[str, int], None] = lambda s, p: None
) -> ImportResult:
    """Import members.csv at `path`; raise ImportRejected (nothing changed) on any bad row."""
    return import_feed(ROSTER, path, max_bytes=max_bytes, on_stage=on_stage)
