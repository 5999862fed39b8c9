"""Every named URL by every role: who may reach what (Zulip's rule).

A new URL name without a row in URL_ROLES fails `test_every_url_name_has_a_row`, so nobody adds a
page or an endpoint without deciding who may use it. Pages send anonymous visitors to the login
page (302); the API answers them 403 (DRF with session auth). A role that may not use a URL gets
404, never 403. POST-only URLs are sent an empty body: a 400/422 proves the caller got past the
role gate to validation, a 404 that they did not.
"""

import datetime

import factory
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from knox.models import AuthToken

from core.models import ImportJob, ImportProblem
from notifications.models import Notification
from risk.models import StratificationRun
from tests.careplans.assessment_factories import assessment_url_ids
from tests.careplans.plan_factories import care_plan_with_one_of_each
from tests.factories import EvaluationRunFactory, MemberFactory

ROLES = ("anonymous", "care_manager", "supervisor", "plan_admin", "cbo_staff")

# fmt: off
URL_ROLES = {
    # name:                          (method, anon, cm,  sup, admin, cbo)
    "home":                          ("get",  302,  302, 302, 302,   302),
    "login":                         ("get",  200,  302, 302, 302,   302),
    "logout":                        ("post", 302,  302, 302, 302,   302),
    "members:caseload":              ("get",  302,  200, 404, 404,   404),
    "members:list":                  ("get",  302,  200, 200, 200,   200),
    "members:assign":                ("post", 302,  404, 422, 422,   404),
    "members:detail":                ("get",  302,  200, 200, 200,   200),
    "members:access_log":            ("get",  302,  404, 404, 200,   404),
    "members:roster_upload":         ("get",  302,  404, 404, 200,   404),
    "eligibility:clinical_upload":   ("get",  302,  404, 404, 200,   404),
    "eligibility:rule_set":          ("get",  302,  200, 200, 200,   404),
    "core:import_job":               ("get",  302,  404, 404, 200,   404),
    "core:import_problems_report":   ("get",  302,  404, 404, 200,   404),
    "core:import_job_retry":         ("post", 302,  404, 404, 302,   404),
    "eligibility:worklist":          ("get",  302,  404, 200, 200,   404),
    "eligibility:worklist_assign":   ("post", 302,  404, 422, 422,   404),
    "eligibility:runs":              ("get",  302,  404, 404, 200,   404),
    "eligibility:run":               ("get",  302,  404, 404, 200,   404),
    "eligibility:run_retry":         ("post", 302,  404, 404, 302,   404),
    "eligibility:run_determinations": ("get", 302,  404, 404, 200,   404),
    "eligibility:member_section":    ("get",  302,  200, 200, 200,   200),
    "eligibility:member_review":     ("post", 302,  422, 422, 422,   404),
    "careplans:member_enrollment":   ("get",  302,  200, 200, 200,   200),
    "careplans:member_enrollment_change": ("post", 302,  422, 422, 422,   404),
    "api:member-list":               ("get",  403,  200, 200, 200,   200),
    "api:member-search":             ("post", 403,  200, 200, 200,   200),
    "api:member-assign":             ("post", 403,  404, 400, 400,   404),
    "api:member-detail":             ("get",  403,  200, 200, 200,   200),
    "api:member-access-log":         ("get",  403,  404, 404, 200,   404),
    "api:roster-import":             ("post", 403,  404, 404, 400,   404),
    "api:diagnoses-import":          ("post", 403,  404, 404, 400,   404),
    "api:utilization-import":        ("post", 403,  404, 404, 400,   404),
    "api:import-job":                ("get",  403,  404, 404, 200,   404),
    "api:import-problems":           ("get",  403,  404, 404, 200,   404),
    "api:import-job-retry":          ("post", 403,  404, 404, 409,   404),
    "api:eligibility-worklist":      ("get",  403,  404, 200, 200,   404),
    "api:eligibility-runs":          ("post", 403,  404, 404, 400,   404),
    "api:eligibility-run":           ("get",  403,  404, 404, 200,   404),
    "api:eligibility-run-retry":     ("post", 403,  404, 404, 409,   404),
    "api:eligibility-run-determinations": ("get", 403, 404, 404, 200, 404),
    "api:member-eligibility":        ("get",  403,  200, 200, 200,   200),
    "api:member-eligibility-review": ("post", 403,  400, 400, 400,   404),
    "api:member-enrollment-transitions": ("get", 403, 200, 200, 200, 200),
    "careplans:care_plan":           ("get",  302,  200, 200, 200,   200),
    "careplans:care_plan_new":       ("get",  302,  302, 302, 302,   404),
    "careplans:care_plan_problem_add": ("post", 302, 422, 422, 422,   404),
    "careplans:care_plan_problem":   ("get",  302,  200, 200, 200,   404),
    "careplans:care_plan_goal_add":  ("post", 302,  422, 422, 422,   404),
    "careplans:care_plan_goal":      ("get",  302,  200, 200, 200,   404),
    "careplans:care_plan_task_add":  ("post", 302,  422, 422, 422,   404),
    "careplans:care_plan_task":      ("get",  302,  200, 200, 200,   404),
    "careplans:care_plan_team_add":  ("post", 302,  422, 422, 422,   404),
    "careplans:care_plan_team_remove": ("post", 302, 422, 422, 422,  404),
    "careplans:care_plan_acknowledgement": ("post", 302, 422, 422, 422, 404),
    "careplans:care_plan_review":    ("post", 302,  422, 422, 422,   404),
    "careplans:plan_versions":       ("get",  302,  200, 200, 200,   200),
    "api:member-care-plan":          ("get",  403,  200, 200, 200,   200),
    "api:care-plan-goals":           ("post", 403,  400, 400, 400,   404),
    "api:care-plan-goal":            ("get",  403,  200, 200, 200,   200),
    "api:care-plan-tasks":           ("post", 403,  400, 400, 400,   404),
    "api:care-plan-task":            ("get",  403,  200, 200, 200,   200),
    "api:care-plan-acknowledgement": ("post", 403,  400, 400, 400,   404),
    "api:care-plan-versions":        ("get",  403,  200, 200, 200,   200),
    "api:care-plan-version":         ("get",  403,  200, 200, 200,   200),
    "careplans:member_contacts":     ("get",  302,  200, 200, 200,   200),
    "careplans:member_contact_create": ("post", 302, 422, 422, 422,   404),
    "careplans:member_timeline":     ("get",  302,  200, 200, 200,   200),
    "careplans:member_clocks":       ("get",  302,  200, 200, 200,   200),
    "careplans:tasks":               ("get",  302,  200, 200, 200,   404),
    "careplans:team_overdue":        ("get",  302,  404, 200, 200,   404),
    "careplans:clock_settings":      ("get",  302,  404, 404, 200,   404),
    "careplans:clock_setting_change": ("post", 302, 404, 404, 422,   404),
    "careplans:clock_refresh_status": ("get", 302,  404, 404, 200,   404),
    "api:member-contacts":           ("get",  403,  200, 200, 200,   200),
    "api:member-timeline":           ("get",  403,  200, 200, 200,   200),
    "api:member-clocks":             ("get",  403,  200, 200, 200,   200),
    "api:my-tasks":                  ("get",  403,  200, 200, 200,   404),
    "api:team-overdue":              ("get",  403,  404, 200, 200,   404),
    "careplans:member_assessments":  ("get",  302,  200, 200, 200,   200),
    "careplans:assessment_start":    ("post", 302,  422, 422, 422,   404),
    "careplans:assessment":          ("get",  302,  200, 200, 200,   200),
    "careplans:question_sets":       ("get",  302,  404, 404, 200,   404),
    "careplans:question_set_new_version": ("post", 302, 404, 404, 422, 404),
    "careplans:question_set":        ("get",  302,  404, 404, 200,   404),
    "careplans:question_new":        ("get",  302,  404, 404, 200,   404),
    "careplans:question_edit":       ("get",  302,  404, 404, 200,   404),
    "careplans:question_move":       ("post", 302,  404, 404, 302,   404),
    "careplans:question_remove":     ("post", 302,  404, 404, 302,   404),
    "careplans:question_set_rules":  ("post", 302,  404, 404, 302,   404),
    "careplans:question_set_publish": ("post", 302, 404, 404, 302,   404),
    "api:member-assessments":        ("get",  403,  200, 200, 200,   200),
    "api:member-assessment":         ("get",  403,  200, 200, 200,   200),
    "api:member-assessment-answers": ("post", 403,  400, 400, 400,   404),
    "api:member-assessment-complete": ("post", 403, 400, 400, 400,   404),
    "accounts:mfa_verify":           ("get",  302,  302, 302, 302,   302),
    "accounts:mfa_enroll":           ("get",  302,  302, 302, 302,   302),
    "accounts:security":             ("get",  302,  200, 200, 200,   200),
    "accounts:backup_codes":         ("post", 302,  200, 200, 200,   200),
    "accounts:token_create":         ("post", 302,  200, 200, 200,   200),
    "accounts:token_revoke":         ("post", 302,  302, 404, 302,   404),
    "accounts:users":                ("get",  302,  404, 404, 200,   404),
    "accounts:user_mfa_reset":       ("post", 302,  404, 404, 302,   404),
    "audit:access_log_export":       ("get",  302,  404, 404, 200,   404),
    "api:auth-token":                ("post", 400,  400, 400, 400,   400),
    "api:auth-tokens":               ("get",  403,  200, 200, 200,   200),
    "api:auth-token-detail":         ("delete", 403, 204, 404, 204,  404),
    "api:user-mfa-reset":            ("post", 403,  404, 404, 204,   404),
    "api:access-log-export":         ("get",  403,  404, 404, 400,   404),
    "risk:runs":                     ("get",  302,  404, 404, 200,   404),
    "risk:run":                      ("get",  302,  404, 404, 200,   404),
    "risk:rising":                   ("get",  302,  404, 200, 200,   404),
    "risk:member_section":           ("get",  302,  200, 200, 200,   404),
    "api:member-risk":               ("get",  403,  200, 200, 200,   404),
    "api:risk-rising":               ("get",  403,  404, 200, 200,   404),
    "api:risk-runs":                 ("post", 403,  404, 404, 400,   404),
    "api:risk-run":                  ("get",  403,  404, 404, 200,   404),
    "jobs:nightly":                  ("get",  302,  404, 404, 200,   404),
    "jobs:run_now":                  ("post", 302,  404, 404, 302,   404),
    "api:job-runs":                  ("get",  403,  404, 404, 200,   404),
    "api:job-run-now":               ("post", 403,  404, 404, 202,   404),
    "notifications:centre":          ("get",  302,  200, 200, 200,   200),
    "notifications:badge":           ("get",  302,  200, 200, 200,   200),
    "notifications:open":            ("post", 302,  302, 404, 404,   404),
    "notifications:read_all":        ("post", 302,  302, 302, 302,   302),
    "notifications:digest":          ("post", 302,  302, 302, 302,   302),
    "api:notifications":             ("get",  403,  200, 200, 200,   200),
    "api:notification-read":         ("post", 403,  200, 404, 404,   404),
    "api:notification-digest":       ("get",  403,  200, 200, 200,   200),
    "api:schema":                    ("get",  403,  200, 200, 200,   200),
    "api:docs":                      ("get",  403,  200, 200, 200,   200),
}
# fmt: on

