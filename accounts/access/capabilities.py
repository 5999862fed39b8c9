"""Who may do what: one table of capabilities by organisation kind and role.

A capability is something a person may do anywhere in the portal ("assign members", "run an
evaluation"); which members they may do it to is the member scope (accounts.access.scope). Every
page, API view, task, command and the navigation asks `may(user, Capability.X)`; no app keeps
its own `can_*` helper.

The organisation kind comes first: a user of a CBO, or anyone holding the CBO staff role, acts
as a CBO partner whatever other roles they also hold, so a plan admin who is also CBO staff sees
no plan-wide page (style.md, "Permissions"; guide: "CBO users see only what their org is
assigned and consented to").
"""

from enum import StrEnum

from django.http import Http404

from accounts.models import Organization
from accounts.roles import Role, role_names


class Capability(StrEnum):
    # whose members one sees (the member scope is the union of the grants apps register)
    VIEW_ALL_MEMBERS = "view_all_members"  # the plan's whole membership
    VIEW_TEAM_MEMBERS = "view_team_members"  # a supervisor's team and unassigned members
    HAVE_CASELOAD = "have_caseload"  # members assigned to oneself; the caseload page
    VIEW_SHARED_MEMBERS = "view_shared_members"  # a CBO's assigned members who consented
    VIEW_MEMBER = "view_member"  # any of the four above: member pages and lists
    # plan care work on members in scope
    DO_CARE_WORK = "do_care_work"  # assessments, care plans, contacts, "My tasks"
    REVIEW_ELIGIBILITY = "review_eligibility"  # confirm or override a determination
    MANAGE_ENROLLMENT = "manage_enrollment"  # move a program enrollment along
    READ_RULE_SET = "read_rule_set"  # the populations-of-focus page
    # supervising
    ASSIGN = "assign"  # give members to care managers
    VIEW_WORKLIST = "view_worklist"  # the newly-eligible worklist
    VIEW_TEAM_WORK = "view_team_work"  # another care manager's tasks, the overdue table
    # plan-wide administration
    CONFIGURE = "configure"  # question sets, clock settings
    IMPORT = "import"  # roster and clinical feeds, their import jobs
    RUN_EVALUATION = "run_evaluation"  # the plan-wide engines: eligibility and risk runs
    RUN_JOBS = "run_jobs"  # the nightly jobs' record, and running one now
    EXPORT = "export"  # determinations.csv
    VIEW_ACCESS_LOG = "view_access_log"  # who viewed a member; the access log's export
    MANAGE_USERS = "manage_users"  # other users' two-step login and API tokens
    # Community Supports (referrals/)
    AUTHORIZE_SUPPORTS = "authorize_supports"  # authorize a referral, override a service limit
    ANSWER_REFERRALS = "answer_referrals"  # a provider's inbox: accept, decline, deliver


C = Capability
PLAN, CBO = Organization.Kind.PLAN, Organization.Kind.CBO
_PLAN_STAFF = {
    C.VIEW_MEMBER,
    C.DO_CARE_WORK,
    C.REVIEW_ELIGIBILITY,
    C.MANAGE_ENROLLMENT,
    C.READ_RULE_SET,
}
_SUPERVISING = {C.ASSIGN, C.VIEW_WORKLIST, C.VIEW_TEAM_WORK, C.AUTHORIZE_SUPPORTS}

# (organisation kind, role) -> capabilities. A role absent for a kind grants nothing there.
CAPABILITIES: dict[tuple[str, Role], frozenset[Capability]] = {
    (PLAN, Role.CARE_MANAGER): frozenset({*_PLAN_STAFF, C.HAVE_CASELOAD}),
    (PLAN, Role.SUPERVISOR): frozenset({*_PLAN_STAFF, *_SUPERVISING, C.VIEW_TEAM_MEMBERS}),
    (PLAN, Role.PLAN_ADMIN): frozenset(
        {
            *_PLAN_STAFF,
            *_SUPERVISING,
            C.VIEW_ALL_MEMBERS,
            C.CONFIGURE,
            C.IMPORT,
            C.RUN_EVALUATION,
            C.RUN_JOBS,
            C.EXPORT,
            C.VIEW_ACCESS_LOG,
            C.MANAGE_USERS,
        }
    ),
    (CBO, Role.CBO_STAFF): frozenset({C.VIEW_MEMBER, C.VIEW_SHARED_MEMBERS, C.ANSWER_REFERRALS}),
}


def organization_kind(user) -> str | None:
    """PLAN or CBO for an active signed-in user (None otherwise).

    A CBO's user, or anyone with the CBO staff role, acts as a CBO partner; everyone else acts
    for the plan. The organisation is loaded with the user (accounts.backends), so this costs
    no query in a request.
    """
    if not user.is_authenticated or not user.is_active:
        return None
    roles = role_names(user)
    organization = user.organization if user.organization_id else None
    if Role.CBO_STAFF in roles or (organization and organization.kind == CBO):
        return CBO
    return PLAN


def capabilities_of(user) -> frozenset[Capability]:
    """Everything the user may do, cached on the user for the request."""
    cached = getattr(user, "_capabilities", None)
    if cached is None:
        kind = organization_kind(user)
        cached = frozenset().union(
            *(CAPABILITIES.get((kind, role), ()) for role in Role if role in role_names(user))
        )
        user._capabilities = cached
    return cached


def may(user, capability: Capability) -> bool:
    return capability in capabilities_of(user)


def require(user, capability: Capability) -> None:
    """404 unless the user may: a page that is not theirs does not exist for them."""
    if not may(user, capability):
        raise Http404


class DataCategory(StrEnum):
    """Parts of a member's record that may be shown to some who see the member but not others."""

    DEMOGRAPHICS = "demographics"
    ASSIGNMENT_HISTORY = "assignment_history"
    ELIGIBILITY_EVIDENCE = "eligibility_evidence"  # determinations, with diagnosis-based evidence
    ENROLLMENT = "enrollment"
    ASSESSMENTS = "assessments"
    CARE_PLAN = "care_plan"
    CONTACTS = "contacts"  # outreach, contacts and the timeline
    CLOCKS = "clocks"
    RISK = "risk"  # risk tier with its Charlson conditions (HIV, cancer...) and LACE stays
    SUD = "sud"  # substance use disorder records (42 CFR Part 2)
    REFERRALS = "referrals"  # Community Supports referrals and authorizations


D = DataCategory
# organisation kind -> the categories of a visible member's record it may see. Today CBO staff
# see what the member page showed them before this table existed; 42 CFR Part 2 consent for
# SUD records narrows the CBO row in the next issue.
CATEGORIES: dict[str, frozenset[DataCategory]] = {
    PLAN: frozenset(DataCategory),
    CBO: frozenset(DataCategory) - {D.ASSIGNMENT_HISTORY, D.RISK},
}


def may_see(user, category: DataCategory) -> bool:
    """May this user see this category of the record of a member they may see?"""
    return category in CATEGORIES.get(organization_kind(user), frozenset())
