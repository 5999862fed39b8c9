"""Clocks that start or stop on changes made in the apps careplans builds on.

members and eligibility may not import careplans, so they announce changes with signals
(members.signals.members_assigned, eligibility.signals.enrollment_changed), sent after commit,
and this module recomputes the clocks of the members concerned: a new assignment starts the
first-outreach clock, an enrollment starts the monthly-contact and initial-HRA clocks.
"""

from django.dispatch import receiver

from eligibility.signals import enrollment_changed
from members.signals import members_assigned

from .clocks import refresh_member_clocks


@receiver(members_assigned, dispatch_uid="careplans.clocks.members_assigned")
@receiver(enrollment_changed, dispatch_uid="careplans.clocks.enrollment_changed")
def refresh_clocks_of_changed_members(sender, *, member_ids: list[int], **kwargs) -> None:
    refresh_member_clocks(member_ids=list(member_ids))
