"""My tasks as a care manager reads it: an owner column, grouping by member, clocks with no
record before go-live kept apart (and out of the team's overdue counts), and supervisors' bulk
snooze with a reason, kept in history, at a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careplans.clocks.services import refresh_member_clocks
from careplans.models import MemberClock, TaskSnooze
from careplans.worklists.selectors import team_overdue
from tests.careplans.work_factories import PlanFactory, TaskFactory, cicm_member

URL = reverse("careplans:tasks")
SNOOZE = reverse("careplans:tasks_snooze")
pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def caseload(care_manager, today):
    """Alvarez: an overdue initial HRA (enrolled 100 days ago) and a care plan with two tasks;
    Baker: an initial HRA that fell due in 2018."""
    alvarez = cicm_member(
        care_manager=care_manager,
        last_name="Alvarez",
        enrollment_start=today - datetime.timedelta(days=100),
    )
    plan = PlanFactory(member=alvarez, created_on=today - datetime.timedelta(days=5))
    TaskFactory(
        plan=plan,
        description="Call PCP",
        owner="member",
        due_on=today - datetime.timedelta(days=1),
    )
    TaskFactory(
        plan=plan,
        description="Food bank",
        owner="cbo_cm",
        owner_name="Eastside Helpers",
        due_on=today + datetime.timedelta(days=3),
    )
    baker = cicm_member(
        care_manager=care_manager, last_name="Baker", enrollment_start=datetime.date(2018, 1, 2)
    )
    refresh_member_clocks(member_ids=None)
    return alvarez, baker


def rows(response) -> list[tuple]:
    return [(i.member_name.split(",")[0], i.kind, i.owner) for i in response.context["items"]]


def test_the_owner_column_names_who_does_each_item(client_for, care_manager, caseload):
    response = client_for(care_manager).get(URL, {"sort": "member", "state": "all"})

    found = set(rows(response))
    cm_name = care_manager.get_full_name()
    assert ("Alvarez", "task", "Member") in found
    assert ("Alvarez", "task", "Eastside Helpers") in found
    assert ("Alvarez", "initial_hra", cm_name) in found
    html = response.content.decode()
    assert '<th scope="col">Owner</th>' in html
    assert "Eastside Helpers" in html


def test_sorting_by_member_groups_the_items_under_each_member(client_for, care_manager, caseload):
    response = client_for(care_manager).get(URL, {"sort": "member", "state": "all"})

    groups = response.context["groups"]
    assert [(g.member_name.split(",")[0], len(g.items)) for g in groups] == [
        ("Alvarez", 4),
        ("Baker", 1),
    ]
    assert response.content.decode().count('class="member-group"') == 2


def test_before_go_live_items_are_apart_collapsed_and_not_overdue(
    client_for, care_manager, supervisor, caseload, settings, today
):
    settings.PORTAL_GO_LIVE = today - datetime.timedelta(days=30)
    refresh_member_clocks(member_ids=None)

    response = client_for(care_manager).get(URL)

    assert [r[0] for r in rows(response)] == [
        "Alvarez"
    ] * 3  # needing action; Baker's 2018 clock is apart
    assert response.context["pre_go_live_count"] == 1
    html = response.content.decode()
    assert '<details class="card pre-go-live">' in html
    assert "1 due date with no record before go-live (not counted as overdue)" in html
    row = next(r for r in team_overdue(supervisor) if r.pk == care_manager.pk)
    assert row.overdue_assessments == 1  # Alvarez only

    only_those = client_for(care_manager).get(URL, {"state": "no_record"})
    assert [r[0] for r in rows(only_those)] == ["Baker"]


def test_supervisor_snoozes_items_with_a_reason_and_they_come_back_on_the_day(
    client_for, care_manager, supervisor, caseload, today
):
    client = client_for(supervisor)
    listed = client.get(URL, {"care_manager": care_manager.pk, "state": "all"})
    baker_hra = next(i for i in listed.context["items"] if i.member_name.startswith("Baker"))
    call_pcp = next(i for i in listed.context["items"] if i.what == "Call PCP")
    until = today + datetime.timedelta(days=14)

    response = client.post(
        SNOOZE,
        {
            "care_manager": care_manager.pk,
            "item": [baker_hra.key, call_pcp.key],
            "until": until.isoformat(),
            "reason": "Paper HRA on file; history import next week",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?care_manager={care_manager.pk}"
    snoozes = TaskSnooze.objects.order_by("item_kind")
    assert [(s.item_kind, s.until, s.snoozed_by) for s in snoozes] == [
        ("initial_hra", until, supervisor),
        ("task", until, supervisor),
    ]
    assert snoozes[0].reason == "Paper HRA on file; history import next week"
    after = client_for(care_manager).get(URL)
    assert {r[0] for r in rows(after)} == {"Alvarez"}
    assert [r for r in rows(after) if r[1] == "task"] == [("Alvarez", "task", "Eastside Helpers")]
    row = next(r for r in team_overdue(supervisor) if r.pk == care_manager.pk)
    assert (row.overdue_assessments, row.overdue_tasks) == (1, 0)  # Baker's and the task hidden
    # On the day they come back, and the snoozes stay as history.
    back = team_overdue(supervisor, today=until)
    assert next(r for r in back if r.pk == care_manager.pk).overdue_tasks == 2  # and Food bank
    assert TaskSnooze.objects.count() == 2


def test_snooze_needs_items_a_future_day_and_a_reason(
    client_for, care_manager, supervisor, caseload
):
    response = client_for(supervisor).post(
        SNOOZE, {"care_manager": care_manager.pk, "until": "2001-01-01", "reason": " "}
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "Select at least one item to snooze." in html
    assert "This field is required." in html  # the reason
    assert not TaskSnooze.objects.exists()

    clock = MemberClock.objects.filter(member=caseload[1]).first()
    past = client_for(supervisor).post(
        SNOOZE,
        {
            "care_manager": care_manager.pk,
            "item": f"{clock.clock}:{clock.pk}",
            "until": "2001-01-01",
            "reason": "x",
        },
    )
    assert past.status_code == 422
    assert "until" in past.context["snooze_form"].errors
    assert "Choose a day after today." in past.content.decode()


def test_care_managers_cannot_snooze_and_supervisors_only_their_team(
    client_for, care_manager, other_care_manager, supervisor, caseload, today
):
    clock = MemberClock.objects.filter(member=caseload[1]).first()
    data = {
        "item": f"{clock.clock}:{clock.pk}",
        "until": (today + datetime.timedelta(days=3)).isoformat(),
        "reason": "waiting",
    }
    assert client_for(care_manager).post(SNOOZE, data).status_code == 404
    stranger = client_for(supervisor).post(SNOOZE, {**data, "care_manager": other_care_manager.pk})
    assert stranger.status_code == 404
    assert not TaskSnooze.objects.exists()
    assert b'name="item"' not in client_for(care_manager).get(URL).content


def test_query_count_is_fixed_with_snoozes_and_pre_go_live_items(
    client_for, care_manager, supervisor, settings, today
):
    settings.PORTAL_GO_LIVE = today - datetime.timedelta(days=30)
    client = client_for(supervisor)
    client.get(URL, {"care_manager": care_manager.pk})
    counts, made = [], 0
    for total in (3, 30, 90):
        for n in range(made, total // 3):
            recent = today - datetime.timedelta(days=10)
            plan = PlanFactory(
                member=cicm_member(care_manager=care_manager, enrollment_start=recent)
            )
            TaskFactory(plan=plan, due_on=today - datetime.timedelta(days=1))
            old = cicm_member(care_manager=care_manager, enrollment_start=datetime.date(2018, 1, 2))
            if n % 2:
                TaskSnooze.objects.create(
                    member=plan.member,
                    item_kind="task",
                    item_id=plan.tasks.get().pk,
                    until=today + datetime.timedelta(days=3),
                    reason="r",
                    snoozed_by=supervisor,
                    snoozed_at=timezone.now(),
                )
            assert old
        made = total // 3
        refresh_member_clocks(member_ids=None)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                URL, {"care_manager": care_manager.pk, "sort": "member", "state": "all"}
            )
        assert response.context["pre_go_live_count"] == total // 3
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]


def test_by_default_the_list_shows_what_needs_action(client_for, care_manager, caseload):
    client = client_for(care_manager)
    default = client.get(URL)
    everything = client.get(URL, {"state": "all"})

    assert {i.state for i in default.context["items"]} == {"overdue", "due_soon"}
    assert "care_plan_review" in {i.kind for i in everything.context["items"]}  # a year away
    assert "need action (overdue or due soon)" in default.content.decode()
    assert "Show everything due later too" in default.content.decode()


def test_the_owner_heading_is_in_the_heading_row(client_for, care_manager, caseload):
    html = client_for(care_manager).get(URL).content.decode()
    heading = html[html.index("<thead>") : html.index("</thead>")]
    assert heading.count("<tr>") == 1 and heading.index("Owner") < heading.index("</tr>")


UNSNOOZE = reverse("careplans:tasks_unsnooze")


def test_a_supervisor_sees_what_is_snoozed_and_shows_it_again(
    client_for, care_manager, supervisor, caseload, today
):
    client = client_for(supervisor)
    listed = client.get(URL, {"care_manager": care_manager.pk, "state": "all"})
    call_pcp = next(i for i in listed.context["items"] if i.what == "Call PCP")
    until = today + datetime.timedelta(days=14)
    client.post(
        SNOOZE,
        {"care_manager": care_manager.pk, "item": [call_pcp.key],
         "until": until.isoformat(), "reason": "Member travelling"},
    )  # fmt: skip

    page = client.get(URL, {"care_manager": care_manager.pk, "state": "all"})
    assert [s.item.what for s in page.context["snoozed"]] == ["Call PCP"]
    html = page.content.decode()
    assert "1 snoozed item" in html and "Member travelling" in html and until.isoformat() in html
    assert call_pcp.key not in {i.key for i in page.context["items"]}

    response = client.post(UNSNOOZE, {"care_manager": care_manager.pk, "item": [call_pcp.key]})

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?care_manager={care_manager.pk}"
    back = client.get(response["Location"] + "&state=all")
    assert call_pcp.key in {i.key for i in back.context["items"]}
    assert back.context["snoozed"] == []
    assert "1 item back on the list." in back.content.decode()
    snooze = TaskSnooze.objects.get()  # kept as history, marked lifted
    assert (snooze.lifted_by, snooze.reason) == (supervisor, "Member travelling")
    assert snooze.lifted_at is not None
    row = next(r for r in team_overdue(supervisor) if r.pk == care_manager.pk)
    assert row.overdue_tasks == 1  # Call PCP counts again


def test_care_managers_cannot_lift_a_snooze_nor_supervisors_outside_their_team(
    client_for, care_manager, other_care_manager, supervisor, caseload, today
):
    clock = MemberClock.objects.filter(member=caseload[1]).first()
    key = f"{clock.clock}:{clock.pk}"
    client_for(supervisor).post(
        SNOOZE,
        {"care_manager": care_manager.pk, "item": key,
         "until": (today + datetime.timedelta(days=3)).isoformat(), "reason": "waiting"},
    )  # fmt: skip

    assert client_for(care_manager).post(UNSNOOZE, {"item": key}).status_code == 404
    stranger = client_for(supervisor).post(
        UNSNOOZE, {"care_manager": other_care_manager.pk, "item": key}
    )
    assert stranger.status_code == 404
    nothing = client_for(supervisor).post(UNSNOOZE, {"care_manager": care_manager.pk})
    assert nothing.status_code == 302
    assert TaskSnooze.objects.get().lifted_at is None
    page = client_for(care_manager).get(URL)
    assert page.context["snoozed"] == [] and "snoozed-items" not in page.content.decode()
