"""What eligibility adds to a member's record: the "Eligibility" section and a timeline entry
per enrollment transition; registered from EligibilityConfig.ready()."""

from members import extensions
from members.extensions import MemberSection, TimelineSource
from members.timeline import ACTOR, choice_label

from .models import DisenrollmentReason, EnrollmentStatus

ENROLLMENT_TIMELINE_SQL = f"""
    SELECT 'enrollment' AS kind, t.changed_at AS at, false AS date_only, t.id AS ref_id,
           jsonb_build_object('program', pe.program, 'from', t.from_status, 'to', t.to_status,
                              'effective_on', t.effective_on, 'reason', t.reason,
                              'note', t.note) AS data,
           {ACTOR} AS actor
      FROM eligibility_enrollmenttransition t
      JOIN eligibility_programenrollment pe ON pe.id = t.enrollment_id
      LEFT JOIN accounts_user u ON u.id = t.changed_by_id
     WHERE pe.member_id = %(member_id)s"""


def describe_enrollment(kind: str, data: dict) -> tuple[str, str]:
    """'ECM enrollment: Enrolled', 'from outreach · effective 2026-05-01 · reason · note'."""
    title = f"{data['program']} enrollment: {choice_label(EnrollmentStatus, data['to'])}"
    parts = [f"effective {data['effective_on']}"]
    if data.get("from"):
        parts.insert(0, f"from {choice_label(EnrollmentStatus, data['from']).lower()}")
    if data.get("reason"):
        parts.append(choice_label(DisenrollmentReason, data["reason"]))
    if data.get("note"):
        parts.append(data["note"])
    return title, " · ".join(parts)


def register() -> None:
    extensions.member_sections.register(
        MemberSection(
            key="eligibility",
            title="Eligibility",
            url_name="eligibility:member_section",
            order=10,
            heading_id="elig-h",
            loading="Loading populations of focus and enrollment",
        )
    )
    extensions.timeline_sources.register(
        TimelineSource(
            key="enrollment", sql=ENROLLMENT_TIMELINE_SQL, describe=describe_enrollment, order=40
        )
    )
