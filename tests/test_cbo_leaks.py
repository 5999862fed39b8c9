# ruff: noqa: F811 (the fixtures `users` and `url_kwargs` come from tests.url_roles.fixtures)
"""The leak matrix (issue 10): every URL pattern and API endpoint, for two CBOs' users and the
plan roles, over members shared with CBO A (with and without a 42 CFR Part 2 consent), shared
with CBO B only, not shared, and shared then revoked.

It is data-driven: the URLs come from the project's resolver (tests.url_roles.routes.project_urls)
and their methods from its ROUTES table, and every path argument is filled from the objects of
the member under test (each of their goals, tasks, assessments...), so a new page or endpoint is
covered the day it is added; a path argument nobody knows fails `test_every_member_url_is_covered`.

What counts as a leak, for a CBO user:
- any answer other than 404 for a member not shared with their organisation;
- a substance-use string (an SUD-tagged problem, goal, task or note, the substance-use need, an
  SUD diagnosis code) in any body without a Part 2 consent naming their organisation;
- a substance-use string without the 42 CFR 2.32 notice beside it;
- a plan-internal note, eligibility evidence, risk, assignment history or an HRA answer in any
  body (least necessary).
The plan roles are the positive control: the same strings reach them.
"""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role, role_group
from careplans.assessments import selectors as assessment_selectors
from careplans.assessments import services as assessments
from careplans.assessments.sud import REDISCLOSURE_NOTICE
from careplans.models import AssessmentNeed, Contact, QuestionSet
from careplans.outreach import services as contact_services
from careplans.plans import selectors as plan_selectors
from careplans.plans import services as care_plans
from cbo_partners.consent import services as consents
from cbo_partners.models import Consent, ConsentMethod, ConsentScope, Partner
from eligibility.models import Diagnosis
from tests import factories
from tests.careplans.assessment_factories import seeded_question_sets
from tests.factories import (
    DeterminationFactory,
    EvaluationRunFactory,
    MemberFactory,
    ProgramEnrollmentFactory,
    share_with_cbo,
)
from tests.url_roles.fixtures import url_kwargs, users  # noqa: F401 (fixtures)
from tests.url_roles.routes import ROUTES, project_urls

SUD_STRINGS = (
    "SUD-PROBLEM-7731",
    "SUD-GOAL-7731",
    "SUD-TASK-7731",
    "SUD-NOTE-7731",
    "Possible substance use disorder",  # the HRA's substance-use need
    "F10.20",
    "F1020",
)
# Never for a CBO, Part 2 or not (least necessary).
PLAN_ONLY_STRINGS = (
    "INTERNAL-NOTE-7731",  # a plan-internal contact note
    "EVIDENCE-7731",  # eligibility evidence
    "illegal drug",  # an HRA answer's question
    "Assignment history",
    "data-risk",  # the risk column
    '"risk_tier"',
    "Risk tier",
)
NOTICE = "These rules prohibit you from using or disclosing this record"
PAGE_NOTICE = "protected by Federal confidentiality rules (42 CFR part 2)"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _sud_record(member, care_manager, run, *, tag: str = "7731") -> dict[str, list]:
    """Give `member` substance-use data everywhere it can be, and plan-internal data, through
    the services; answer the ids of everything a URL can name."""
    versions = {qs.kind: qs for qs in QuestionSet.objects.filter(status="published")}
    ProgramEnrollmentFactory(
        member=member,
        program=member.program,
        status="enrolled",
        outreach_started_on=datetime.date(2026, 9, 30),
        enrolled_on=datetime.date(2026, 10, 1),
    )
    Diagnosis.objects.create(
        member=member, icd10_code="F1020", diagnosis_date=datetime.date(2026, 6, 1), source_id="d1"
    )
    DeterminationFactory(
        run=run, member=member, population="homeless", evidence="homeless EVIDENCE-7731"
    )
    DeterminationFactory(
        run=run,
        member=member,
        population="smi_sud",
        evidence="SMI/SUD code F10.20 on 2026-06-01; 2 ED visits",
    )
    hra = assessments.start_assessment(member=member, kind="hra", language="en", by=care_manager)
    answers = assessment_selectors.least_risk_answers(versions["hra"])
    answers["drug_use"] = "once_or_more"
    hra = assessments.save_answers(
        assessment=hra, answers=answers, revision=hra.revision, by=care_manager
    )
    hra = assessments.complete_assessment(assessment=hra, revision=hra.revision, by=care_manager)
    flag = AssessmentNeed.objects.get(assessment=hra, need__code="substance_use")
    plan = care_plans.create_care_plan(
        member=member,
        problems=[
            {"source": flag, "description": f"SUD-PROBLEM-{tag} opioid use"},
            {"description": "Food insecurity"},
        ],
        by=care_manager,
    )
    sud_problem = plan.problems.get(sud=True)
    food = plan.problems.get(sud=False)
    soon = timezone.localdate() + datetime.timedelta(days=30)

    def goal(problem, words):
        plan.refresh_from_db()
        return care_plans.add_goal(
            plan=plan, revision=plan.revision, problem=problem, member_words=words,
            measurable_goal=words, target_date=soon, status="not_started", by=care_manager,
        )  # fmt: skip

    def task(goal, words, **owner):
        plan.refresh_from_db()
        owner = owner or {"owner": "plan_cm", "owner_user": care_manager, "owner_name": ""}
        return care_plans.add_task(
            plan=plan, revision=plan.revision, goal=goal, description=words, due_on=soon,
            by=care_manager, **owner,
        )  # fmt: skip

    sud_goal = goal(sud_problem, f"SUD-GOAL-{tag}")
    food_goal = goal(food, "Food every day")
    sud_task = task(sud_goal, f"SUD-TASK-{tag}")
    food_task = task(food_goal, "Refer to the meals provider")
    cbo_task = task(food_goal, "Bring groceries", owner="cbo_cm", owner_user=None, owner_name="CBO")
    plan.refresh_from_db()
    person = care_plans.add_team_member(
        plan=plan, revision=plan.revision, name="Dr. Rivera", role="PCP", by=care_manager
    )
    contact = {
        "member": member, "kind": "contact", "occurred_at": timezone.now(), "mode": "phone",
        "reached": "member", "outcome": "reached", "by": care_manager,
    }  # fmt: skip
    contact_services.record_contact(
        **contact, note=f"SUD-NOTE-{tag}", shared_with_cbo=True, sud=True
    )
    contact_services.record_contact(**contact, note=f"INTERNAL-NOTE-{tag}")
    contact_services.record_contact(**contact, note=f"SHARED-NOTE-{tag}", shared_with_cbo=True)
    member.risk_tier, member.risk_score = "high", 97
    member.save(update_fields=["risk_tier", "risk_score"])
    return {
        "member_id": [member.pk],
        "problem_id": [sud_problem.pk, food.pk],
        "goal_id": [sud_goal.pk, food_goal.pk],
        "task_id": [sud_task.pk, food_task.pk, cbo_task.pk],
        "team_member_id": [person.pk],
        "assessment_id": [hra.pk],
        "version_number": [1, 4],
    }


