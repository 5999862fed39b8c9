"""risk.csv (shared/domain/risk.md, "Contract"), written by PostgreSQL itself with one COPY.

Same conventions as determinations.csv (eligibility/export.py): RFC 4180 quoting, UTF-8, LF,
sorted by cin byte by byte (COLLATE "C"), an empty LACE written as an empty cell.
"""

import datetime
from typing import BinaryIO

from django.db import connection

HEADER = (
    "cin", "as_of", "rule_version", "tier", "score", "lace", "charlson", "ed_6m", "ip_12m",
    "homeless", "rising", "evidence",
)  # fmt: skip

COPY_RISK = """
    COPY (
        SELECT m.cin, to_char(r.as_of, 'YYYY-MM-DD') AS as_of, r.rule_version, r.tier, r.score,
               r.lace, r.charlson, r.ed_6m, r.ip_12m,
               CASE WHEN r.homeless THEN 'Y' ELSE 'N' END AS homeless,
               CASE WHEN r.rising THEN 'Y' ELSE 'N' END AS rising, r.evidence
        FROM risk_memberrisk r
        JOIN members_member m ON m.id = r.member_id
        WHERE r.as_of = %(as_of)s
        ORDER BY m.cin COLLATE "C"
    ) TO STDOUT WITH (FORMAT csv, HEADER true)
"""


def write_risk(*, as_of: datetime.date, out: BinaryIO) -> int:
    """Stream the day's risk.csv into a binary file; returns the number of data rows."""
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(COPY_RISK, {"as_of": as_of}) as copy:
            for chunk in copy:
                out.write(chunk)
        return raw.rowcount
