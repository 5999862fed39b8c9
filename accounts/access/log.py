"""The PHI access log's writer: who read which members' records, when, from where.

HIPAA's audit-control standard (45 CFR 164.312(b)) asks for a record of every read. A read in a
request names the client address; a read by a Celery task or a command (an export) names the
acting user, when there is one, and "system/task" instead of an address. A list or search names
every member it showed in one row (`member_ids`), written in one INSERT whatever the page size;
an export names the members of its queryset with one INSERT ... SELECT.

Only the access layer writes here (`grep record_member_access` finds nothing else): doors call
`access_member` or `record_members_shown`.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from audit.models import AccessLog


@dataclass(frozen=True)
class Actor:
    """Who reads: a signed-in user at an address, or a task or command (user may be None for
    the system's own scheduled work)."""

    user: object | None
    client_address: str | None = None
    channel: str = AccessLog.Channel.WEB

    @classmethod
    def of(cls, who) -> "Actor":
        """An Actor from a request (Django's or DRF's), an Actor, or a user acting in a task."""
        if isinstance(who, Actor):
            return who
        if hasattr(who, "META"):
            return cls(user=who.user, client_address=client_address(who))
        return cls.task(who)

    @classmethod
    def task(cls, user=None) -> "Actor":
        return cls(user=user, channel=AccessLog.Channel.TASK)


def client_address(request) -> str | None:
    """The client's address as our own proxies saw it.

    X-Forwarded-For can be sent by the client, so only the hops our TRUSTED_PROXY_COUNT load
    balancers appended are believed: the address the outermost of them saw is the client.
    """
    trusted = settings.TRUSTED_PROXY_COUNT
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if trusted and len(hops) >= trusted:
        return hops[-trusted]
    return request.META.get("REMOTE_ADDR") or None


def _user_id(actor: Actor) -> int | None:
    return actor.user.pk if actor.user is not None else None


def record_member_access(actor: Actor, *, member_id: int, viewed: str) -> None:
    """One row for one read of one member's record."""
    _insert_row(actor, viewed=viewed, member_id=member_id)


_MEMBER_READ_COLUMNS = "(user_id, member_id, viewed, viewed_at, client_address, channel)"


def member_read_insert(*, source: str, member_id: str) -> str:
    """An INSERT ... SELECT writing one member-read row per row of `source`, whose member id is
    the SQL `member_id`; its values are `member_read_values` in order. The member door reads the
    member and writes this row in one statement (accounts/access/door_select.py)."""
    return (
        f"INSERT INTO {AccessLog._meta.db_table} {_MEMBER_READ_COLUMNS}"
        f" SELECT %s, {member_id}, %s, %s, %s, %s FROM {source}"
    )


def member_read_values(actor: Actor, *, viewed: str) -> list:
    """The values of `member_read_insert`, beside the member id."""
    return [_user_id(actor), viewed, timezone.now(), actor.client_address, actor.channel]


def _insert_row(actor: Actor, *, viewed: str, member_id=None, member_ids=None) -> None:
    """One access-log row, as one plain INSERT: nearly every request writes one, and a model
    save cost a third of a millisecond more Python (measured by the HTTP load test)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {AccessLog._meta.db_table}"
            " (user_id, member_id, member_ids, viewed, viewed_at, client_address, channel)"
            " VALUES (%s, %s, COALESCE(%s::bigint[], '{}'), %s, %s, %s, %s)",
            [
                _user_id(actor),
                member_id,
                member_ids,
                viewed,
                timezone.now(),
                actor.client_address,
                actor.channel,
            ],
        )


def record_members_shown(who, *, members: Iterable[int] | QuerySet, viewed: str) -> None:
    """One row naming every member a list, a search or an export showed; one statement.

    `members` is the ids a page showed (already in memory), or a queryset of members (or of rows
    with a `member_id`) whose ids PostgreSQL gathers itself in an INSERT ... SELECT ARRAY(...).
    Nothing is written when nothing was shown.
    """
    actor = Actor.of(who)
    if not isinstance(members, QuerySet):
        ids = list(dict.fromkeys(members))
        if ids:
            _insert_row(actor, viewed=viewed, member_ids=ids)
        return
    names_a_member = any(field.name == "member" for field in members.model._meta.fields)
    id_field = "member_id" if names_a_member else "pk"
    sql, params = members.order_by().values(id_field).distinct().query.sql_with_params()
    table = AccessLog._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (user_id, member_ids, viewed, viewed_at, client_address, channel)
            SELECT %s, ids, %s, now(), %s, %s
            FROM (SELECT ARRAY({sql}) AS ids) shown
            WHERE cardinality(ids) > 0
            """,
            [_user_id(actor), viewed, actor.client_address, actor.channel, *params],
        )