def _member_urls():
    """(name, method, path-argument names) of every URL that names a member."""
    urls = project_urls()
    return [(n, ROUTES[n][0], urls[n]) for n in sorted(urls) if "member_id" in urls[n]]


def _urls_of(name, arguments, ids, others):
    """Every URL of `name` over every combination of the member's objects."""
    names = sorted(arguments)
    pools = [ids.get(a) or [others[a]] for a in names]
    for values in itertools.product(*pools):
        yield reverse(name, kwargs=dict(zip(names, values, strict=True)))


def _ask(client, method, url, *, htmx=False):
    return getattr(client, method)(url, **(HTMX if htmx else {}))


def _body(response) -> str:
    return response.content.decode(errors="replace") if response.status_code < 300 else ""


@pytest.fixture
def cbo_b(db):
    return factories.cbo_staff(username="cbo.b")


@pytest.fixture
def cbo_lead(users):
    """A CBO lead of CBO A (the users' cbo_staff's organisation)."""
    lead = factories.UserFactory(
        username="cbo.lead.a", organization=users["cbo_staff"].organization, role=Role.CBO_LEAD
    )
    lead.groups.add(role_group(Role.CBO_STAFF))
    return lead


@pytest.fixture
def world(users, cbo_b, url_kwargs):
    """Members in every situation, each with substance-use and plan-internal data."""
    seeded_question_sets()
    cm = users["care_manager"]
    org_a, org_b = users["cbo_staff"].organization, cbo_b.organization
    members = {}
    for key in ("no_part2", "part2", "part2_revoked", "unshared", "only_b", "revoked"):
        members[key] = MemberFactory(care_manager=cm)
    share_with_cbo(members["no_part2"], org_a)
    share_with_cbo(members["part2"], org_a, part2=True)
    share_with_cbo(members["part2_revoked"], org_a)
    share_with_cbo(members["only_b"], org_b, part2=True)
    share_with_cbo(members["revoked"], org_a, part2=True)
    for consent in Consent.objects.filter(member=members["revoked"]):  # through the service
        consents.revoke(consent=consent, by=cm, revoked_on=timezone.localdate())
    part2 = Consent.objects.create(
        member=members["part2_revoked"], scopes=[ConsentScope.SUD_PART2],
        method=ConsentMethod.WRITTEN, effective_on=datetime.date(2026, 1, 5),
        recorded_by=cm, recorded_at=timezone.now(), revoked_on=timezone.localdate(),
    )  # fmt: skip
    part2.recipients.add(Partner.objects.get(organization=org_a))
    run = EvaluationRunFactory(as_of=timezone.localdate())  # the current run
    ids = {key: _sud_record(member, cm, run) for key, member in members.items()}
    return {"members": members, "ids": ids, "others": url_kwargs}


