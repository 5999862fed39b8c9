"""What referrals add to a member's record: the "Community Supports referrals" section of the
member page and a timeline entry per step of a referral; registered from ReferralsConfig.ready()."""

from members import extensions
from members.extensions import MemberSection, TimelineSource
from members.timeline import ACTOR

from .catalog import name_of
from .models import Status

TIMELINE_SQL = f"""
    SELECT 'cs_referral' AS kind, e.at, false AS date_only, e.referral_id AS ref_id,
           jsonb_build_object('service', r.service, 'status', e.status, 'reason', e.reason)
               AS data,
           {ACTOR} AS actor
      FROM referrals_referralevent e JOIN referrals_referral r ON r.id = e.referral_id
      LEFT JOIN accounts_user u ON u.id = e.actor_id
     WHERE r.member_id = %(member_id)s"""


def describe(kind: str, data: dict) -> tuple[str, str]:
    status = Status(data["status"]).label if data["status"] in Status.values else data["status"]
    detail = name_of(data["service"]) + (f" ({data['reason']})" if data.get("reason") else "")
    return (f"Community Supports referral: {status.lower()}", detail)


def register() -> None:
    extensions.contribute(
        MemberSection(
            key="referrals",
            title="Community Supports referrals",
            url_name="referrals:member_section",
            order=45,
            heading_id="ref-h",
            loading="Loading referrals",
        ),
        TimelineSource(key="cs_referrals", sql=TIMELINE_SQL, describe=describe, order=60),
    )
