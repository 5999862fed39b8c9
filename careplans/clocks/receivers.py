"""Clocks that start or stop on changes made in the apps careplans builds on.

members and eligibility may not import careplans, so they announce changes with signals
(members.signals.members_assigned, eligibility.signals.enrollment_changed), sent after commit,
and this module recomputes the clocks of the members concerned: a new assignment starts the
first-outreach clock, an enrollment starts the monthly-contact and initial-HRA clocks. And
eligibility asks before an episode becomes "unable to reach", which needs the outreach attempts
logged here (careplans/outreach_rules.py).
"""

from django.core.exceptions import ValidationError
from django.dispatch import receiver

from careplans.clocks.services import current_settings, refresh_member_clocks
from careplans.outreach.rules import unable_to_reach_problem
from eligibility.models import EnrollmentStatus
from eligibility.signals import enrollment_change_requested, enrollment_changed
from members.signals import members_assigned


@receiver(members_assigned, dispatch_uid="careplans.clocks.services.members_assigned")
@receiver(enrollment_changed, dispatch_uid="careplans.clocks.services.enrollment_changed")
def refresh_clocks_of_changed_members(sender, *, member_ids: list[int], **kwargs) -> None:
    refresh_member_clocks(member_ids=list(member_ids))


@receiver(enrollment_change_requested, dispatch_uid="careplans.outreach.unable_to_reach")
def check_outreach_before_unable_to_reach(
    sender, *, member, episode, to_status, effective_on, **kwargs
) -> None:
    if to_status != EnrollmentStatus.UNABLE_TO_REACH or episode is None:
        return
    since = episode.outreach_started_on or episode.identified_on
    problem = unable_to_reach_problem(
        member_id=member.pk,
        since=since,
        until=effective_on,
        span_days=current_settings()["unable_to_reach_span"].days,
    )
    if problem:
        raise ValidationError({"to_status": problem})
