"""The work lists' door onto the access layer's member scope (accounts.access).

Only access modules call `members_visible_to`. The task list joins every registered task source
to this one scope, so what a reader may list is decided here and not by each source.
"""

from django.db.models import QuerySet

from accounts.access import members_visible_to, scope_signature
from members.models import Member


def items_scope(user) -> QuerySet[Member]:
    """The members whose open items the reader may list, whoever's list they look at: a
    supervisor opening a care manager's list sees the items of members on their own team only,
    and a member who leaves the reader's scope (reassigned, a CBO share ended) leaves the list."""
    return members_visible_to(user)


def items_scope_signature(user) -> tuple:
    """What `items_scope(user)` is built from: SQL compiled with it may be kept per signature."""
    return scope_signature(user)