def _leaks_for_hidden(client, user, world, keys) -> list[str]:
    """Every URL of these members must answer 404 to `user`, page and htmx alike."""
    client.force_login(user)
    leaks = []
    for key in keys:
        for name, method, arguments in _member_urls():
            for url in _urls_of(name, arguments, world["ids"][key], world["others"]):
                for htmx in (False, True):
                    status = _ask(client, method, url, htmx=htmx).status_code
                    if status != 404:
                        leaks.append(f"{user.username} {method.upper()} {name} [{key}]: {status}")
    return leaks


def _leaks_in_bodies(client, user, world, key, *, part2: bool) -> list[str]:
    """Every URL of a visible member: no plan-only string; SUD strings only with Part 2, and
    then with the redisclosure notice."""
    client.force_login(user)
    leaks = []
    for name, method, arguments in _member_urls():
        for url in _urls_of(name, arguments, world["ids"][key], world["others"]):
            for htmx in (False, True):
                response = _ask(client, method, url, htmx=htmx)
                body = _body(response)
                where = f"{user.username} {method.upper()} {url} ({name}, htmx={htmx}) [{key}]"
                if response.status_code >= 500:
                    leaks.append(f"{where}: server error {response.status_code}")
                leaks += [f"{where}: {s!r}" for s in PLAN_ONLY_STRINGS if s in body]
                sud = [s for s in SUD_STRINGS if s in body]
                if sud and not part2:
                    leaks.append(f"{where}: SUD without Part 2 consent {sud}")
                if sud and part2 and NOTICE not in body:
                    leaks.append(f"{where}: SUD {sud} without the 42 CFR 2.32 notice")
    return leaks


def test_every_member_url_is_covered(world):
    """A URL naming an object the matrix cannot fill must be added to `_sud_record`."""
    known = set(world["ids"]["part2"]) | set(world["others"])
    unknown = {
        (name, argument)
        for name, _method, arguments in _member_urls()
        for argument in arguments
        if argument not in known
    }
    assert not unknown, f"give the leak matrix an id for {sorted(unknown)}"


def test_a_cbo_gets_404_for_members_not_shared_with_it(client, users, cbo_b, cbo_lead, world):
    leaks = _leaks_for_hidden(client, users["cbo_staff"], world, ["unshared", "only_b"])
    leaks += _leaks_for_hidden(client, cbo_lead, world, ["unshared", "only_b"])
    leaks += _leaks_for_hidden(
        client, cbo_b, world, ["unshared", "no_part2", "part2", "part2_revoked", "revoked"]
    )
    assert leaks == []


def test_a_cbo_gets_404_once_the_consent_is_revoked(client, users, world):
    assert _leaks_for_hidden(client, users["cbo_staff"], world, ["revoked"]) == []


def test_without_part2_a_cbo_sees_no_substance_use_data_anywhere(client, users, cbo_lead, world):
    leaks = []
    for user in (users["cbo_staff"], cbo_lead):
        for key in ("no_part2", "part2_revoked"):
            leaks += _leaks_in_bodies(client, user, world, key, part2=False)
    assert leaks == []


def test_with_part2_a_cbo_sees_substance_use_data_with_the_notice(client, users, world):
    leaks = _leaks_in_bodies(client, users["cbo_staff"], world, "part2", part2=True)
    assert leaks == []
    # and it does see it, with the notice (a matrix that hid everything would pass above)
    member = world["members"]["part2"].pk
    plan = _body(client.get(reverse("careplans:care_plan", args=[member]), **HTMX))
    assert "SUD-PROBLEM-7731" in plan and "SUD-TASK-7731" in plan and PAGE_NOTICE in plan
    api = client.get(reverse("api:member-care-plan", args=[member])).json()
    assert api["part2_notice"] == REDISCLOSURE_NOTICE
    contacts = _body(client.get(reverse("careplans:member_contacts", args=[member]), **HTMX))
    assert "SUD-NOTE-7731" in contacts and PAGE_NOTICE in contacts


