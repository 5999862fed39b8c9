"""The members app's doors onto the access layer's member scope (accounts.access).

Only access modules call `members_visible_to`: the member list, its search and API, "My
caseload" and assignment reach members through these functions, so what each of them may reach
reads in one place, and a change to the scope (the role grants in members/grants.py, the CBO
shares of cbo_partners) reaches all of them at once.
"""

from django.db.models import QuerySet

from accounts.access import members_visible_to

from .models import Member


def list_scope(user) -> QuerySet[Member]:
    """Every member the user may see: a care manager's caseload, a supervisor's team and the
    unassigned members, the plan admin's everyone, a CBO's shared members. The member list,
    its search and its API list this and nothing wider."""
    return members_visible_to(user)


def caseload_scope(user) -> QuerySet[Member]:
    """The members assigned to this care manager, within their scope: "My caseload" shows the
    user's own members, not the rest of a team or the unassigned ones a supervisor also sees."""
    return members_visible_to(user).filter(care_manager=user)


def assignable_members(by, member_ids) -> QuerySet[Member]:
    """Of `member_ids`, those the assigner may see, and so may give to a care manager: ids of
    another team's members posted to the form or the API are left alone, not reassigned."""
    return members_visible_to(by).filter(pk__in=member_ids)
