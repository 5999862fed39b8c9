"""Where people see risk: the member page's Risk section (facts, LACE parts, history, access
log), the caseload and member list (tier column, filter, sort by tier then score), the rising
worklist, the runs page and the API."""

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AccessLog
from members.models import Member
from risk.models import StratificationRun
from tests.factories import MemberFactory, share_with_cbo
from tests.risk.risk_helpers import D, admission, diagnose, ed_visit, stratify

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
HTMX = {"HTTP_HX_REQUEST": "true"}


def _high_with_a_stay(**fields):
    member = MemberFactory(**fields)
    diagnose(member, "I50.9")
    diagnose(member, "J44.9")
    for n in range(2):
        ed_visit(member, datetime.date(2026, 8, 20) + n * DAY)
    admission(member, datetime.date(2026, 9, 1), datetime.date(2026, 9, 8), unplanned=True)
    return member


def test_member_risk_section_shows_facts_lace_parts_and_history(client_for, care_manager):
    member = _high_with_a_stay(care_manager=care_manager)
    stratify(D - 40 * DAY)
    stratify(D)
    client = client_for(care_manager)

    response = client.get(reverse("risk:member_section", args=[member.pk]), **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-tier="high"' in html and "↑ Rising from medium" in html
    assert 'congestive heart failure (1): <span class="mono">I509</span> on 2026-09-30' in html
    for part, value in (("L", 5), ("A", 3), ("C", 2), ("E", 2)):
        assert f'data-lace="{part}">{value}<' in html
    assert "Tier history" in html and "2026-08-21" in html
    assert AccessLog.objects.filter(member=member, viewed=AccessLog.View.RISK).count() == 1


def test_member_page_loads_the_risk_section_for_plan_staff_not_cbo(
    client_for, care_manager, cbo_user
):
    member = share_with_cbo(MemberFactory(care_manager=care_manager), cbo_user.organization)
    url = reverse("risk:member_section", args=[member.pk])
    staff_page = client_for(care_manager).get(reverse("members:detail", args=[member.pk]))
    assert url in staff_page.content.decode()
    cbo = client_for(cbo_user)
    assert url not in cbo.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert cbo.get(url).status_code == 404


def test_member_not_on_my_caseload_is_404(client_for, care_manager, other_care_manager):
    member = MemberFactory(care_manager=other_care_manager)
    response = client_for(care_manager).get(reverse("risk:member_section", args=[member.pk]))
    assert response.status_code == 404
    assert not AccessLog.objects.filter(member=member).exists()


def test_caseload_shows_filters_and_sorts_by_tier_then_score(client_for, care_manager):
    low = MemberFactory(care_manager=care_manager, last_name="Aaron")
    medium = MemberFactory(care_manager=care_manager, last_name="Baker", housing_status="homeless")
    high_small = MemberFactory(care_manager=care_manager, last_name="Cole")
    high_big = MemberFactory(care_manager=care_manager, last_name="Diaz")
    never = MemberFactory(care_manager=care_manager, last_name="Early", enrollment_start=D + DAY)
    for n in range(4):
        ed_visit(high_small, D - n * DAY)
    for n in range(4):
        ed_visit(high_big, D - n * DAY)
    diagnose(high_big, "B20")
    stratify(D)
    client = client_for(care_manager)

    by_risk = client.post(reverse("members:caseload"), {"sort": "risk"}, **HTMX)
    reverse_risk = client.post(reverse("members:caseload"), {"sort": "-risk"}, **HTMX)
    only_high = client.post(reverse("members:caseload"), {"risk": "high"}, **HTMX)
    not_yet = client.post(reverse("members:caseload"), {"risk": "none"}, **HTMX)

    def names(response):
        return [m.last_name for m in response.context["page"].object_list]

    assert names(by_risk) == ["Diaz", "Cole", "Baker", "Aaron", "Early"]
    assert names(reverse_risk) == ["Early", "Aaron", "Baker", "Cole", "Diaz"]
    assert names(only_high) == ["Cole", "Diaz"]
    assert names(not_yet) == ["Early"]
    assert 'data-risk="high"><span class="chip risk-high">High</span>' in by_risk.content.decode()
    assert {low.pk, medium.pk, never.pk} <= {m.pk for m in Member.objects.all()}


def test_caseload_query_count_does_not_grow_with_the_caseload(client_for, care_manager):
    counts = []
    client = client_for(care_manager)
    client.post(reverse("members:caseload"), {"sort": "risk"}, **HTMX)  # session set up
    for size in (3, 30):
        Member.objects.bulk_create(
            MemberFactory.build_batch(size - Member.objects.count(), care_manager=care_manager)
        )
        stratify(D)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("members:caseload"), {"sort": "risk"}, **HTMX)
        assert response.context["page"].paginator.count == size
        counts.append(len(queries))
    # the caseload's page counts the caseload in the same statement (count(*) OVER ())
    assert counts[0] == counts[1], counts


