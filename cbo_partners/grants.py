"""Which members a CBO sees: guardian group grants kept by the assignment and consent services,
and the member scope the access layer joins them into.

A CBO's group holds a `view_member` grant (MemberGroupObjectPermission, guardian's
direct-foreign-key model) on a member exactly while
- an open (pending or accepted) assignment of the member to that CBO exists, and
- a care-coordination consent naming the CBO exists that is neither revoked nor expired.
`sync_member_grants` is the one writer of these rows: the assignment and consent services call
it for the members they changed, and the daily sweep for everyone (consents expire by the
calendar). It is set-based: one INSERT of the missing grants and one DELETE of the stale ones.

Each grant carries the days its consents cover (valid_from..valid_until). The scope
(`shared_members`, registered from CboPartnersConfig.ready()) joins the grants in SQL and asks
that those days cover today, so an expiry (or a revocation dated ahead) cuts access on its day
without waiting for the sweep, and a revocation recorded now removes the grant in the same
transaction: the next request answers 404. The daily sweep then deletes the grants that
ended, returns the CBO's tasks and tells the plan care manager. A CBO lead sees every member
granted to the organisation; a CBO care manager only those whose open assignment names them.

When a grant goes, the CBO's open care-plan tasks for that member go back to the member's plan
care manager, and `access_ended` is sent (notifications tells the plan care manager).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, Subquery
from django.dispatch import Signal
from django.utils import timezone

from accounts.access import Capability, may
from accounts.roles import Role, role_names
from careplans.plans.services import version_plans_changed_elsewhere
from members.models import Member

from .models import (
    OPEN_ASSIGNMENT,
    CboAssignment,
    MemberGroupObjectPermission,
    Partner,
)

# Sent after commit with `ended`: a list of AccessEnded.
access_ended = Signal()


@dataclass(frozen=True)
class AccessEnded:
    member_id: int
    partner_id: int
    partner_name: str
    care_manager_id: int | None  # the member's plan care manager
    tasks_returned: int


def view_member_permission_id() -> int:
    content_type = ContentType.objects.get_for_model(Member)
    return Permission.objects.get(content_type=content_type, codename="view_member").pk


# The grants there should be: (member, the partner's group) for an open assignment and at least
# one care-coordination consent naming the partner that has not ended by %(today)s, with the
# days those consents cover (from the earliest start to the latest end; NULL: no end). A
# consent ends the day before its revocation, or on its expiry.
_DESIRED = """
    SELECT a.member_id, p.group_id, min(c.effective_on) AS valid_from,
           CASE WHEN bool_or(least(c.expires_on, c.revoked_on - 1) IS NULL) THEN NULL
                ELSE max(least(c.expires_on, c.revoked_on - 1)) END AS valid_until
      FROM cbo_partners_cboassignment a
      JOIN cbo_partners_partner p ON p.id = a.partner_id
      JOIN cbo_partners_consent c ON c.member_id = a.member_id
      JOIN cbo_partners_consent_recipients r ON r.consent_id = c.id AND r.partner_id = p.id
     WHERE a.status IN ('pending', 'accepted') AND {scope_a}
       AND c.scopes @> ARRAY['care_coordination']::varchar[]
       AND (c.expires_on IS NULL OR c.expires_on >= %(today)s)
       AND (c.revoked_on IS NULL OR c.revoked_on > %(today)s)
     GROUP BY a.member_id, p.group_id"""


def sync_member_grants(
    *, member_ids: list[int] | None, today: datetime.date | None = None
) -> list[AccessEnded]:
    """Make the CBO grants of these members (None: everyone) match their assignments and
    consents; return the accesses that ended (their tasks already returned). Call inside the
    service's transaction; `announce` the result to send `access_ended` after commit."""
    if member_ids is not None and not member_ids:
        return []
    today = today or timezone.localdate()
    params = {"today": today, "perm": view_member_permission_id(), "ids": list(member_ids or [])}
    if member_ids is None:
        scope_a, scope_g, scope_m = "TRUE", "TRUE", "TRUE"
    else:
        scope_a = "a.member_id = ANY(%(ids)s)"
        scope_g = "g.content_object_id = ANY(%(ids)s)"
        scope_m = "m.id = ANY(%(ids)s)"
    desired = _DESIRED.format(scope_a=scope_a)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO cbo_partners_membergroupobjectpermission
                       (content_object_id, group_id, permission_id, valid_from, valid_until)
                SELECT d.member_id, d.group_id, %(perm)s, d.valid_from, d.valid_until
                  FROM ({desired}) d
                ON CONFLICT (group_id, permission_id, content_object_id) DO UPDATE
                   SET valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until
                 WHERE (cbo_partners_membergroupobjectpermission.valid_from,
                        cbo_partners_membergroupobjectpermission.valid_until)
                       IS DISTINCT FROM (EXCLUDED.valid_from, EXCLUDED.valid_until)""",
            params,
        )
        cursor.execute(
            f"""DELETE FROM cbo_partners_membergroupobjectpermission g
                 USING cbo_partners_partner p
                 WHERE p.group_id = g.group_id AND g.permission_id = %(perm)s AND {scope_g}
                   AND NOT EXISTS (
                       SELECT 1 FROM ({desired}) d
                        WHERE d.member_id = g.content_object_id AND d.group_id = g.group_id)
             RETURNING g.content_object_id, p.id""",
            params,
        )
        removed = cursor.fetchall()
        # Member.cbo / cbo_consent_on: the denormalised "current CBO" (latest open assignment)
        # and the start of its active care-coordination consent, for lists and the API.
        cursor.execute(
            f"""WITH current_cbo AS (
                    SELECT DISTINCT ON (a.member_id) a.member_id, a.partner_id, p.organization_id
                      FROM cbo_partners_cboassignment a
                      JOIN cbo_partners_partner p ON p.id = a.partner_id
                     WHERE a.status IN ('pending', 'accepted') AND {scope_a}
                     ORDER BY a.member_id, a.assigned_at DESC, a.id DESC),
                consented AS (
                    SELECT cc.member_id, max(c.effective_on) AS consent_on
                      FROM current_cbo cc
                      JOIN cbo_partners_consent c ON c.member_id = cc.member_id
                      JOIN cbo_partners_consent_recipients r
                        ON r.consent_id = c.id AND r.partner_id = cc.partner_id
                     WHERE c.scopes @> ARRAY['care_coordination']::varchar[]
                       AND c.effective_on <= %(today)s
                       AND (c.expires_on IS NULL OR c.expires_on >= %(today)s)
                       AND (c.revoked_on IS NULL OR c.revoked_on > %(today)s)
                     GROUP BY cc.member_id),
                target AS (
                    SELECT m.id, cc.organization_id AS org_id, k.consent_on
                      FROM members_member m
                      LEFT JOIN current_cbo cc ON cc.member_id = m.id
                      LEFT JOIN consented k ON k.member_id = m.id
                     WHERE {scope_m} AND (m.cbo_id IS NOT NULL OR cc.member_id IS NOT NULL))
                UPDATE members_member m SET cbo_id = t.org_id, cbo_consent_on = t.consent_on
                  FROM target t
                 WHERE m.id = t.id
                   AND (m.cbo_id, m.cbo_consent_on) IS DISTINCT FROM (t.org_id, t.consent_on)""",
            params,
        )
    return [_return_tasks(member_id, partner_id) for member_id, partner_id in removed]


def _return_tasks(member_id: int, partner_id: int) -> AccessEnded:
    """The CBO's open care-plan tasks for this member go back to the plan care manager."""
    with connection.cursor() as cursor:
        cursor.execute(
            """WITH returned AS (
                   UPDATE careplans_careplantask t
                      SET owner = 'plan_cm', owner_user_id = m.care_manager_id, owner_name = ''
                     FROM careplans_careplan cp, members_member m, accounts_user u,
                          cbo_partners_partner p
                    WHERE t.plan_id = cp.id AND cp.member_id = m.id AND m.id = %(member)s
                      AND t.status = 'open' AND u.id = t.owner_user_id
                      AND p.id = %(partner)s AND u.organization_id = p.organization_id
                RETURNING t.plan_id),
               bumped AS (
                   UPDATE careplans_careplan SET revision = revision + 1
                    WHERE id IN (SELECT plan_id FROM returned) RETURNING 1)
               SELECT (SELECT count(*) FROM returned),
                      (SELECT array_agg(DISTINCT plan_id) FROM returned),
                      (SELECT care_manager_id FROM members_member WHERE id = %(member)s),
                      (SELECT o.name FROM cbo_partners_partner p
                         JOIN accounts_organization o ON o.id = p.organization_id
                        WHERE p.id = %(partner)s)""",
            {"member": member_id, "partner": partner_id},
        )
        returned, plan_ids, care_manager_id, name = cursor.fetchone()
    if plan_ids:
        version_plans_changed_elsewhere(
            plan_ids=plan_ids,
            comment=f"{returned} open task(s) returned from {name} to the plan care manager:"
            " the CBO's access ended",
        )
    return AccessEnded(member_id, partner_id, name or "", care_manager_id, returned)


