"""Service limits of Community Supports (shared/domain/community_supports.md, "How a limit is
checked"), written once: the portal's authorization and `check_cs_requests` both call `check`.

A request (member, service, start S, end E, units, amount) is decided in this order:
`not_enrolled` (the member is not enrolled on S), `not_offered` (no offering of the service in the
member's roster county covers S), `over_limit` (the first limit of the service it breaks, in the
order of catalog.LIMIT_ORDER), else `allowed`. Limits are checked against the member's other
authorizations of the same service that are not cancelled (imported history and the portal's
alike), never against the other requests checked with it.

The check is one SQL statement over a relation of requests, whatever their number: the history is
summed per request with one join on (member, service), and the 90-days-in-a-row run is the island
(gaps and islands over the request and that history, touching periods joining) that holds the
request, which is the closure the domain describes ("repeat until none joins").
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from core.sql import sql_array, sql_text

from . import catalog as c

ALLOWED, NOT_ENROLLED, NOT_OFFERED, OVER_LIMIT = (
    "allowed",
    "not_enrolled",
    "not_offered",
    "over_limit",
)

# The columns a relation of requests must have.
REQUEST_COLUMNS = "ord, member_id, service, s, e, units, amount, exclude_id"

USD = "to_char({}, 'FM999,999,999,990.00')"
HISTORY_SERVICES = tuple(
    s.code
    for s in c.SERVICES
    if set(s.limits)
    & {
        c.ONCE_PER_LIFETIME,
        c.HOURS_336_PER_YEAR,
        c.USD_7500_PER_LIFETIME,
        c.SIX_MONTHS_PER_LIFETIME,
    }
)
RUN_SERVICES = tuple(s.code for s in c.SERVICES if c.NINETY_DAYS_IN_A_ROW in s.limits)

# limit code -> (broken when, detail sentence), both over the request's facts `f`.
LIMITS: dict[str, tuple[str, str]] = {
    c.ONCE_PER_LIFETIME: (
        "f.n_earlier > 0",
        "CASE WHEN f.n_earlier = 0 THEN 'no earlier authorization; once per lifetime' "
        "ELSE format('%s earlier authorization%s, the last %s..%s; once per lifetime', "
        "f.n_earlier, CASE WHEN f.n_earlier > 1 THEN 's' ELSE '' END, f.last_start, f.last_end) "
        "END",
    ),
    c.SIX_MONTHS_PER_STAY: (
        "f.e >= (f.s + interval '6 months')::date",
        "format('stay %s..%s of %s days; at most 6 months (last allowed end %s)', f.s, f.e, "
        "f.e - f.s + 1, (f.s + interval '6 months')::date - 1)",
    ),
    c.NINETY_DAYS_IN_A_ROW: (
        "f.run_last - f.run_first + 1 > 90",
        "format('%s days in a row (%s..%s); at most 90', f.run_last - f.run_first + 1, "
        "f.run_first, f.run_last)",
    ),
    c.HOURS_336_PER_YEAR: (
        "f.units_year + coalesce(f.units, 0) > 336",
        "format('%s of 336 hours used in %s; %s asked', f.units_year, "
        "extract(year FROM f.s)::int, coalesce(f.units, 0))",
    ),
    c.USD_7500_PER_LIFETIME: (
        "f.amount_all + coalesce(f.amount, 0) > 7500.00",
        f"format('$%s of $7,500.00 used; $%s asked', {USD.format('f.amount_all')}, "
        f"{USD.format('coalesce(f.amount, 0)')})",
    ),
    c.TWO_MEALS_A_DAY_12_WEEKS: (
        "f.e - f.s + 1 > 84 OR coalesce(f.units, 0) > 2 * (f.e - f.s + 1)",
        "format('%s meals over %s days asked; at most 84 days and 2 meals a day (%s)', "
        "coalesce(f.units, 0), f.e - f.s + 1, 2 * (f.e - f.s + 1))",
    ),
    c.UNDER_24_HOURS: (
        "coalesce(f.units, 0) >= 24",
        "format('%s hours asked; a stay must be under 24 hours', coalesce(f.units, 0))",
    ),
    c.SIX_MONTHS_PER_LIFETIME: (
        "f.units_all + coalesce(f.units, 0) > 6",
        "format('%s of 6 months used; %s asked', f.units_all, coalesce(f.units, 0))",
    ),
}


def _broken_limit() -> str:
    """The first limit of the request's service it breaks, or NULL."""
    whens = []
    for service in c.SERVICES:
        if service.limits:
            tests = " ".join(
                f"WHEN {LIMITS[code][0]} THEN {sql_text(code)}"
                for code in c.LIMIT_ORDER
                if code in service.limits
            )
            whens.append(f"WHEN {sql_text(service.code)} THEN CASE {tests} END")
    return f"CASE f.service {' '.join(whens)} END"


def _details() -> str:
    """Every limit's sentence for a request within them (none: 'no limit for this service')."""
    whens = []
    for service in c.SERVICES:
        if service.limits:
            parts = ", ".join(LIMITS[code][1] for code in c.LIMIT_ORDER if code in service.limits)
            whens.append(f"WHEN {sql_text(service.code)} THEN concat_ws('; ', {parts})")
    return f"CASE f.service {' '.join(whens)} ELSE 'no limit for this service' END"


def _broken_detail() -> str:
    whens = " ".join(f"WHEN {sql_text(code)} THEN {LIMITS[code][1]}" for code in c.LIMIT_ORDER)
    return f"CASE f.broken {whens} END"