# Rows where the product does not yet do what the table says; each is reported as a bug.
KNOWN_BUGS: dict[tuple[str, str], str] = {}  # (url name, role): reason, marked xfail


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


class FinishedImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportJob

    kind = ImportJob.Kind.ROSTER
    status = ImportJob.Status.REJECTED
    stage = "Rejected: nothing was changed"
    progress_percent = 100
    source_name = "members.csv"
    problem_count = 1


class ImportProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportProblem

    job = factory.SubFactory(FinishedImportJobFactory)
    line = 2
    column = "cin"
    reason = "is required"


def test_every_url_name_has_a_row():
    urls = set(project_urls())
    missing = sorted(urls - set(URL_ROLES))
    stale = sorted(set(URL_ROLES) - urls)
    assert not missing, f"add a row to URL_ROLES for each new URL: {missing}"
    assert not stale, f"remove the rows of URLs that no longer exist: {stale}"


def test_every_row_names_a_method_and_a_status_for_each_role():
    for name, (method, *statuses) in URL_ROLES.items():
        assert method in {"get", "post", "delete"}, name
        assert len(statuses) == len(ROLES), name


@pytest.fixture
def users(care_manager, supervisor, plan_admin, cbo_user):
    return {
        "anonymous": None,
        "care_manager": care_manager,
        "supervisor": supervisor,
        "plan_admin": plan_admin,
        "cbo_staff": cbo_user,
    }


