"""Signals other apps listen to; eligibility knows nothing of who listens."""

from django.dispatch import Signal

# Sent after commit when a member's program enrollment changes status: member_ids=[...].
# careplans starts or stops the enrolled-member clocks from it.
enrollment_changed = Signal()

# Sent before an enrollment episode changes status, inside the change's transaction, with
# member, program, episode (None when identifying anew), to_status and effective_on. A
# receiver refuses the change by raising ValidationError; careplans checks the outreach rule
# before "unable to reach" this way, since eligibility cannot read careplans' contacts.
enrollment_change_requested = Signal()