def announce(ended: list[AccessEnded]) -> None:
    """Send `access_ended` once the service's transaction commits."""
    if ended:
        from django.db import transaction

        transaction.on_commit(lambda: access_ended.send(sender=AccessEnded, ended=ended))


def is_cbo_lead(user) -> bool:
    return Role.CBO_LEAD in role_names(user)


class _InArray(Func):
    """`column = ANY(ARRAY(subquery))`: PostgreSQL reads the grants once and fetches those
    members by primary key, instead of weighing a hash join against the whole member table
    (which it preferred for `IN (subquery)` and which read every member)."""

    arg_joiner = " = ANY(ARRAY"
    template = "%(expressions)s)"
    output_field = BooleanField()
    conditional = True


def shared_members(user):
    """The member scope of a CBO's staff (a Q over members), or None for everyone else.

    One indexed lookup of the CBO group's grants whose consent days cover today; the group and
    the permission are scalar subqueries PostgreSQL evaluates once, so the scope costs no query
    of its own and no join per member."""
    if not may(user, Capability.VIEW_SHARED_MEMBERS) or user.organization_id is None:
        return None
    organization_id = user.organization_id
    today = timezone.localdate()
    group = (
        Partner.objects.filter(organization_id=organization_id).order_by().values("group_id")[:1]
    )
    permission = (
        Permission.objects.filter(
            codename="view_member", content_type__app_label="members", content_type__model="member"
        )
        .order_by()
        .values("pk")[:1]
    )
    granted = MemberGroupObjectPermission.objects.filter(
        group_id=Subquery(group), permission_id=Subquery(permission), valid_from__lte=today
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    if is_cbo_lead(user):
        return Q(_InArray(F("pk"), Subquery(granted.values("content_object_id"))))
    # A care manager's few members drive the lookup: theirs, each checked for its grant.
    theirs = CboAssignment.objects.filter(
        OPEN_ASSIGNMENT, partner__organization_id=organization_id, cbo_care_manager=user
    ).values("member_id")
    scope = Q(pk__in=theirs) & Q(Exists(granted.filter(content_object_id=OuterRef("pk"))))
    return scope


OPEN_STATUSES = ("pending", "accepted")
