"""The route table: what each URL needs, and the status each role gets from it.

A new URL without a row in ROUTES fails `test_every_url_name_has_a_row` (test_table.py), so
nobody adds a page or an endpoint without deciding who may use it. ROLE_CAPABILITIES is pinned
to accounts.access.CAPABILITIES by `test_the_capability_table_gives_each_role_what_it_should`.
"""

from django.urls import URLPattern, URLResolver, get_resolver

from accounts.access import Capability as C

ROLES = ("anonymous", "care_manager", "supervisor", "plan_admin", "cbo_staff", "cbo_lead")
SIGNED_IN = "signed in"  # any signed-in user, whatever their capabilities
PUBLIC = "public"  # anyone
OWNER_ONLY = "its owner only"  # a user's own object (a notification): nobody else, any role
PLAN_DATA = "plan staff data"  # view_member, and a category of the record CBO staff may not see

_PLAN_STAFF = {
    C.VIEW_MEMBER,
    C.DO_CARE_WORK,
    C.REVIEW_ELIGIBILITY,
    C.MANAGE_ENROLLMENT,
    C.READ_RULE_SET,
}
_SUPERVISING = {C.ASSIGN, C.VIEW_WORKLIST, C.VIEW_TEAM_WORK, C.SNOOZE_TASKS, C.AUTHORIZE_SUPPORTS}
_PARTNER_WORK = {C.ADD_PARTNER_CONTACTS, C.COMPLETE_PARTNER_TASKS, C.PROPOSE_GOALS}
ROLE_CAPABILITIES = {
    "anonymous": set(),
    "care_manager": {*_PLAN_STAFF, C.HAVE_CASELOAD, C.RECORD_CONSENT, C.MESSAGE_CBO},
    "supervisor": {
        *_PLAN_STAFF,
        *_SUPERVISING,
        C.VIEW_TEAM_MEMBERS,
        C.ASSIGN_CBO,
        C.RECORD_CONSENT,
        C.MESSAGE_CBO,
    },
    "plan_admin": {
        C.VIEW_MEMBER,
        C.READ_RULE_SET,
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
    },
    "cbo_staff": {
        C.VIEW_MEMBER,
        C.VIEW_SHARED_MEMBERS,
        C.MESSAGE_CBO,
        C.ANSWER_REFERRALS,
        *_PARTNER_WORK,
    },
    "cbo_lead": {
        C.VIEW_MEMBER,
        C.VIEW_SHARED_MEMBERS,
        C.DECIDE_CBO_ASSIGNMENTS,
        C.MESSAGE_CBO,
        C.ANSWER_REFERRALS,
        *_PARTNER_WORK,
    },
}
# A URL several capabilities open (plan care work or a CBO partner's notes): any of them.
CONTACT_WRITERS = frozenset({C.DO_CARE_WORK, C.ADD_PARTNER_CONTACTS})

