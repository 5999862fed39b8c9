"""Signals other apps listen to; eligibility knows nothing of who listens."""

from django.dispatch import Signal

# Sent after commit when a member's program enrollment changes status: member_ids=[...].
# careplans starts or stops the enrolled-member clocks from it.
enrollment_changed = Signal()