def test_rising_worklist_lists_unassigned_first(client_for, supervisor, care_manager):
    assigned = MemberFactory(care_manager=care_manager, last_name="Assigned")
    unassigned = MemberFactory(last_name="Unassigned")
    steady = MemberFactory(last_name="Steady")
    stratify(D - DAY)
    for member in (assigned, unassigned):
        for n in range(4):
            ed_visit(member, D - n * DAY)
    stratify(D)
    response = client_for(supervisor).get(reverse("risk:rising"))
    names = [m.last_name for m in response.context["page"].object_list]
    assert names == ["Unassigned", "Assigned"]
    assert steady.pk not in [m.pk for m in response.context["page"].object_list]
    api = client_for(supervisor).get(reverse("api:risk-rising"))
    assert [m["last_name"] for m in api.json()["results"]] == ["Unassigned", "Assigned"]


def test_api_carries_the_tier_on_the_member_list_and_the_member(client_for, plan_admin):
    member = _high_with_a_stay()
    stratify(D)
    client = client_for(plan_admin)
    listed = client.get(reverse("api:member-list")).json()["results"]
    assert [(m["risk_tier"], m["risk_score"]) for m in listed if m["id"] == member.pk] == [
        ("high", 12 + 2 + 2 + 2)
    ]
    detail = client.get(reverse("api:member-risk", args=[member.pk])).json()
    assert detail["current"]["lace"] == 12
    assert detail["current"]["lace_l"] == 5
    assert detail["current"]["evidence"].startswith("high: LACE 12")
    assert detail["history"] == [
        {"as_of": "2026-09-30", "tier": "high", "score": 18, "rising": False}
    ]
    assert AccessLog.objects.filter(member=member, viewed="risk").count() == 1


def test_runs_page_refuses_a_far_future_day_with_a_field_message(client_for, plan_admin):
    response = client_for(plan_admin).post(reverse("risk:runs"), {"as_of": "2999-01-01"})
    assert response.status_code == 422
    assert "after today" in response.content.decode()
    assert not StratificationRun.objects.exists()


def test_api_start_queues_a_run_that_a_worker_runs(client_for, plan_admin, celery_worker):
    MemberFactory(housing_status="homeless")
    response = client_for(plan_admin).post(
        reverse("api:risk-runs"), {"as_of": D.isoformat()}, content_type="application/json"
    )
    assert response.status_code == 202
    run_id = response.json()["id"]
    run = StratificationRun.objects.get(pk=run_id)
    for _ in range(100):
        run.refresh_from_db()
        if run.is_finished:
            break

        time.sleep(0.1)
    assert (run.status, run.members_stratified, run.medium_members) == ("succeeded", 1, 1)


def test_the_run_poll_that_says_done_also_brings_the_runs_table_up_to_date(client_for, plan_admin):
    """Issue 13, bug 8's class on the risk runs page: card and table from the same read."""
    run = StratificationRun.objects.create(
        as_of=datetime.date(2026, 9, 30), rule_version="2026.1", status="running",
        stage="Gathering facts", progress_percent=5,
    )  # fmt: skip
    client = client_for(plan_admin)
    StratificationRun.objects.filter(pk=run.pk).update(status="succeeded", stage="Done")

    polled = client.get(reverse("risk:run", args=[run.pk]), **HTMX).content.decode()

    assert '<section id="run-table" class="card" hx-swap-oob="true"' in polled
    assert "Gathering facts (5%)" not in polled