@pytest.fixture
def url_kwargs(users):
    """Ids for URLs that need them: a member every role may see, and a finished import job."""
    member = MemberFactory(
        care_manager=users["care_manager"],
        cbo=users["cbo_staff"].organization,
        cbo_consent_on=datetime.date(2026, 1, 5),
    )
    job = FinishedImportJobFactory(requested_by=users["plan_admin"])
    ImportProblemFactory(job=job)
    run = EvaluationRunFactory(requested_by=users["plan_admin"])
    plan_ids = care_plan_with_one_of_each(member, users["care_manager"])
    assessment_ids = assessment_url_ids(member, users["care_manager"])
    return {
        "member_id": member.pk,
        "token_key": AuthToken.objects.create(user=users["care_manager"])[0].token_key,
        "user_id": users["care_manager"].pk,
        "job_id": job.pk,
        "run_id": run.pk,
        "job_name": "sessions",
        "notification_id": Notification.objects.create(
            user=users["care_manager"],
            kind="clock",
            key=f"clock:{member.pk}:initial_hra",
            day=datetime.date(2026, 9, 30),
            member=member,
            title="Initial HRA due today",
            link=f"/members/{member.pk}/",
            created_at=timezone.now(),
        ).pk,
        "stratification_id": StratificationRun.objects.create(
            as_of=datetime.date(2026, 9, 30), rule_version="2026.1", status="succeeded"
        ).pk,
        **plan_ids,
        **assessment_ids,
    }


def _cases():
    for name, (method, *statuses) in URL_ROLES.items():
        for role, status in zip(ROLES, statuses, strict=True):
            marks = ()
            if (name, role) in KNOWN_BUGS:
                marks = pytest.mark.xfail(reason=KNOWN_BUGS[name, role], strict=True)
            yield pytest.param(name, method, role, status, id=f"{name}-{role}", marks=marks)


@pytest.mark.parametrize(("name", "method", "role", "expected"), _cases())
def test_role_gets_the_expected_status(client, users, url_kwargs, name, method, role, expected):
    needed = project_urls()[name]
    url = reverse(name, kwargs={key: url_kwargs[key] for key in needed})
    if users[role] is not None:
        client.force_login(users[role])

    response = getattr(client, method)(url)

    assert response.status_code == expected
    if role == "anonymous" and expected == 302:
        assert response["Location"].startswith(reverse("login"))