# fmt: off
ROUTES = {
    # name:                          (method, needs,               status when allowed)
    "home":                          ("get",  SIGNED_IN,           302),
    "login":                         ("get",  PUBLIC,              302),  # anonymous: 200
    "logout":                        ("post", SIGNED_IN,           302),
    "accounts:language":             ("post", SIGNED_IN,           400),
    "members:caseload":              ("get",  C.HAVE_CASELOAD,     200),
    "members:list":                  ("get",  C.VIEW_MEMBER,       200),
    "members:assign":                ("post", C.ASSIGN,            422),
    "members:detail":                ("get",  C.VIEW_MEMBER,       200),
    "members:reassign":              ("post", C.ASSIGN,            422),
    "members:access_log":            ("get",  C.VIEW_ACCESS_LOG,   200),
    "members:roster_upload":         ("get",  C.IMPORT,            200),
    "eligibility:clinical_upload":   ("get",  C.IMPORT,            200),
    "careplans:history_upload":      ("get",  C.IMPORT,            200),
    "eligibility:rule_set":          ("get",  C.READ_RULE_SET,     200),
    "core:import_job":               ("get",  C.IMPORT,            200),
    "core:import_problems_report":   ("get",  C.IMPORT,            200),
    "eligibility:worklist":          ("get",  C.VIEW_WORKLIST,     200),
    "eligibility:worklist_assign":   ("post", C.VIEW_WORKLIST,     422),
    "eligibility:runs":              ("get",  C.RUN_EVALUATION,    200),
    "eligibility:run":               ("get",  C.RUN_EVALUATION,    200),
    "eligibility:run_determinations": ("get", C.EXPORT,            200),
    "eligibility:member_section":    ("get",  C.VIEW_MEMBER,       200),
    "eligibility:member_review":     ("post", C.REVIEW_ELIGIBILITY, 422),
    "careplans:member_enrollment":   ("get",  PLAN_DATA,         200),  # plan staff: ENROLLMENT
    "careplans:member_enrollment_change": ("post", C.MANAGE_ENROLLMENT, 422),
    "api:member-list":               ("get",  C.VIEW_MEMBER,       200),
    "api:member-search":             ("post", C.VIEW_MEMBER,       200),
    "api:member-assign":             ("post", C.ASSIGN,            400),
    "api:member-detail":             ("get",  C.VIEW_MEMBER,       200),
    "api:member-access-log":         ("get",  C.VIEW_ACCESS_LOG,   200),
    "api:roster-import":             ("post", C.IMPORT,            400),
    "api:diagnoses-import":          ("post", C.IMPORT,            400),
    "api:utilization-import":        ("post", C.IMPORT,            400),
    "api:import-job":                ("get",  C.IMPORT,            200),
    "api:import-problems":           ("get",  C.IMPORT,            200),
    "api:eligibility-worklist":      ("get",  C.VIEW_WORKLIST,     200),
    "api:eligibility-runs":          ("post", C.RUN_EVALUATION,    400),
    "api:eligibility-run":           ("get",  C.RUN_EVALUATION,    200),
    "api:eligibility-run-determinations": ("get", C.EXPORT,        200),
    "api:member-eligibility":        ("get",  C.VIEW_MEMBER,       200),
    "api:member-eligibility-review": ("post", C.REVIEW_ELIGIBILITY, 400),
    "api:member-enrollment-transitions": ("get", PLAN_DATA,      200),  # plan: ENROLLMENT
    "careplans:care_plan":           ("get",  C.VIEW_MEMBER,       200),
    "careplans:care_plan_new":       ("get",  C.DO_CARE_WORK,      302),  # the plan exists
    "careplans:care_plan_problem_add": ("post", C.DO_CARE_WORK,    422),
    "careplans:care_plan_problem":   ("get",  C.DO_CARE_WORK,      200),
    "careplans:care_plan_goal_add":  ("post", C.DO_CARE_WORK,      422),
    "careplans:care_plan_goal":      ("get",  C.DO_CARE_WORK,      200),
    "careplans:care_plan_task_add":  ("post", C.DO_CARE_WORK,      422),
    "careplans:care_plan_task":      ("get",  C.DO_CARE_WORK,      200),
    "careplans:care_plan_team_add":  ("post", C.DO_CARE_WORK,      422),
    "careplans:care_plan_team_remove": ("post", C.DO_CARE_WORK,    422),
    "careplans:care_plan_acknowledgement": ("post", C.DO_CARE_WORK, 422),
    "careplans:care_plan_review":    ("post", C.DO_CARE_WORK,      422),
    "careplans:plan_versions":       ("get",  PLAN_DATA,         200),  # plan: CARE_PLAN_HISTORY
    "careplans:care_plan_goal_propose": ("post", C.PROPOSE_GOALS,  422),
    "careplans:care_plan_goal_decide": ("post", C.DO_CARE_WORK,    422),
    "careplans:care_plan_task_complete": ("post", C.COMPLETE_PARTNER_TASKS, 422),
    "api:care-plan-goal-proposals":  ("post", C.PROPOSE_GOALS,     400),
    "api:care-plan-goal-decision":   ("post", C.DO_CARE_WORK,      400),
    "api:care-plan-task-complete":   ("post", C.COMPLETE_PARTNER_TASKS, 400),
    "api:member-care-plan":          ("get",  C.VIEW_MEMBER,       200),
    "api:care-plan-goals":           ("post", C.DO_CARE_WORK,      400),
    "api:care-plan-goal":            ("get",  C.VIEW_MEMBER,       200),
    "api:care-plan-tasks":           ("post", C.DO_CARE_WORK,      400),
    "api:care-plan-task":            ("get",  C.VIEW_MEMBER,       200),
    "api:care-plan-acknowledgement": ("post", C.DO_CARE_WORK,      400),
    "api:care-plan-versions":        ("get",  PLAN_DATA,         200),  # plan: CARE_PLAN_HISTORY
    "api:care-plan-version":         ("get",  PLAN_DATA,         200),
    "careplans:member_contacts":     ("get",  C.VIEW_MEMBER,       200),
    "careplans:member_contact_create": ("post", CONTACT_WRITERS,   422),
    "careplans:member_timeline":     ("get",  C.VIEW_MEMBER,       200),
    "careplans:member_clocks":       ("get",  C.VIEW_MEMBER,       200),
    "careplans:tasks":               ("get",  C.DO_CARE_WORK,      200),
    "careplans:team_overdue":        ("get",  C.VIEW_TEAM_WORK,    200),
    "careplans:tasks_snooze":        ("post", C.SNOOZE_TASKS,      422),
    "careplans:tasks_unsnooze":      ("post", C.SNOOZE_TASKS,      302),  # back, with the message
    "careplans:clock_settings":      ("get",  C.CONFIGURE,         200),
    "careplans:clock_setting_change": ("post", C.CONFIGURE,        422),
    "careplans:clock_refresh_status": ("get", C.CONFIGURE,         200),
    "api:member-contacts":           ("get",  C.VIEW_MEMBER,       200),
    "api:member-timeline":           ("get",  C.VIEW_MEMBER,       200),
    "api:member-clocks":             ("get",  C.VIEW_MEMBER,       200),
    "api:my-tasks":                  ("get",  C.DO_CARE_WORK,      200),
    "api:team-overdue":              ("get",  C.VIEW_TEAM_WORK,    200),
    "careplans:member_assessments":  ("get",  C.VIEW_MEMBER,       200),
    "careplans:assessment_start":    ("post", C.DO_CARE_WORK,      422),
    "careplans:assessment":          ("get",  PLAN_DATA,         200),  # plan: ASSESSMENTS
    "careplans:question_sets":       ("get",  C.CONFIGURE,         200),
    "careplans:question_set_new_version": ("post", C.CONFIGURE,    422),
    "careplans:question_set":        ("get",  C.CONFIGURE,         200),
    "careplans:question_new":        ("get",  C.CONFIGURE,         200),
    "careplans:question_edit":       ("get",  C.CONFIGURE,         200),
    "careplans:question_move":       ("post", C.CONFIGURE,         302),
    "careplans:question_remove":     ("post", C.CONFIGURE,         302),
    "careplans:question_set_rules":  ("post", C.CONFIGURE,         302),
    "careplans:question_set_publish": ("post", C.CONFIGURE,        302),
    "api:member-assessments":        ("get",  C.VIEW_MEMBER,       200),
    "api:member-assessment":         ("get",  PLAN_DATA,         200),  # plan: ASSESSMENTS
    "api:member-assessment-answers": ("post", C.DO_CARE_WORK,      400),
    "api:member-assessment-complete": ("post", C.DO_CARE_WORK,     400),
    "api:schema":                    ("get",  SIGNED_IN,           200),
    "api:docs":                      ("get",  SIGNED_IN,           200),
    "accounts:mfa_verify":           ("get",  SIGNED_IN,           302),  # already verified
    "accounts:mfa_enroll":           ("get",  SIGNED_IN,           302),
    "accounts:security":             ("get",  SIGNED_IN,           200),
    "accounts:backup_codes":         ("post", SIGNED_IN,           200),
    "accounts:token_create":         ("post", SIGNED_IN,           200),
    "accounts:token_revoke":         ("post", C.MANAGE_USERS,      302),  # or the token's owner
    "accounts:users":                ("get",  C.MANAGE_USERS,      200),
    "accounts:user_mfa_reset":       ("post", C.MANAGE_USERS,      302),
    "audit:access_log_export":       ("get",  C.VIEW_ACCESS_LOG,   200),
    "api:auth-token":                ("post", PUBLIC,              400),
    "api:auth-tokens":               ("get",  SIGNED_IN,           200),
    "api:auth-token-detail":         ("delete", C.MANAGE_USERS,    204),  # or the token's owner
    "api:user-mfa-reset":            ("post", C.MANAGE_USERS,      204),
    "api:access-log-export":         ("get",  C.VIEW_ACCESS_LOG,   400),
    "core:import_job_retry":         ("post", C.IMPORT,            302),
    "eligibility:run_retry":         ("post", C.RUN_EVALUATION,    302),
    "api:import-job-retry":          ("post", C.IMPORT,            409),
    "api:eligibility-run-retry":     ("post", C.RUN_EVALUATION,    409),
    "risk:runs":                     ("get",  C.RUN_EVALUATION,    200),
    "risk:run":                      ("get",  C.RUN_EVALUATION,    200),
    "risk:rising":                   ("get",  C.VIEW_WORKLIST,     200),
    "risk:member_section":           ("get",  PLAN_DATA,           200),  # the RISK category
    "api:member-risk":               ("get",  PLAN_DATA,           200),
    "api:risk-rising":               ("get",  C.VIEW_WORKLIST,     200),
    "api:risk-runs":                 ("post", C.RUN_EVALUATION,    400),
    "api:risk-run":                  ("get",  C.RUN_EVALUATION,    200),
    "jobs:nightly":                  ("get",  C.RUN_JOBS,          200),
    "jobs:run_now":                  ("post", C.RUN_JOBS,          302),
    "api:job-runs":                  ("get",  C.RUN_JOBS,          200),
    "api:job-run-now":               ("post", C.RUN_JOBS,          202),
    "notifications:centre":          ("get",  SIGNED_IN,           200),
    "notifications:badge":           ("get",  SIGNED_IN,           200),
    "notifications:open":            ("post", OWNER_ONLY,          302),
    "notifications:read_all":        ("post", SIGNED_IN,           302),
    "notifications:digest":          ("post", SIGNED_IN,           302),
    "api:notifications":             ("get",  SIGNED_IN,           200),
    "api:notification-read":         ("post", OWNER_ONLY,          200),
    "api:notification-digest":       ("get",  SIGNED_IN,           200),
    "cbo_partners:partners":         ("get",  C.MANAGE_PARTNERS,   200),
    "cbo_partners:partner_new":      ("get",  C.MANAGE_PARTNERS,   200),
    "cbo_partners:partner":          ("get",  C.MANAGE_PARTNERS,   200),
    "cbo_partners:partner_edit":     ("get",  C.MANAGE_PARTNERS,   200),
    "cbo_partners:contract_add":     ("post", C.MANAGE_PARTNERS,   422),
    "cbo_partners:contact_add":      ("post", C.MANAGE_PARTNERS,   422),
    "cbo_partners:contact_remove":   ("post", C.MANAGE_PARTNERS,   302),
    "cbo_partners:staff_add":        ("post", C.MANAGE_PARTNERS,   422),
    "cbo_partners:member_section":   ("get",  C.VIEW_MEMBER,       200),
    "cbo_partners:assign":           ("post", C.ASSIGN_CBO,        422),
    "cbo_partners:assignment_end":   ("post", C.ASSIGN_CBO,        422),
    "cbo_partners:assignment_reassign": ("post", C.ASSIGN_CBO,     422),
    "cbo_partners:consent_record":   ("post", C.RECORD_CONSENT,    422),
    "cbo_partners:consent_revoke":   ("post", C.RECORD_CONSENT,    422),
    "cbo_partners:consent_form":     ("get",  C.RECORD_CONSENT,    200),
    "cbo_partners:decisions":        ("get",  C.DECIDE_CBO_ASSIGNMENTS, 200),
    "cbo_partners:assignment_accept": ("post", C.DECIDE_CBO_ASSIGNMENTS, 422),
    "cbo_partners:assignment_decline": ("post", C.DECIDE_CBO_ASSIGNMENTS, 422),
    "cbo_partners:assignment_care_manager": ("post", C.DECIDE_CBO_ASSIGNMENTS, 422),
    "api:partners":                  ("get",  C.MANAGE_PARTNERS,   200),
    "api:partner":                   ("get",  C.MANAGE_PARTNERS,   200),
    "api:partner-contracts":         ("post", C.MANAGE_PARTNERS,   400),
    "api:partner-contacts":          ("post", C.MANAGE_PARTNERS,   400),
    "api:partner-staff":             ("post", C.MANAGE_PARTNERS,   400),
    "api:member-cbo-assignments":    ("get",  C.VIEW_MEMBER,       200),
    "api:cbo-assignment-end":        ("post", C.ASSIGN_CBO,        400),
    "api:cbo-assignment-reassign":   ("post", C.ASSIGN_CBO,        400),
    "api:cbo-decisions":             ("get",  C.DECIDE_CBO_ASSIGNMENTS, 200),
    "api:cbo-assignment-accept":     ("post", C.DECIDE_CBO_ASSIGNMENTS, 400),
    "api:cbo-assignment-decline":    ("post", C.DECIDE_CBO_ASSIGNMENTS, 400),
    "api:cbo-assignment-care-manager": ("post", C.DECIDE_CBO_ASSIGNMENTS, 400),
    "api:member-consents":           ("get",  C.VIEW_MEMBER,       200),
    "api:consent-revoke":            ("post", C.RECORD_CONSENT,    400),
    "api:consent-form":              ("get",  C.RECORD_CONSENT,    200),
    "cbo_threads:inbox":             ("get",  C.VIEW_MEMBER,       200),
    "cbo_threads:badge":             ("get",  SIGNED_IN,           200),
    "cbo_threads:member_section":    ("get",  C.VIEW_MEMBER,       200),
    "cbo_threads:thread":            ("get",  C.VIEW_MEMBER,       200),
    "cbo_threads:attachment":        ("get",  C.VIEW_MEMBER,       200),
    "api:cbo-threads":               ("get",  C.VIEW_MEMBER,       200),
    "api:cbo-threads-unread":        ("get",  C.VIEW_MEMBER,       200),
    "api:member-cbo-threads":        ("get",  C.VIEW_MEMBER,       200),
    "api:cbo-thread-messages":       ("post", C.MESSAGE_CBO,       400),
    "api:cbo-thread-attachment":     ("get",  C.VIEW_MEMBER,       200),
    # Community Supports: a referral of the member to the CBO user's own organisation
    "referrals:member_section":      ("get",  PLAN_DATA,           200),
    "referrals:new":                 ("get",  C.DO_CARE_WORK,      200),
    "referrals:detail":              ("get",  C.VIEW_MEMBER,       200),
    "referrals:send":                ("post", C.DO_CARE_WORK,      422),
    "referrals:accept":              ("post", C.ANSWER_REFERRALS,  422),
    "referrals:decline":             ("post", C.ANSWER_REFERRALS,  422),
    "referrals:authorize":           ("post", C.AUTHORIZE_SUPPORTS, 422),
    "referrals:deliver":             ("post", C.ANSWER_REFERRALS,  422),
    "referrals:complete":            ("post", C.ANSWER_REFERRALS,  422),
    "referrals:close":               ("post", C.DO_CARE_WORK,      422),
    "referrals:cancel":              ("post", C.DO_CARE_WORK,      422),
    "referrals:inbox":               ("get",  C.ANSWER_REFERRALS,  200),
    "referrals:offerings":           ("get",  C.CONFIGURE,         200),
    "referrals:upload":              ("post", C.IMPORT,            422),
    "referrals:report":              ("get",  C.EXPORT,            200),
    "referrals:report_csv":          ("get",  C.EXPORT,            200),
    "api:member-referrals":          ("get",  PLAN_DATA,           200),
    "api:referral":                  ("get",  C.VIEW_MEMBER,       200),
    "api:referral-move":             ("post", SIGNED_IN,           400),  # the move names its need
    "api:referral-inbox":            ("get",  C.ANSWER_REFERRALS,  200),
    "api:cs-check":                  ("post", C.AUTHORIZE_SUPPORTS, 400),
    "api:cs-offerings":              ("get",  C.VIEW_MEMBER,       200),
    "api:cs-report":                 ("get",  C.EXPORT,            400),  # without a month
    "api:cs-offerings-import":       ("post", C.IMPORT,            400),
    "api:cs-authorizations-import":  ("post", C.IMPORT,            400),
}
# fmt: on
# Otherwise 302 to the login page, or 403 from the API.
ANONYMOUS_STATUS = {"login": 200, "api:auth-token": 400}
# URLs whose path names another object than the table's default id: the CBO-owned task.
ROUTE_KWARGS = {
    "careplans:care_plan_task_complete": {"task_id": "cbo_task_id"},
    "api:care-plan-task-complete": {"task_id": "cbo_task_id"},
}
# URLs of an object one role owns (the care manager's API token): its owner may use them too.
OWNED_BY = {
    "accounts:token_revoke": "care_manager",
    "api:auth-token-detail": "care_manager",
    "notifications:open": "care_manager",
    "api:notification-read": "care_manager",
}

