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
    MESSAGE_CBO = "message_cbo"  # post in the plan<->CBO thread of a member one works
    # plan care work on members in scope
    DO_CARE_WORK = "do_care_work"  # assessments, care plans, contacts, "My tasks"
    REVIEW_ELIGIBILITY = "review_eligibility"  # confirm or override a determination
    MANAGE_ENROLLMENT = "manage_enrollment"  # move a program enrollment along
    READ_RULE_SET = "read_rule_set"  # the populations-of-focus page
    # supervising
    ASSIGN = "assign"  # give members to care managers
    VIEW_WORKLIST = "view_worklist"  # the newly-eligible worklist
    VIEW_TEAM_WORK = "view_team_work"  # another care manager's tasks, the overdue table
    SNOOZE_TASKS = "snooze_tasks"  # hide team members' "My tasks" items until a day, with a reason
    # plan-wide administration
    CONFIGURE = "configure"  # question sets, clock settings
    IMPORT = "import"  # roster and clinical feeds, their import jobs
    RUN_EVALUATION = "run_evaluation"  # the plan-wide engines: eligibility and risk runs
    RUN_JOBS = "run_jobs"  # the nightly jobs' record, and running one now
    EXPORT = "export"  # determinations.csv
    VIEW_ACCESS_LOG = "view_access_log"  # who viewed a member; the access log's export
    MANAGE_USERS = "manage_users"  # other users' two-step login and API tokens
    # the CBO partnership (cbo_partners)
    MANAGE_PARTNERS = "manage_partners"  # the CBO directory: partners, contracts, contacts
    ASSIGN_CBO = "assign_cbo"  # give a member to a CBO, reassign, end
    RECORD_CONSENT = "record_consent"  # a member's consent to share with CBOs, revocation
    DECIDE_CBO_ASSIGNMENTS = "decide_cbo_assignments"  # a CBO lead: accept/decline, name CMs
    # a CBO partner's work on a member shared with their organisation
    ADD_PARTNER_CONTACTS = "add_partner_contacts"  # contacts and notes, marked as by the CBO
    COMPLETE_PARTNER_TASKS = "complete_partner_tasks"  # care-plan tasks owned by the CBO
    PROPOSE_GOALS = "propose_goals"  # a goal the plan care manager accepts or rejects
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
_SUPERVISING = {C.ASSIGN, C.VIEW_WORKLIST, C.VIEW_TEAM_WORK, C.SNOOZE_TASKS, C.AUTHORIZE_SUPPORTS}
_PARTNER_WORK = {C.ADD_PARTNER_CONTACTS, C.COMPLETE_PARTNER_TASKS, C.PROPOSE_GOALS}

