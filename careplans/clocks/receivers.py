"""Clocks that start or stop on assignments, which the members app makes.

members may not import careplans, so it announces an assignment with a signal
(members.signals.members_assigned), sent after commit, and this module recomputes the clocks of
the members concerned: a new assignment starts the first-outreach clock. Changes made inside
careplans (enrollment, contacts, assessments, plans) recompute their member's clocks directly.
"""

from django.dispatch import receiver

from careplans.clocks.services import refresh_member_clocks
from members.signals import members_assigned


@receiver(members_assigned, dispatch_uid="careplans.clocks.members_assigned")
def refresh_clocks_of_assigned_members(sender, *, member_ids: list[int], **kwargs) -> None:
    refresh_member_clocks(member_ids=list(member_ids))
