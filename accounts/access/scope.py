"""Which members a user may see, and the one door onto a member's record.

accounts is the lowest layer and knows nothing of members, so the member model and the grants
that make up a user's scope are registered by the apps that own them, from their
AppConfig.ready(): members registers the role scopes (a caseload, a team, the whole plan, a
CBO's shared members); the next issues add guardian object grants and consent. A user's scope
is the union of what every grant gives them.

`access_member` is the only way a door reads one member: it scopes, checks the capability (and
the data category, when the door shows one part of the record) and writes the access-log row.
A member that does not exist and one that is not yours answer the same 404, so a URL does not
reveal whether a member exists (Zulip's access_stream_by_id).
"""

from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.roles import role_names
from audit.models import AccessLog

from .capabilities import Capability, DataCategory, may, may_see, organization_kind
from .door_select import door_select
from .door_select import forget as forget_door_selects
from .log import Actor, member_read_values, record_member_access

BIGGEST_ID = 2**63 - 1  # a bigint; a longer number in a URL names no member
EVERY_MEMBER = object()  # what a grant answers to give the whole membership
MemberGrant = Callable[[object], "Q | object | None"]

_registry: dict = {"model": None, "grants": {}}

# The part of the record each door reads, by what it writes in the access log; a door that
# reads another part names it with `category=`.
CATEGORY_READ = {
    AccessLog.View.MEMBER_PAGE: DataCategory.DEMOGRAPHICS,
    AccessLog.View.MEMBER_API: DataCategory.DEMOGRAPHICS,
    AccessLog.View.ELIGIBILITY: DataCategory.ELIGIBILITY_EVIDENCE,
    AccessLog.View.ASSESSMENTS: DataCategory.ASSESSMENTS,
    AccessLog.View.CARE_PLAN: DataCategory.CARE_PLAN,
    AccessLog.View.CONTACTS: DataCategory.CONTACTS,
    AccessLog.View.CLOCKS: DataCategory.CLOCKS,
    AccessLog.View.RISK: DataCategory.RISK,
    AccessLog.View.REFERRALS: DataCategory.REFERRALS,
}


def register_member_model(model) -> None:
    _registry["model"] = model


def register_member_grant(name: str, grant: MemberGrant) -> None:
    """A function of the user answering a Q over members, EVERY_MEMBER, or None (nothing).

    A grant reads of the user only what `scope_signature` names (and today's date); anything
    else, such as who supervises whom or which consents are in force, it leaves to SQL inside
    the Q, so the Q is the same for the same signature. Registering the same name again
    replaces the grant (app reloads in tests stay harmless).
    """
    _registry["grants"][name] = grant
    forget_door_selects()


def scope_signature(user) -> tuple:
    """Everything `members_visible_to(user)` is built from: the user's id, organization, kind
    of organization and roles, and today (consent days). Whatever SQL is compiled from a scope
    may be kept per signature (careplans/worklists keeps the task list's union): two requests
    with the same signature get the same statement, whose subqueries read the rest live."""
    return (
        user.pk,
        user.is_active,
        user.organization_id,
        organization_kind(user),
        role_names(user),
        timezone.localdate(),
    )


def _read_and_log(actor: Actor, member_id: int, *, viewed: str):
    """The member (with their care manager and CBO) if the actor's scope lets them through, and
    the access-log row of the read written; None and no row otherwise."""
    user = actor.user
    if not user.is_authenticated or not user.is_active or member_id > BIGGEST_ID:
        return None
    kept = door_select(scope_signature(user), lambda: members_visible_to(user))
    if kept.sql is not None:  # one statement reads and logs
        return kept.fetch(member_id, member_read_values(actor, viewed=viewed))
    # at most one row: without the list's ordering (and its sort) the query compiles faster
    one = members_visible_to(user).select_related("care_manager", "cbo").filter(pk=member_id)
    member = next(iter(one.order_by()[:1]), None)
    if member is not None:
        record_member_access(actor, member_id=member.pk, viewed=viewed)
    return member


def members_visible_to(user) -> QuerySet:
    """Every member some registered grant lets the user see; none for anonymous or inactive."""
    members = _registry["model"].objects.all()
    if not user.is_authenticated or not user.is_active:
        return members.none()
    scope, any_grant = Q(), False
    for grant in _registry["grants"].values():
        given = grant(user)
        if given is EVERY_MEMBER:
            return members
        if given is not None:
            scope, any_grant = scope | given, True
    return members.filter(scope) if any_grant else members.none()


def access_member(
    who,
    member_id,
    *,
    capability: Capability = Capability.VIEW_MEMBER,
    log_as: str,
    category: DataCategory | None = None,
):
    """The member, if `who` may see them and has `capability` (and may see `category` of their
    record, by default the one `log_as` names); 404 alike for missing, not yours and not
    allowed. Writes one access-log row.

    `who` is the request (the log gets its client address), or an Actor for a task or command.
    """
    actor = Actor.of(who)
    user = actor.user
    category = category or CATEGORY_READ.get(log_as)
    if not may(user, capability) or (category is not None and not may_see(user, category)):
        raise Http404
    if not str(member_id).isdigit():
        raise Http404
    member = _read_and_log(actor, int(member_id), viewed=log_as)
    if member is None:
        raise Http404
    return member
