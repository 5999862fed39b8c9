"""Who may do what in care management work.

Reading a member's assessments, care plan, contacts and clocks follows who may see the member
(members_visible_to), so a CBO partner sees them only for members their organisation is
assigned and consented to. Writing them is plan care work: care managers (their caseload),
supervisors and plan admins; CBO staff get 404 on every write until the CBO collaboration
issue gives them their own, narrower doors. Editing question sets and clock settings is
configuration: plan admins only.
"""

from django.http import Http404

from accounts.roles import is_plan_staff
from members.permissions import access_member, can_assign, can_import_roster


def can_do_care_work(user) -> bool:
    return is_plan_staff(user)


def member_for_care_work(user, member_id):
    """The member, if the user may see them and do care work on them; 404 otherwise."""
    member = access_member(user, member_id)
    if not can_do_care_work(user):
        raise Http404
    return member


def can_configure(user) -> bool:
    return can_import_roster(user)  # plan admins, as for every plan-wide setting


def can_view_team_work(user) -> bool:
    return can_assign(user)  # those who assign members see how their team keeps up