def test_what_a_cbo_sees_of_a_shared_member_without_part2(client, users, world):
    """Least necessary, positively: the populations by name, the non-SUD flagged needs, the
    shared plan, the shared notes."""
    client.force_login(users["cbo_staff"])
    member = world["members"]["no_part2"].pk
    populations = _body(client.get(reverse("eligibility:member_section", args=[member]), **HTMX))
    assert "Experiencing homelessness" in populations or "homeless" in populations
    assert "smi_sud" not in populations  # its evidence cites an SUD code
    plan = _body(client.get(reverse("careplans:care_plan", args=[member]), **HTMX))
    assert "Food insecurity" in plan and "Bring groceries" in plan and "Dr. Rivera" in plan
    assert "Versions" not in plan
    contacts = _body(client.get(reverse("careplans:member_contacts", args=[member]), **HTMX))
    assert "SHARED-NOTE-7731" in contacts
    assert "INTERNAL-NOTE-7731" not in contacts


def test_the_plan_sees_everything(client, users, world):
    """The positive control: the strings the matrix looks for do reach plan staff."""
    client.force_login(users["care_manager"])
    member = world["members"]["no_part2"].pk
    plan = _body(client.get(reverse("careplans:care_plan", args=[member]), **HTMX))
    assert all(s in plan for s in ("SUD-PROBLEM-7731", "SUD-GOAL-7731", "SUD-TASK-7731"))
    assert PAGE_NOTICE not in plan  # the plan holds the records; nothing is disclosed
    contacts = _body(client.get(reverse("careplans:member_contacts", args=[member]), **HTMX))
    assert "SUD-NOTE-7731" in contacts and "INTERNAL-NOTE-7731" in contacts
    needs = _body(client.get(reverse("careplans:member_assessments", args=[member]), **HTMX))
    assert "Possible substance use disorder" in needs
    evidence = _body(client.get(reverse("eligibility:member_section", args=[member]), **HTMX))
    assert "EVIDENCE-7731" in evidence and "F10.20" in evidence


def test_no_other_page_shows_a_cbo_anything_of_a_member_not_shared_or_not_least_necessary(
    client, users, cbo_lead, world
):
    """Every URL that names no member (lists, searches, task lists, exports, the API's lists),
    page and htmx: no member outside the CBO's shares, no SUD or plan-only string."""
    hidden = [world["members"][k] for k in ("unshared", "only_b", "revoked")]
    urls = project_urls()
    leaks = []
    for user in (users["cbo_staff"], cbo_lead):
        client.force_login(user)
        for name in sorted(n for n, arguments in urls.items() if "member_id" not in arguments):
            method = ROUTES[name][0]
            if method != "get" and name not in ("members:list", "api:member-search"):
                continue  # the POSTs that only act (logout, imports...) show no record
            url = reverse(name, kwargs={a: world["others"][a] for a in urls[name]})
            for htmx in (False, True):
                body = _body(_ask(client, method, url, htmx=htmx))
                where = f"{user.username} {method.upper()} {url} ({name}, htmx={htmx})"
                leaks += [f"{where}: member {m.pk}" for m in hidden if m.cin in body]
                leaks += [
                    f"{where}: {s!r}" for s in (*SUD_STRINGS, *PLAN_ONLY_STRINGS) if s in body
                ]
    assert leaks == []


def test_lists_and_searches_show_a_cbo_only_its_members_and_no_risk(client, users, world):
    client.force_login(users["cbo_staff"])
    shared = {world["members"][k] for k in ("no_part2", "part2", "part2_revoked")}
    hidden = {world["members"][k] for k in ("unshared", "only_b")}
    pages = [
        client.get(reverse("members:list")),
        client.post(reverse("members:list"), {"q": next(iter(hidden)).last_name}, **HTMX),
        client.get(reverse("api:member-list")),
        client.post(
            reverse("api:member-search"),
            {"q": next(iter(hidden)).cin},
            content_type="application/json",
        ),
        client.post(reverse("members:list"), {"risk": "high"}, **HTMX),
        client.post(reverse("members:list"), {"sort": "risk"}, **HTMX),
    ]
    bodies = [_body(page) for page in pages]
    for body in bodies:
        assert not [m.cin for m in hidden if m.cin in body]
        assert not [s for s in PLAN_ONLY_STRINGS if s in body]
    assert all(m.cin in bodies[0] and m.cin in bodies[2] for m in shared)


def test_contacts_added_through_the_services_are_plan_internal_by_default(users, world):
    member = world["members"]["no_part2"]
    assert Contact.objects.filter(member=member, note="INTERNAL-NOTE-7731", shared_with_cbo=False)
    visible = plan_selectors.active_plan(member, reader=users["cbo_staff"])
    assert {p.description for p in visible.problems.all()} == {"Food insecurity"}
