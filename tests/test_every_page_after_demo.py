"""Every page, for every demo role, on the data the demo set-up and the commands make.

Issue 13, bug 1: both import pages answered 500 once an import had run from the command line
(an import job with nobody as `requested_by`), and no test rendered a page on data made by the
commands. This test runs the commands of `make demo` (read from the Makefile, so a new step is
picked up; a smaller roster), then imports from the command line as an operator would, then
evaluates the same day a second time, and requests EVERY URL pattern of the resolver (the admin
too), with path arguments filled from the demo's own rows, as each demo role, with DEBUG off:
plain and as htmx. No answer may be a server error. 403, 404 and 405 are fine where the role may
not (tests/url_roles/ pins who gets what); a URL that answers 405 to GET is sent an empty
POST instead, which must fail validation, not the server.

Data-driven: a new URL pattern is requested without editing this file; a new path argument the
test cannot fill fails the test, naming it.
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import User
from careplans.models import (
    Assessment,
    CarePlan,
    CarePlanGoal,
    CarePlanProblem,
    CarePlanTask,
    CareTeamMember,
    QuestionSet,
)
from core.models import ImportJob
from eligibility.models import EvaluationRun
from members.models import Member
from notifications.models import Notification
from risk.models import StratificationRun

PROJECT_ROOT = Path(settings.BASE_DIR)
DEMO_MEMBERS = "60"
DEMO_ROLES = {
    "anonymous": None,
    "care_manager": "cm.garcia",
    "supervisor": "sup.johnson",
    "plan_admin": "admin.patel",
    "cbo_staff": "cbo.eastside",
}
# Path arguments whose value does not come from a row.
FIXED_ARGUMENTS = {"job_name": "sessions", "version_number": 1, "app_label": "accounts", "url": ""}


def demo_commands() -> list[list[str]]:
    """The `manage.py` commands of the Makefile's `demo` target, in order, with a small roster."""
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    recipe = re.search(r"^demo:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    commands = []
    for line in recipe.splitlines():
        match = re.search(r"manage\.py\s+(.+)$", line)
        if match:
            args = match.group(1).split()
            if args[0] == "seed_demo":
                args += ["--members", DEMO_MEMBERS]
            commands.append(args)
    return commands


def run_the_demo_set_up() -> None:
    commands = demo_commands()
    assert commands and commands[0][0] == "seed_demo", commands
    for args in commands:
        call_command(*args)
    demo = PROJECT_ROOT / "var" / "demo"
    # An operator's imports from the command line: jobs with nobody as requested_by (bug 1).
    call_command("import_members", str(demo / "members.csv"))
    call_command("import_diagnoses", str(demo / "diagnoses.csv"))
    # A second evaluation of the same day (bug 2's scenario).
    call_command("evaluate_eligibility", "--as-of", timezone.localdate().isoformat())


def _walk(resolver, namespaces=(), arguments=()):
    for entry in resolver.url_patterns:
        here = (*arguments, *_pattern_arguments(entry.pattern))
        if isinstance(entry, URLResolver):
            spaces = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry, spaces, here)
        elif isinstance(entry, URLPattern) and entry.name:
            yield ":".join((*namespaces, entry.name)), tuple(dict.fromkeys(here))


def _pattern_arguments(pattern) -> list[str]:
    converters = getattr(pattern, "converters", {})
    if converters:
        return list(converters)
    return list(pattern.regex.groupindex)  # re_path patterns (the admin's app index)


def every_named_url() -> dict[str, tuple[str, ...]]:
    """Every named URL pattern of the project (the admin's too) and its path arguments."""
    return dict(_walk(get_resolver()))


def _admin_object_id(name: str) -> str | None:
    """`admin:<app>_<model>_<action>` -> the pk of one row of that model, as the admin takes it."""
    for model in apps.get_models():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            row = model._default_manager.order_by("pk").first()
            return str(row.pk) if row is not None else "0"
    return None


def _plan_member() -> Member:
    """A member of cm.garcia's with a care plan, an assessment and contacts: the richest record."""
    plan = CarePlan.objects.filter(member__care_manager__username="cm.garcia").order_by("pk")
    return plan.first().member


def _first_pk(queryset) -> int:
    row = queryset.order_by("pk").first()
    return row.pk if row is not None else 0


