"""Signals other apps listen to; members knows nothing of who listens (one-way dependencies)."""

from django.dispatch import Signal

# Sent after commit when members get a new care manager (or none): member_ids=[...].
# careplans starts the first-outreach clock from it.
members_assigned = Signal()