# (organisation kind, role) -> capabilities. A role absent for a kind grants nothing there.
CAPABILITIES: dict[tuple[str, Role], frozenset[Capability]] = {
    (PLAN, Role.CARE_MANAGER): frozenset(
        {*_PLAN_STAFF, C.HAVE_CASELOAD, C.RECORD_CONSENT, C.MESSAGE_CBO}
    ),
    (PLAN, Role.SUPERVISOR): frozenset(
        {
            *_PLAN_STAFF,
            *_SUPERVISING,
            C.VIEW_TEAM_MEMBERS,
            C.ASSIGN_CBO,
            C.RECORD_CONSENT,
            C.MESSAGE_CBO,
        }
    ),
    # Plan admins run the portal, not a caseload: no care work, eligibility reviews or
    # enrollment steps, so a member's page shows them no clinical form (issue 13).
    (PLAN, Role.PLAN_ADMIN): frozenset(
        {
            C.VIEW_MEMBER,
            C.READ_RULE_SET,
            # no snooze: a task list is a care worker's, and plan admins do no care work
            *(_SUPERVISING - {C.SNOOZE_TASKS}),
            C.VIEW_ALL_MEMBERS,
            C.CONFIGURE,
            C.IMPORT,
            C.RUN_EVALUATION,
            C.RUN_JOBS,
            C.EXPORT,
            C.VIEW_ACCESS_LOG,
            C.MANAGE_USERS,
            C.MANAGE_PARTNERS,
            C.ASSIGN_CBO,
            C.RECORD_CONSENT,
        }
    ),
    (CBO, Role.CBO_STAFF): frozenset(
        {C.VIEW_MEMBER, C.VIEW_SHARED_MEMBERS, C.MESSAGE_CBO, C.ANSWER_REFERRALS, *_PARTNER_WORK}
    ),
    (CBO, Role.CBO_LEAD): frozenset(
        {
            C.VIEW_MEMBER,
            C.VIEW_SHARED_MEMBERS,
            C.DECIDE_CBO_ASSIGNMENTS,
            C.MESSAGE_CBO,
            C.ANSWER_REFERRALS,
            *_PARTNER_WORK,
        }
    ),
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
    POPULATIONS = "populations"  # the populations of focus a member is eligible for, by name
    ELIGIBILITY_EVIDENCE = "eligibility_evidence"  # determinations, with diagnosis-based evidence
    ENROLLMENT = "enrollment"
    FLAGGED_NEEDS = "flagged_needs"  # the needs an assessment flagged, without the answers
    ASSESSMENTS = "assessments"  # every answer of every assessment
    CARE_PLAN = "care_plan"  # the shared parts: problems, goals, tasks, care team
    CARE_PLAN_HISTORY = "care_plan_history"  # every saved version of the plan
    CONTACTS = "contacts"  # outreach, contacts and the timeline (a CBO: shared and its own)
    PLAN_INTERNAL_NOTES = "plan_internal_notes"  # contacts and notes not shared with the CBO
    CLOCKS = "clocks"
    RISK = "risk"  # risk tier with its Charlson conditions (HIV, cancer...) and LACE stays
    SUD = "sud"  # substance use disorder records (42 CFR Part 2), member by member: may_see_sud
    REFERRALS = "referrals"  # Community Supports referrals and authorizations


D = DataCategory
# organisation kind -> the categories of a visible member's record it may see. A CBO partner
# gets the least necessary (issue 10): demographics and contact details, the populations of
# focus by name, the flagged needs, the shared care plan, shared and its own contacts, the due
# dates. SUD records are decided member by member (a Part 2 consent naming the organisation),
# so the CBO row leaves SUD out and `may_see_sud` asks the consent.
CATEGORIES: dict[str, frozenset[DataCategory]] = {
    PLAN: frozenset(DataCategory),
    CBO: frozenset(
        {D.DEMOGRAPHICS, D.POPULATIONS, D.FLAGGED_NEEDS, D.CARE_PLAN, D.CONTACTS, D.CLOCKS}
    ),
}


def may_see(user, category: DataCategory) -> bool:
    """May this user see this category of the record of a member they may see?"""
    return category in CATEGORIES.get(organization_kind(user), frozenset())


def is_partner(user) -> bool:
    """Does the user act for a CBO partner (and so see the least necessary of a record)?"""
    return organization_kind(user) == CBO


# Asks whether an active 42 CFR Part 2 consent of the member names the organisation; registered
# by cbo_partners (which owns consent) from its AppConfig.ready(). Without it, nobody outside
# the plan sees SUD records.
_part2: dict = {"check": None}


def register_part2_check(check) -> None:
    """`check(member_id, organization_id) -> bool`."""
    _part2["check"] = check


def may_see_sud(user, member) -> bool:
    """May this user see the substance-use records (42 CFR Part 2) of this visible member?

    Plan staff do (the plan holds the records); a CBO partner only under an active Part 2
    consent naming their organisation, asked once per member and request (cached on the user).
    Every selector that reads SUD-tagged data asks this, so pages, the API, searches and
    exports apply one rule.
    """
    if may_see(user, D.SUD):
        return True
    if not is_partner(user) or not user.organization_id or _part2["check"] is None:
        return False
    member_id = getattr(member, "pk", member)
    cache = getattr(user, "_part2_by_member", None)
    if cache is None:
        cache = user._part2_by_member = {}
    if member_id not in cache:
        cache[member_id] = bool(_part2["check"](member_id, user.organization_id))
    return cache[member_id]