# Rows where the product does not yet do what the table says; each is reported as a bug.
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}  # (url name, role, scope): reason, xfail


def expected_status(name: str, role: str, *, in_scope: bool) -> int:
    """What the access table says `role` gets from URL `name` for a member in or out of scope."""
    _method, needs, allowed = ROUTES[name]
    if role == "anonymous":
        return ANONYMOUS_STATUS.get(name, 403 if name.startswith("api:") else 302)
    if needs in (SIGNED_IN, PUBLIC) or OWNED_BY.get(name) == role:
        return allowed
    if needs == PLAN_DATA:
        cbo = role in ("cbo_staff", "cbo_lead")
        needs = C.VIEW_MEMBER if not cbo else "nothing CBO staff hold"
    held = ROLE_CAPABILITIES[role]
    allowed_by_role = bool(needs & held) if isinstance(needs, frozenset) else needs in held
    if not allowed_by_role or not in_scope:
        return 404
    return allowed


def _walk(resolver, namespaces=(), converters=()):
    for entry in resolver.url_patterns:
        here = (*converters, *getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            spaces = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry, spaces, here)
        elif isinstance(entry, URLPattern) and entry.name:
            yield ":".join((*namespaces, entry.name)), frozenset(here)


def project_urls() -> dict[str, frozenset[str]]:
    """Every named URL (with its namespace) and the names of its path arguments, bar the admin."""
    return {name: kwargs for name, kwargs in _walk(get_resolver()) if not name.startswith("admin:")}
