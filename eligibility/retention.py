"""How long each evaluation's determinations are kept.

A nightly evaluation of 300,000 members stores about 330,000 determinations (~90 MB with
indexes), so keeping every night forever would grow by ~30 GB a year. Reviews of eligibility ask
"why was this member (not) eligible on that day", so the policy keeps: every run of the last
DAILY_DAYS days, and the last successful run of every calendar month for good (a monthly
snapshot, as the state's monthly reporting uses). Older runs keep their summary row (as-of day,
counts, rule version) and lose their determinations. Reviews keep their reason and decision; a
review's link to a pruned determination becomes empty.
"""

import datetime

from django.db import connection, transaction

from core import maintenance

from .models import EvaluationRun

DAILY_DAYS = 90


def prune_determinations(*, today: datetime.date, daily_days: int = DAILY_DAYS) -> int:
    """Delete determinations of runs outside the policy; returns how many rows went."""
    cutoff = today - datetime.timedelta(days=daily_days)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            WITH monthly AS (
                SELECT DISTINCT ON (date_trunc('month', as_of)) id
                FROM eligibility_evaluationrun
                WHERE status = %(done)s
                ORDER BY date_trunc('month', as_of), as_of DESC, id DESC
            ), expired AS (
                SELECT id FROM eligibility_evaluationrun
                WHERE as_of < %(cutoff)s AND id NOT IN (SELECT id FROM monthly)
            )
            DELETE FROM eligibility_determination d USING expired e WHERE d.run_id = e.id
            """,
            {"cutoff": cutoff, "done": EvaluationRun.Status.SUCCEEDED},
        )
        pruned = cursor.rowcount
    if pruned:
        maintenance.analyze("eligibility_determination")
    return pruned
