"""What the thread adds to a member's record, registered from cbo_partners' AppConfig.ready():
the "Messages with the CBO" section, a timeline entry per message, and the clock
"Plan CM <-> CBO CM" of shared/domain/timelines.md."""

from django.utils.translation import gettext, gettext_noop, ngettext

from careplans.clocks.rules import COVERED
from members import extensions
from members.extensions import ClockRule, ClockSettingSpec, MemberSection, TimelineSource
from members.timeline import ACTOR

CBO_CONTACT_SETTING = ClockSettingSpec(
    "cbo_contact",
    "Plan CM and CBO CM communicate at least every",
    30,
    True,
    "shared/domain/timelines.md: CICM dual care-management coordination",
    85,
)

# The clock runs while an accepted assignment names a CBO care manager and the member has a
# plan care manager; it restarts at the latest of: the CBO care manager's naming, a message in
# the assignment's thread by either care manager, a contact with the CBO care manager.
CBO_CONTACT_CLOCK = ClockRule(
    key="cbo_contact",
    clock="cbo_contact",
    label=gettext_noop("Plan CM ↔ CBO CM"),
    setting="cbo_contact",
    sql=f"""SELECT m.id, GREATEST(s.on_day, lm.on_day, lc.on_day),
                   CASE WHEN lm.on_day IS NOT NULL AND lm.on_day >= s.on_day
                             AND lm.on_day >= coalesce(lc.on_day, lm.on_day)
                        THEN 'the last message between the care managers'
                        WHEN lc.on_day IS NOT NULL AND lc.on_day >= s.on_day
                        THEN 'the last contact with the CBO care manager'
                        ELSE 'the CBO care manager''s assignment' END
            FROM members_member m
            JOIN cbo_partners_cboassignment a
              ON a.member_id = m.id AND a.status = 'accepted'
             AND a.cbo_care_manager_id IS NOT NULL,
            LATERAL (SELECT (coalesce(max(e.at), a.decided_at, a.assigned_at)
                             AT TIME ZONE %(tz)s)::date AS on_day
                     FROM cbo_partners_cboassignmentevent e
                     WHERE e.assignment_id = a.id AND e.kind IN ('accepted', 'cm_changed')) s,
            LATERAL (SELECT max((msg.sent_at AT TIME ZONE %(tz)s)::date) AS on_day
                     FROM cbo_partners_thread t
                     JOIN cbo_partners_message msg ON msg.thread_id = t.id
                     WHERE t.assignment_id = a.id
                       AND msg.author_id IN (m.care_manager_id, a.cbo_care_manager_id)) lm,
            LATERAL (SELECT max((c.occurred_at AT TIME ZONE %(tz)s)::date) AS on_day
                     FROM careplans_contact c
                     WHERE c.member_id = m.id AND c.kind = 'contact' AND c.reached = 'cbo') lc
            WHERE {{scope}} AND m.care_manager_id IS NOT NULL AND {COVERED}""",
    doc="CICM dual care management (shared/domain/timelines.md): while a CBO care manager is "
    "assigned, the plan care manager and the CBO care manager communicate directly at least "
    "every 30 days; a message in the thread by either of them, or a contact logged as reaching "
    "the CBO care manager, meets it.",
    order=85,
)

# SUD-flagged messages stay out of the timeline: it has no reader-specific filter, and a CBO
# without a Part 2 consent must not learn of them. The body is not repeated either; the entry
# points to the thread, which shows each reader what they may see.
TIMELINE_SQL = f"""
    SELECT 'cbo_message' AS kind, msg.sent_at AS at, false AS date_only, msg.id AS ref_id,
           jsonb_build_object('cbo', o.name, 'attachments',
                              (SELECT count(*) FROM cbo_partners_messageattachment ma
                                WHERE ma.message_id = msg.id),
                              'task', pt.description) AS data,
           {ACTOR} AS actor
      FROM cbo_partners_message msg
      JOIN cbo_partners_thread t ON t.id = msg.thread_id
      JOIN cbo_partners_cboassignment a ON a.id = t.assignment_id
      JOIN cbo_partners_partner p ON p.id = a.partner_id
      JOIN accounts_organization o ON o.id = p.organization_id
      LEFT JOIN careplans_careplantask pt ON pt.id = msg.task_id
      LEFT JOIN accounts_user u ON u.id = msg.author_id
     WHERE t.member_id = %(member_id)s AND NOT msg.sud"""


def describe(kind: str, data: dict) -> tuple[str, str]:
    """'Message in the thread with Eastside CBO', '2 attachments · about: Find housing'."""
    parts = []
    if data.get("attachments"):
        count = data["attachments"]
        parts.append(
            ngettext("%(count)s attachment", "%(count)s attachments", count) % {"count": count}
        )
    if data.get("task"):
        parts.append(gettext("about the task: %(task)s") % {"task": data["task"]})
    title = gettext("Message in the thread with %(cbo)s") % {"cbo": data["cbo"]}
    return title, " · ".join(parts)


def register() -> None:
    extensions.contribute(
        MemberSection(
            key="cbo-messages",
            title=gettext_noop("Messages with the CBO"),
            url_name="cbo_threads:member_section",
            order=55,
            heading_id="cbo-messages-h",
            loading=gettext_noop("Loading messages with the CBO"),
        ),
        TimelineSource(key="cbo_messages", sql=TIMELINE_SQL, describe=describe, order=60),
        CBO_CONTACT_SETTING,
        CBO_CONTACT_CLOCK,
    )