def member_arguments(member: Member) -> dict:
    return {
        "member_id": member.pk,
        "problem_id": _first_pk(CarePlanProblem.objects.filter(plan__member=member)),
        "goal_id": _first_pk(CarePlanGoal.objects.filter(plan__member=member)),
        "task_id": _first_pk(CarePlanTask.objects.filter(plan__member=member)),
        "team_member_id": _first_pk(CareTeamMember.objects.filter(plan__member=member)),
        "assessment_id": _first_pk(Assessment.objects.filter(member=member)),
    }


def arguments_for(user: User | None) -> dict:
    """Real ids from the demo data for `user`: a member they may see, their own objects."""
    owner = user or User.objects.get(username="cm.garcia")
    member = _plan_member()
    if user is not None and user.username.startswith("cbo."):
        member = Member.objects.filter(cbo=user.organization).order_by("pk").first()
    question_set = QuestionSet.objects.order_by("pk").first()
    cli_job = ImportJob.objects.filter(requested_by__isnull=True).order_by("-pk").first()
    return {
        **FIXED_ARGUMENTS,
        **member_arguments(member),
        "job_id": cli_job.pk,
        "run_id": _first_pk(EvaluationRun.objects.all()),
        "stratification_id": _first_pk(StratificationRun.objects.all()),
        "question_set_id": question_set.pk,
        "question_id": _first_pk(question_set.questions.all()),
        "notification_id": _first_pk(Notification.objects.filter(user=owner))
        or _first_pk(Notification.objects.all()),
        "token_key": AuthToken.objects.create(user=owner)[0].token_key,
        "user_id": User.objects.get(username="cm.garcia").pk,
        "pk": _first_pk(apps.get_model("otp_totp", "TOTPDevice").objects.all()),
        "content_type_id": ContentType.objects.get_for_model(User).pk,
        "object_id": str(owner.pk),
        "id": owner.pk,  # the admin's password change
        **_partnership_arguments(member),
    }


def _partnership_arguments(member) -> dict:
    """The CBO partnership's and Community Supports' ids: the member's own where they have one."""
    from cbo_partners.models import (
        CboAssignment,
        Consent,
        MessageAttachment,
        Partner,
        PartnerContact,
    )
    from referrals.models import Referral

    def mine_or_any(model):
        return _first_pk(model.objects.filter(member=member)) or _first_pk(model.objects.all())

    return {
        "partner_id": _first_pk(Partner.objects.all()),
        "contact_id": _first_pk(PartnerContact.objects.all()),
        "assignment_id": mine_or_any(CboAssignment),
        "consent_id": mine_or_any(Consent),
        "attachment_id": _first_pk(MessageAttachment.objects.all()),
        "referral_id": mine_or_any(Referral),
    }


def url_for(name: str, arguments: tuple[str, ...], values: dict) -> str:
    unknown = set(arguments) - set(values)
    assert not unknown, f"{name}: teach arguments_for() to fill {sorted(unknown)}"
    kwargs = {key: values[key] for key in arguments}
    if "object_id" in arguments and name != "admin:view_on_site":
        kwargs["object_id"] = _admin_object_id(name) or values["object_id"]
    return reverse(name, kwargs=kwargs)


def server_errors(client, user, url: str) -> list[str]:
    """Request `url` as `user`, plain and as htmx (an empty POST where GET is not allowed)."""
    found = []
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        if user is not None:
            client.force_login(user)  # every time: one of the URLs is the logout
        try:
            response = client.get(url, **headers)
            if response.status_code == 405:
                response = client.post(url, **headers)
        except Exception as error:  # noqa: BLE001 - every failure is collected and reported
            found.append(f"{url} {'htmx ' if headers else ''}raised {error!r}")
            continue
        if response.status_code >= 500:
            found.append(f"{url} {'htmx ' if headers else ''}answered {response.status_code}")
    return found


@pytest.mark.django_db
def test_no_page_answers_a_server_error_to_any_demo_role_after_the_demo_set_up(client):
    assert settings.DEBUG is False
    run_the_demo_set_up()
    assert ImportJob.objects.filter(requested_by__isnull=True).exists()
    urls = every_named_url()

    failures = []
    for role, username in DEMO_ROLES.items():
        user = User.objects.get(username=username) if username else None
        values = arguments_for(user)
        for name, arguments in urls.items():
            url = url_for(name, arguments, values)
            failures += [
                f"{role}: {name} {problem}" for problem in server_errors(client, user, url)
            ]
        client.logout()

    assert failures == [], "\n".join(failures)
