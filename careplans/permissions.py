"""Who may do what in care management work.

Reading a member's assessments, care plan, contacts and clocks follows who may see the member
(members_visible_to), so a CBO partner sees them only for members their organisation is
assigned and consented to. Writing them is plan care work: care managers (their caseload),
supervisors and plan admins; CBO staff get 404 on every write until the CBO collaboration
issue gives them their own, narrower doors. Editing question sets and clock settings is
configuration: plan admins only.
"""

from accounts.roles import is_plan_staff
from members.permissions import can_assign, can_import_roster


def can_do_care_work(user) -> bool:
    return is_plan_staff(user)


def can_configure(user) -> bool:
    return can_import_roster(user)  # plan admins, as for every plan-wide setting


def can_view_team_work(user) -> bool:
    return can_assign(user)  # those who assign members see how their team keeps up
