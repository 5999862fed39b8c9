"""The notification centre's door onto the access layer's member scope (accounts.access).

Only access modules call `members_visible_to`. A notification outlives the reader's access to
its member (a reassignment, a CBO share that ended), so the centre asks here, page by page,
which members it may still name.
"""

from accounts.access import members_visible_to


def members_still_visible(user, member_ids) -> set[int]:
    """Of `member_ids`, those the user may see now (one query): the centre shows a member's name
    and an Open link only for these; the others read "a member no longer on your list"."""
    return set(members_visible_to(user).filter(pk__in=member_ids).values_list("pk", flat=True))