def check_sql(requests: str) -> str:
    """One statement deciding every request of the relation `requests` (REQUEST_COLUMNS; `ord`
    unique; `exclude_id` an authorization not to count, e.g. the one being re-checked): rows of
    (ord, result, limit, detail) in `ord` order. Run it with parameters (an empty dict when
    `requests` takes none): the statement's own % signs are doubled for the driver."""
    same_service = (
        "a.member_id = r.member_id AND a.service = r.service AND a.status <> 'cancelled' "
        "AND a.id IS DISTINCT FROM r.exclude_id"
    )
    statement = f"""
    WITH req AS MATERIALIZED (@REQUESTS@),
    hist AS (
        SELECT r.ord, count(*) AS n_earlier,
               max(a.start_date) AS last_start, max(a.end_date) AS last_end,
               coalesce(sum(a.units) FILTER (
                   WHERE date_trunc('year', a.start_date) = date_trunc('year', r.s)), 0)
                   AS units_year,
               coalesce(sum(a.amount_usd), 0) AS amount_all,
               coalesce(sum(a.units), 0) AS units_all
        FROM req r JOIN referrals_csauthorization a ON {same_service}
        WHERE r.service = ANY({sql_array(HISTORY_SERVICES)})
        GROUP BY r.ord
    ),
    periods AS (
        SELECT r.ord, r.s, r.e, true AS own, 0::bigint AS id FROM req r
        WHERE r.service = ANY({sql_array(RUN_SERVICES)})
        UNION ALL
        SELECT r.ord, a.start_date, a.end_date, false, a.id
        FROM req r JOIN referrals_csauthorization a ON {same_service}
        WHERE r.service = ANY({sql_array(RUN_SERVICES)})
    ),
    marked AS (
        SELECT p.*, CASE WHEN p.s > max(p.e) OVER (
                   PARTITION BY p.ord ORDER BY p.s, p.e, p.id
                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) + 1 THEN 1 ELSE 0 END
               AS starts
        FROM periods p
    ),
    islands AS (
        SELECT m.*, sum(m.starts) OVER (
                   PARTITION BY m.ord ORDER BY m.s, m.e, m.id ROWS UNBOUNDED PRECEDING) AS island
        FROM marked m
    ),
    run AS (
        SELECT ord, min(s) AS run_first, max(e) AS run_last FROM islands
        GROUP BY ord, island HAVING bool_or(own)
    ),
    facts AS (
        SELECT r.*, m.county,
               m.enrollment_start <= r.s
                   AND (m.enrollment_end IS NULL OR m.enrollment_end >= r.s) AS enrolled,
               EXISTS (SELECT 1 FROM referrals_csoffering o
                       WHERE o.county = m.county AND o.service = r.service
                         AND o.effective_from <= r.s
                         AND (o.effective_to IS NULL OR o.effective_to >= r.s)) AS offered,
               coalesce(h.n_earlier, 0) AS n_earlier, h.last_start, h.last_end,
               coalesce(h.units_year, 0) AS units_year,
               coalesce(h.amount_all, 0) AS amount_all,
               coalesce(h.units_all, 0) AS units_all,
               run.run_first, run.run_last
        FROM req r JOIN members_member m ON m.id = r.member_id
        LEFT JOIN hist h ON h.ord = r.ord LEFT JOIN run ON run.ord = r.ord
    ),
    decided AS (
        SELECT f.*, CASE WHEN f.enrolled AND f.offered THEN {_broken_limit()} END AS broken
        FROM facts f
    )
    SELECT f.ord,
           CASE WHEN NOT f.enrolled THEN '{NOT_ENROLLED}' WHEN NOT f.offered THEN '{NOT_OFFERED}'
                WHEN f.broken IS NOT NULL THEN '{OVER_LIMIT}' ELSE '{ALLOWED}' END AS result,
           coalesce(f.broken, '') AS limit_code,
           CASE WHEN NOT f.enrolled THEN format('not enrolled on %s', f.s)
                WHEN NOT f.offered
                    THEN format('%s is not offered in %s on %s', f.service, f.county, f.s)
                WHEN f.broken IS NOT NULL THEN {_broken_detail()}
                ELSE {_details()} END AS detail
    FROM decided f
    ORDER BY f.ord
    """
    return statement.replace("%", "%%").replace("@REQUESTS@", requests)


@dataclass(frozen=True)
class Check:
    result: str
    limit: str
    detail: str

    @property
    def allowed(self) -> bool:
        return self.result == ALLOWED


def check(
    *,
    member_id: int,
    service: str,
    start: datetime.date,
    end: datetime.date,
    units: int | None = None,
    amount: Decimal | None = None,
    excluding: int | None = None,
) -> Check:
    """One request, in one query (the portal's authorization and its preview)."""
    requests = (
        "SELECT 1::bigint AS ord, %(member_id)s::bigint AS member_id, %(service)s::text AS service,"
        " %(s)s::date AS s, %(e)s::date AS e, %(units)s::bigint AS units,"
        " %(amount)s::numeric AS amount, %(exclude)s::bigint AS exclude_id"
    )
    params = {"member_id": member_id, "service": service, "s": start, "e": end,
              "units": units, "amount": amount, "exclude": excluding}  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(check_sql(requests), params)
        row = cursor.fetchone()
    if row is None:
        raise ValueError(f"no member {member_id}")
    return Check(result=row[1], limit=row[2], detail=row[3])
