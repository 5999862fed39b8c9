"""Computing members' due-date clocks, and the settings they are computed with.

`refresh_member_clocks` is the one writer of MemberClock and of the clock summary on Member
(clock_state, next_due_on, next_due_label): services that change what a clock depends on call it
for their member after commit, and a nightly task calls it for everyone, because "due soon" and
"overdue" move with the calendar. It is set-based SQL whatever the number of members: the rules
registered in members.extensions.clock_rules become one INSERT ... ON CONFLICT DO UPDATE with a
DELETE of clocks that stopped, then one UPDATE ... FROM of the members' summaries.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careplans.clocks import history
from careplans.clocks.history import NO_HISTORY
from careplans.clocks.rules import STATE_SQL
from careplans.clocks.selectors import REFRESH_STATUS_KEY, SettingValue, current_settings
from careplans.models import ClockSetting, MemberClock
from core import maintenance, queue
from core.business_days import ADD_BUSINESS_DAYS_SQL, holidays_between
from core.prepared import prepared_cursor
from members import extensions
from members.models import Member


def _clock_sql(scope: str, values: dict[str, SettingValue]) -> tuple[str, dict]:
    """The CTE `computed` (member_id, clock, due_on, state, basis) of every running clock."""
    params: dict = {"days_due_soon": values["due_soon"].days}
    parts = []
    for i, rule in enumerate(extensions.clock_rules):
        setting = values[rule.setting]
        params[f"days_{i}"] = setting.days
        params[f"setting_{i}"] = setting.basis
        params[f"rule_clock_{i}"] = rule.clock
        due = "r.started_on + %(days_{i})s::int"
        unit = "days"
        if rule.business_days:
            due = ADD_BUSINESS_DAYS_SQL.format(start="r.started_on", days=f"%(days_{i})s::int")
            unit = "business days"
        parts.append(
            f"""SELECT r.member_id, %(rule_clock_{i})s::text AS clock,
                       {due.replace("{i}", str(i))} AS due_on,
                       left(format('%%s {unit} after %%s on %%s (%%s)', %(days_{i})s::int,
                                   r.started_by, r.started_on, %(setting_{i})s::text), 300) AS basis
                FROM ({rule.sql.format(scope=scope)}) AS r(member_id, started_on, started_by)
                WHERE r.started_on IS NOT NULL"""
        )
    union = "\nUNION ALL\n".join(parts)
    # Fell due before go-live and nothing the portal holds says whether it was met: the HRA and
    # care-plan clocks until the member's history is imported, the others (outreach, contacts)
    # always, since no history of them is imported (careplans/clocks/history.py).
    state = f"""CASE WHEN c.due_on < %(go_live)s::date
                          AND (c.clock <> ALL(%(history_clocks)s)
                               OR {NO_HISTORY.format("c.member_id")})
                     THEN 'no_record' ELSE {STATE_SQL.format(due="c.due_on")} END"""
    params.update(go_live=history.go_live(), history_clocks=list(history.HISTORY_CLOCKS))
    sql = f"""
        candidates AS ({union}),
        computed AS (
            SELECT c.member_id, c.clock, c.due_on, c.basis, {state} AS state
            FROM (SELECT DISTINCT ON (member_id, clock) member_id, clock, due_on, basis
                  FROM candidates ORDER BY member_id, clock, due_on) c
        )"""
    return sql, params


# For the rest of the refresh's transaction (it is the caller's, for refresh_in_transaction).
_JIT_OFF = "SELECT set_config('jit', 'off', true)"
# One member's refresh (every contact, task or assessment saved) runs the prepared statements'
# generic plans: their shape never depends on which member, yet PostgreSQL kept planning the
# long UNION afresh for each (68 custom plans of 68), about 5 ms of the database's CPU a save
# where the plan runs in 0.4 ms. Only for these statements: the caller's mode comes back after
# (`_PLAN_CACHE_BACK`), and many members keep plans made for their number (a hash join may beat
# the generic plan's index walks).
_JIT_OFF_GENERIC_PLANS = (
    "SELECT set_config('jit', 'off', true), current_setting('plan_cache_mode'),"
    " set_config('plan_cache_mode', 'force_generic_plan', true)"
)
_PLAN_CACHE_BACK = "SELECT set_config('plan_cache_mode', %s, true)"


def refresh_member_clocks(
    *, member_ids: list[int] | None, today: datetime.date | None = None
) -> int:
    """Recompute the clocks of these members (None: everyone) as of `today`; return how many run.

    `today` is the plan's local day (timezone.localdate()) unless given, and is passed to SQL as
    a parameter, so the database server's own date never decides what is overdue.
    """
    if member_ids is not None and not member_ids:
        return 0
    today = today or timezone.localdate()
    values = current_settings()
    if member_ids is None:
        scope, clock_scope = "TRUE", "TRUE"
    else:
        scope, clock_scope = "m.id = ANY(%(member_ids)s)", "mc.member_id = ANY(%(member_ids)s)"
    computed, params = _clock_sql(scope, values)
    params.update(
        today=today,
        holidays=holidays_between(today.year - 2, today.year + 1),
        tz=settings.TIME_ZONE,
        now=timezone.now(),
        member_ids=list(member_ids or []),
    )
    upsert = f"""
        WITH {computed},
        upserted AS (
            INSERT INTO careplans_memberclock (member_id, clock, due_on, state, basis, computed_at)
            SELECT member_id, clock, due_on, state, basis, %(now)s FROM computed
            ON CONFLICT (member_id, clock) DO UPDATE
               SET due_on = EXCLUDED.due_on, state = EXCLUDED.state, basis = EXCLUDED.basis,
                   computed_at = EXCLUDED.computed_at
             WHERE (careplans_memberclock.due_on, careplans_memberclock.state,
                    careplans_memberclock.basis)
                   IS DISTINCT FROM (EXCLUDED.due_on, EXCLUDED.state, EXCLUDED.basis)
            RETURNING 1
        ),
        stopped AS (
            DELETE FROM careplans_memberclock mc
            WHERE {clock_scope} AND NOT EXISTS (
                SELECT 1 FROM computed c WHERE c.member_id = mc.member_id AND c.clock = mc.clock)
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM computed), (SELECT count(*) FROM upserted),
               (SELECT count(*) FROM stopped)"""
    clock_labels = list(extensions.clock_labels().items())
    labels = ", ".join(f"(%(clock_{i})s, %(label_{i})s)" for i in range(len(clock_labels)))
    for i, (clock, label) in enumerate(clock_labels):
        params.update({f"clock_{i}": clock, f"label_{i}": label})
    summary = f"""
        UPDATE members_member m
           SET clock_state = COALESCE(s.state, ''), next_due_on = s.due_on,
               next_due_label = COALESCE(s.label, '')
          FROM (SELECT m.id, w.state, w.due_on, w.label
                  FROM members_member m
                  LEFT JOIN LATERAL (
                      SELECT mc.state, mc.due_on, l.label
                        FROM careplans_memberclock mc
                        JOIN (VALUES {labels}) AS l(clock, label) ON l.clock = mc.clock
                       WHERE mc.member_id = m.id
                       ORDER BY mc.state = 'no_record', mc.due_on, mc.clock LIMIT 1) w ON TRUE
                 WHERE {scope}) s
         WHERE m.id = s.id
           AND (m.clock_state, m.next_due_on, m.next_due_label)
               IS DISTINCT FROM (COALESCE(s.state, ''), s.due_on, COALESCE(s.label, ''))"""
    # Prepared: a contact save refreshes one member, and planning the rules' long UNION cost
    # more than running it (core/prepared.py). Inside a caller's transaction, no savepoint: the
    # caller's change and the clocks it moves commit (or fail) together.
    with transaction.atomic(savepoint=False), prepared_cursor() as cursor:
        # The rules make one long UNION whose estimated cost switches PostgreSQL's JIT on;
        # compiling it took ~1.2 s of a 1.4 s refresh (bench/clocks.py) for ~0.15 s of work.
        one = member_ids is not None and len(member_ids) == 1
        cursor.execute(_JIT_OFF_GENERIC_PLANS if one else _JIT_OFF)
        callers_plan_cache = cursor.fetchone()[1] if one else None
        cursor.execute(upsert, params)
        running = cursor.fetchone()[0]
        cursor.execute(summary, params)
        if one:
            cursor.execute(_PLAN_CACHE_BACK, [callers_plan_cache])
    if member_ids is None:  # everyone: a bulk write (core/maintenance.py)
        maintenance.analyze(MemberClock._meta.db_table, Member._meta.db_table)
    return running


def refresh_in_transaction(member_id: int) -> None:
    """For a service on a busy path: recompute one member's clocks now, in the caller's
    transaction, so the change and its clocks commit together: one commit where after-commit
    made two (a contact save is a tenth of the HTTP load test's journey)."""
    refresh_member_clocks(member_ids=[member_id])


def refresh_after_commit(member_id: int) -> None:
    """For services: recompute one member's clocks once their change is committed."""
    transaction.on_commit(lambda: refresh_member_clocks(member_ids=[member_id]))


def change_setting(*, key: str, days: int, reason: str, by) -> ClockSetting:
    """Put a new value of a configurable setting in force, and recompute every clock after commit.

    The old value stays (ClockSetting is append-only), so each due date can say which setting
    produced it and an auditor can see who changed what, when and why.
    """
    spec = extensions.clock_settings.get(key)
    if spec is None or not spec.configurable:
        raise ValidationError({"key": "This setting cannot be changed here."})
    if days is None or days < 1:
        raise ValidationError({"days": "Enter a whole number of days, 1 or more."})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the setting changes."})
    row = ClockSetting.objects.create(
        key=key, days=days, reason=reason.strip(), changed_by=by, changed_at=timezone.now()
    )
    transaction.on_commit(enqueue_full_refresh, robust=False)
    return row


def enqueue_full_refresh() -> None:
    """Queue the recompute; QueueUnavailable (core/queue.py) when the broker is down, in which
    case the nightly refresh picks the new value up."""
    from careplans.tasks import refresh_all_clocks_task

    queue.send(refresh_all_clocks_task)
    set_refresh_status(state="queued")


def set_refresh_status(*, state: str, running: int | None = None) -> None:
    """Progress of a full recompute, for the settings page to poll (kept for a day)."""
    cache.set(
        REFRESH_STATUS_KEY,
        {"state": state, "running": running, "at": timezone.now().isoformat()},
        timeout=86_400,
    )


def refresh_everyone(*, today: datetime.date | None = None) -> int:
    """The nightly and after-a-setting-change recompute, with its progress for the UI."""
    set_refresh_status(state="running")
    running = refresh_member_clocks(member_ids=None, today=today)
    set_refresh_status(state="done", running=running)
    return running
