"""The access layer's part in the lead's decisions page: which of the listed members the lead
may see by name (the others wait for a consent), and the access-log row of the list."""

from accounts.access import members_visible_to, record_members_shown
from audit.models import AccessLog


def shown_in_decisions(request, member_ids: list[int]) -> set[int]:
    """Of `member_ids`, those the user may see; logs the list as shown (one query + one row)."""
    if not member_ids:
        return set()
    visible = set(
        members_visible_to(request.user).filter(pk__in=member_ids).values_list("pk", flat=True)
    )
    record_members_shown(request, members=sorted(visible), viewed=AccessLog.View.CBO_DECISIONS)
    return visible
