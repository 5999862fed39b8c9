"""Which members a CBO sees: guardian group grants kept by the assignment and consent services,
and the member scope the access layer joins them into.

A CBO's group holds a `view_member` grant (MemberGroupObjectPermission, guardian's
direct-foreign-key model) on a member exactly while
- an open (pending or accepted) assignment of the member to that CBO exists, and
- a care-coordination consent naming the CBO exists that is neither revoked nor expired.
`sync_member_grants` is the one writer of these rows: the assignment and consent services call
it for the members they changed, and the daily sweep for everyone (consents expire by the
calendar). It is set-based: one INSERT of the missing grants and one DELETE of the stale ones.

The scope (`shared_members`, registered from CboPartnersConfig.ready()) joins the grants in SQL
and, besides, asks for a consent active today, so a revocation or an expiry cuts access on the
next request without waiting for the sweep. A CBO lead sees every member granted to the
organisation; a CBO care manager only those whose open assignment names them.

When a grant goes, the CBO's open care-plan tasks for that member go back to the member's plan
care manager, and `access_ended` is sent (notifications tells the plan care manager).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.dispatch import Signal
from django.utils import timezone

from accounts.access import Capability, may
from accounts.roles import Role, role_names
from members.models import Member

from .consent.selectors import active_on
from .models import (
    OPEN_ASSIGNMENT,
    CboAssignment,
    Consent,
    ConsentScope,
    MemberGroupObjectPermission,
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


# Members (with the partner's group) who should be granted: an open assignment and a
# care-coordination consent naming the partner that is not revoked or expired on %(today)s.
_DESIRED = """
    SELECT DISTINCT a.member_id, p.group_id, p.id AS partner_id
      FROM cbo_partners_cboassignment a
      JOIN cbo_partners_partner p ON p.id = a.partner_id
     WHERE a.status IN ('pending', 'accepted') AND {scope_a}
       AND EXISTS (
           SELECT 1 FROM cbo_partners_consent c
             JOIN cbo_partners_consent_recipients r ON r.consent_id = c.id
            WHERE c.member_id = a.member_id AND r.partner_id = p.id
              AND c.scopes @> ARRAY['care_coordination']::varchar[]
              AND (c.expires_on IS NULL OR c.expires_on >= %(today)s)
              AND (c.revoked_on IS NULL OR c.revoked_on > %(today)s))"""


def sync_member_grants(
    *, member_ids: list[int] | None, today: datetime.date | None = None
) -> list[AccessEnded]:
    """Make the CBO grants of these members (None: everyone) match their assignments and
    consents; return the accesses that ended (their tasks already returned). Call inside the
    service's transaction; `access_ended` is sent after commit."""
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
                       (content_object_id, group_id, permission_id)
                SELECT d.member_id, d.group_id, %(perm)s FROM ({desired}) d
                 WHERE NOT EXISTS (
                       SELECT 1 FROM cbo_partners_membergroupobjectpermission g
                        WHERE g.content_object_id = d.member_id AND g.group_id = d.group_id
                          AND g.permission_id = %(perm)s)
                ON CONFLICT DO NOTHING""",
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
            f"""UPDATE members_member m SET cbo_id = s.org_id, cbo_consent_on = s.consent_on
                  FROM (SELECT m.id,
                               (SELECT p.organization_id FROM cbo_partners_cboassignment a
                                  JOIN cbo_partners_partner p ON p.id = a.partner_id
                                 WHERE a.member_id = m.id AND a.status IN ('pending', 'accepted')
                                 ORDER BY a.assigned_at DESC, a.id DESC LIMIT 1) AS org_id,
                               (SELECT max(c.effective_on) FROM cbo_partners_consent c
                                  JOIN cbo_partners_consent_recipients r ON r.consent_id = c.id
                                  JOIN cbo_partners_cboassignment a
                                    ON a.partner_id = r.partner_id AND a.member_id = c.member_id
                                   AND a.status IN ('pending', 'accepted')
                                 WHERE c.member_id = m.id
                                   AND c.scopes @> ARRAY['care_coordination']::varchar[]
                                   AND c.effective_on <= %(today)s
                                   AND (c.expires_on IS NULL OR c.expires_on >= %(today)s)
                                   AND (c.revoked_on IS NULL OR c.revoked_on > %(today)s)
                               ) AS consent_on
                          FROM members_member m
                         WHERE {scope_m}
                           AND (m.cbo_id IS NOT NULL OR EXISTS (
                                SELECT 1 FROM cbo_partners_cboassignment a
                                 WHERE a.member_id = m.id)))
                       s
                 WHERE m.id = s.id
                   AND (m.cbo_id, m.cbo_consent_on) IS DISTINCT FROM (s.org_id, s.consent_on)""",
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
               SELECT (SELECT count(*) FROM returned), (SELECT count(*) FROM bumped),
                      (SELECT care_manager_id FROM members_member WHERE id = %(member)s),
                      (SELECT o.name FROM cbo_partners_partner p
                         JOIN accounts_organization o ON o.id = p.organization_id
                        WHERE p.id = %(partner)s)""",
            {"member": member_id, "partner": partner_id},
        )
        returned, _bumped, care_manager_id, name = cursor.fetchone()
    return AccessEnded(member_id, partner_id, name or "", care_manager_id, returned)


def announce(ended: list[AccessEnded]) -> None:
    """Send `access_ended` once the service's transaction commits."""
    if ended:
        from django.db import transaction

        transaction.on_commit(lambda: access_ended.send(sender=AccessEnded, ended=ended))


def is_cbo_lead(user) -> bool:
    return Role.CBO_LEAD in role_names(user)


def shared_members(user):
    """The member scope of a CBO's staff (a Q over members), or None for everyone else."""
    if not may(user, Capability.VIEW_SHARED_MEMBERS) or user.organization_id is None:
        return None
    organization_id = user.organization_id
    granted = MemberGroupObjectPermission.objects.filter(
        group__partner__organization_id=organization_id,
        permission__codename="view_member",
        permission__content_type__app_label="members",
    ).values("content_object_id")
    consented = Consent.objects.filter(
        active_on(timezone.localdate()),
        member_id=OuterRef("pk"),
        scopes__contains=[ConsentScope.CARE_COORDINATION],
        recipients__organization_id=organization_id,
    )
    scope = Q(pk__in=granted) & Q(Exists(consented))
    if not is_cbo_lead(user):
        theirs = CboAssignment.objects.filter(
            OPEN_ASSIGNMENT, partner__organization_id=organization_id, cbo_care_manager=user
        ).values("member_id")
        scope &= Q(pk__in=theirs)
    return scope


OPEN_STATUSES = ("pending", "accepted")
