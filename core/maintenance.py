"""ANALYZE after bulk writes, so the planner's statistics match what a job just wrote.

Autovacuum's analyze runs on its own schedule (or not at all where it is switched off); until it
does, a table that just grew by 300,000 rows is planned as if it were empty. The contacts
section's timeline scanned eligibility_enrollmenttransition twice per request until that table was
analyzed (issue 14). So every bulk write — imports, evaluations, the full clock refresh, pruning —
calls `analyze` on the tables it changed, once, after it commits.
"""

from django.db import connection
from psycopg import sql


def analyze(*tables: str) -> None:
    """ANALYZE each table (a sample of 30,000 rows at most: a fraction of a second each)."""
    with connection.cursor() as cursor:
        for table in dict.fromkeys(tables):
            cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(table)))
