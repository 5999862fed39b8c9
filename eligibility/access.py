"""Eligibility's door onto the access layer's member scope (accounts.access).

Only access modules call `members_visible_to`; the supervisors' worklist (eligibility/worklist.py)
and its API start from the scope here.
"""

from django.db.models import QuerySet

from accounts.access import members_visible_to
from members.models import Member


def worklist_scope(user) -> QuerySet[Member]:
    """The members the reader may see, of whom the worklist lists the eligible and unassigned:
    a supervisor's team and the unassigned members they give care managers to, the plan admin's
    everyone. The worklist never names a member the reader could not open."""
    return members_visible_to(user)
