"""Risk's door onto the access layer's member scope (accounts.access).

Only access modules call `members_visible_to`; the "Rising risk" worklist (risk/worklist.py)
and its API start from the scope here.
"""

from django.db.models import QuerySet

from accounts.access import members_visible_to
from members.models import Member


def rising_scope(user) -> QuerySet[Member]:
    """The members the reader may see, of whom the worklist lists those whose tier rose: a
    supervisor's team and the unassigned members, the plan admin's everyone. A rising member
    of another team stays that team's supervisor's to act on, and is not named here."""
    return members_visible_to(user)
