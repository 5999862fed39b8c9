"""Diagnoses and utilization imports (shared/contracts/README.md), run by core.feeds.

`import_diagnoses` and `import_utilization` are the entry points; the upload page (through a
Celery task), the API and the `import_diagnoses` / `import_utilization` commands all call them.
They run the pipeline the roster runs (core.feeds.import_feed) over the feeds of
eligibility/import_checks.py: every CIN is looked up in the roster while cleaning (one hash
join), the rows are checked set-based and merged by (member_id, source_id) with one UPDATE and
one INSERT. Any bad row rejects the file with every problem listed as `line N: column: reason`
and nothing stored changes; importing the same file again changes nothing; a later file updates
rows by (cin, source_id).
"""

from collections.abc import Callable
from pathlib import Path

from core.csv_import import ImportResult
from core.feeds import import_feed

from .import_checks import DIAGNOSES, UTILIZATION


def import_diagnoses(
    path: Path, *, max_bytes: int, on_stage: Callable[[str, int], None] = lambda s, p: None
) -> ImportResult:
    """Import diagnoses.csv: codes stored upper case without the dot (F20.9 and F209 alike)."""
    return import_feed(DIAGNOSES, path, max_bytes=max_bytes, on_stage=on_stage)


def import_utilization(
    path: Path, *, max_bytes: int, on_stage: Callable[[str, int], None] = lambda s, p: None
) -> ImportResult:
    """Import utilization.csv: ED visits and stays, with Y/N/empty flags as true/false/None."""
    return import_feed(UTILIZATION, path, max_bytes=max_bytes, on_stage=on_stage)
