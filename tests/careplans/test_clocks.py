"""Due-date clocks (shared/domain/timelines.md): each rule, settings, states, the member summary,
set-based refresh for one member or everyone, and the nightly schedule."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calaim.celery import app
from careplans.clocks.selectors import current_settings
from careplans.clocks.services import refresh_member_clocks
from careplans.models import MemberClock
from tests.careplans.work_factories import (
    AssignmentFactory,
    ClockSettingFactory,
    ContactFactory,
    DischargeFactory,
    HraFactory,
    PlanFactory,
    at,
    cicm_member,
    enrolled,
)
from tests.factories import MemberFactory, care_manager

TODAY = datetime.date(2026, 6, 1)
pytestmark = pytest.mark.django_db


def clocks_of(member) -> dict[str, MemberClock]:
    return {c.clock: c for c in MemberClock.objects.filter(member=member)}


def refresh(member, today=TODAY):
    return refresh_member_clocks(member_ids=[member.pk], today=today)


def test_initial_hra_is_due_90_days_after_dsnp_enrollment_start():
    member = cicm_member(enrollment_start=datetime.date(2026, 5, 1))

    refresh(member)

    clock = clocks_of(member)["initial_hra"]
    assert clock.due_on == datetime.date(2026, 7, 30)
    assert clock.state == "due"
    assert "90 days after D-SNP enrollment start on 2026-05-01" in clock.basis
    assert clock.basis == "90 days after D-SNP enrollment start on 2026-05-01 (plan default)"


def test_initial_hra_for_ecm_counts_from_the_ecm_enrollment_day():
    member = MemberFactory()
    enrolled(member, on=datetime.date(2026, 4, 1))
    outside = MemberFactory()  # ECM, never enrolled: no clock

    refresh_member_clocks(member_ids=[member.pk, outside.pk], today=TODAY)

    assert clocks_of(member)["initial_hra"].due_on == datetime.date(2026, 6, 30)
    assert "initial_hra" not in clocks_of(outside)


def test_completed_hra_stops_initial_clock_and_starts_reassessment_and_care_plan():
    member = cicm_member(enrollment_start=datetime.date(2026, 1, 1))
    HraFactory(member=member, completed_on=datetime.date(2026, 3, 1))
    HraFactory(member=member, status="draft", completed_on=None)

    refresh(member)

    clocks = clocks_of(member)
    assert "initial_hra" not in clocks
    assert clocks["reassessment"].due_on == datetime.date(2027, 3, 1)
    assert clocks["care_plan"].due_on == datetime.date(2026, 3, 31)
    assert clocks["care_plan"].state == "overdue"


def test_active_plan_made_after_the_hra_stops_the_care_plan_clock_and_starts_review():
    member = cicm_member()
    HraFactory(member=member, completed_on=datetime.date(2026, 3, 1))
    PlanFactory(member=member, created_on=datetime.date(2026, 3, 10))

    refresh(member)

    clocks = clocks_of(member)
    assert "care_plan" not in clocks
    assert clocks["care_plan_review"].due_on == datetime.date(2027, 3, 10)
    assert "care plan's creation" in clocks["care_plan_review"].basis


def test_discharge_after_the_last_review_brings_the_review_forward():
    member = cicm_member()
    PlanFactory(
        member=member,
        created_on=datetime.date(2025, 9, 1),
        last_reviewed_on=datetime.date(2026, 2, 1),
    )
    DischargeFactory(member=member, end_date=datetime.date(2026, 1, 20))  # before review
    DischargeFactory(member=member, event_type="snf_stay", end_date=datetime.date(2026, 5, 20))
    DischargeFactory(
        member=member,
        event_type="ed_visit",
        start_date=datetime.date(2026, 5, 2),
        end_date=datetime.date(2026, 5, 2),
    )

    refresh(member)

    review = clocks_of(member)["care_plan_review"]
    assert review.due_on == datetime.date(2026, 6, 19)
    assert review.state == "due"  # 18 days away
    assert "hospital or SNF discharge on 2026-05-20" in review.basis


def test_transition_follow_up_runs_until_the_member_is_reached_after_discharge():
    member = cicm_member()
    DischargeFactory(member=member, end_date=datetime.date(2026, 5, 28))
    ContactFactory(member=member, occurred_at=at(datetime.date(2026, 5, 27)))
    ContactFactory(member=member, occurred_at=at(datetime.date(2026, 5, 29)), reached="provider")

    refresh(member)
    assert clocks_of(member)["toc_follow_up"].due_on == datetime.date(2026, 6, 4)

    ContactFactory(member=member, occurred_at=at(datetime.date(2026, 5, 29)), reached="caregiver")
    refresh(member)
    assert "toc_follow_up" not in clocks_of(member)


def test_first_outreach_runs_from_assignment_until_any_attempt():
    cm = care_manager(username="cm.outreach")
    member = MemberFactory(care_manager=cm)
    AssignmentFactory(member=member, assigned_at=at(datetime.date(2026, 5, 20)))

    refresh(member)
    assert clocks_of(member)["first_outreach"].due_on == datetime.date(2026, 5, 27)
    assert clocks_of(member)["first_outreach"].state == "overdue"

    ContactFactory(
        member=member,
        kind="outreach",
        reached="nobody",
        outcome="no_answer",
        occurred_at=at(datetime.date(2026, 5, 30)),
    )
    refresh(member)
    assert "first_outreach" not in clocks_of(member)


def test_enrolled_member_contact_every_30_days_after_the_last_contact():
    member = MemberFactory()
    enrolled(member, on=datetime.date(2026, 4, 1))

    refresh(member)
    clock = clocks_of(member)["member_contact"]
    assert clock.due_on == datetime.date(2026, 5, 1)
    assert "enrollment (no contact since)" in clock.basis

    ContactFactory(member=member, occurred_at=at(datetime.date(2026, 5, 25)))
    refresh(member)
    clock = clocks_of(member)["member_contact"]
    assert clock.due_on == datetime.date(2026, 6, 24)
    assert clock.state == "due"
    assert "the last contact on 2026-05-25" in clock.basis


def test_member_whose_coverage_ended_has_no_clocks():
    member = cicm_member(enrollment_end=datetime.date(2026, 5, 1))
    MemberClock.objects.create(
        member=member,
        clock="initial_hra",
        due_on=TODAY,
        state="due",
        basis="x",
        computed_at=at(TODAY),
    )

    assert refresh(member) == 0
    assert clocks_of(member) == {}
    member.refresh_from_db()
    assert (member.clock_state, member.next_due_on, member.next_due_label) == ("", None, "")


def test_latest_setting_row_is_in_force_and_named_in_the_basis():
    member = cicm_member()
    HraFactory(member=member, completed_on=datetime.date(2026, 5, 1))
    ClockSettingFactory(key="care_plan", days=45, changed_at=at(datetime.date(2026, 1, 1)))
    ClockSettingFactory(key="care_plan", days=20, changed_at=at(datetime.date(2026, 2, 1)))

    refresh(member)

    clock = clocks_of(member)["care_plan"]
    assert clock.due_on == datetime.date(2026, 5, 21)
    assert clock.basis.endswith(" (plan setting since 2026-02-01)")
    assert clock.basis.startswith("20 days after ")
    assert current_settings()["care_plan"].days == 20


def test_due_soon_window_is_configurable():
    member = cicm_member(enrollment_start=datetime.date(2026, 3, 15))  # due 2026-06-13
    refresh(member)
    assert clocks_of(member)["initial_hra"].state == "due_soon"

    ClockSettingFactory(key="due_soon", days=7)
    refresh(member)
    assert clocks_of(member)["initial_hra"].state == "due"


def test_member_summary_names_the_most_urgent_clock():
    cm = care_manager(username="cm.summary")
    member = cicm_member(care_manager=cm, enrollment_start=datetime.date(2026, 5, 1))
    AssignmentFactory(member=member, assigned_at=at(datetime.date(2026, 5, 1)))

    refresh(member)

    member.refresh_from_db()
    assert member.clock_state == "overdue"
    assert member.next_due_on == datetime.date(2026, 5, 8)
    assert member.next_due_label == "First outreach"


def test_refresh_is_idempotent_and_the_day_is_a_parameter():
    member = cicm_member(enrollment_start=datetime.date(2026, 5, 1))
    refresh(member)
    first = clocks_of(member)["initial_hra"]
    refresh(member)
    assert clocks_of(member)["initial_hra"].computed_at == first.computed_at  # nothing changed

    refresh(member, today=datetime.date(2026, 8, 1))
    assert clocks_of(member)["initial_hra"].state == "overdue"


def test_refreshing_one_member_leaves_others_alone():
    one, two = cicm_member(), cicm_member()
    refresh_member_clocks(member_ids=None, today=TODAY)
    HraFactory(member=two)
    HraFactory(member=one)

    refresh(one)

    assert "initial_hra" not in clocks_of(one)
    assert "initial_hra" in clocks_of(two)


def _clock_plans() -> tuple[int, int]:
    """(generic, custom) plans so far of the clocks' upsert prepared on this connection."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(sum(generic_plans), 0), COALESCE(sum(custom_plans), 0)"
            " FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%candidates AS%"],
        )
        return tuple(cursor.fetchone())


def test_one_members_refresh_reuses_the_generic_plan_and_many_members_are_planned_each_time():
    """A save refreshes one member: PostgreSQL must not plan the rules' long UNION again for
    each (it did, with custom plans); many members keep a plan made for their number."""
    members = [cicm_member() for _ in range(3)]
    generic, custom = _clock_plans()
    for _ in range(3):
        for member in members:
            refresh(member)
    assert _clock_plans() == (generic + 9, custom)
    refresh_member_clocks(member_ids=[m.pk for m in members], today=TODAY)
    assert _clock_plans() == (generic + 9, custom + 1)
    assert all("initial_hra" in clocks_of(m) for m in members)


@pytest.mark.parametrize("count", [5, 50])
def test_refreshing_everyone_is_a_fixed_number_of_queries(count):
    for _ in range(count):
        member = cicm_member()
        HraFactory(member=member)
        enrolled(member)
    with CaptureQueriesContext(connection) as queries:
        running = refresh_member_clocks(member_ids=None, today=TODAY)
    assert running == 3 * count  # reassessment, care plan, monthly contact
    # settings, SET LOCAL jit, upsert, summary (+ savepoint), ANALYZE of the two tables
    assert len(queries) <= 8
    assert MemberClock.objects.count() == 3 * count


def test_nightly_entry_names_the_registered_refresh_task():
    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["nightly-clock-refresh"]
    assert entry["task"] == "careplans.tasks.refresh_all_clocks_task"
    assert entry["task"] in app.tasks


def test_nightly_task_refreshes_everyone():
    from careplans.tasks import refresh_all_clocks_task

    member = cicm_member()
    assert refresh_all_clocks_task.run() >= 1
    assert "initial_hra" in clocks_of(member)


def test_caseload_shows_and_filters_the_due_chip(client_for):
    cm = care_manager(username="cm.caseload")
    # "Zed" is due first but last by name, so a sort that ignored due dates would fail.
    cicm_member(care_manager=cm, last_name="Zed", enrollment_start=datetime.date(2024, 1, 1))
    MemberFactory(care_manager=cm, last_name="Quiet")
    refresh_member_clocks(member_ids=None)
    client = client_for(cm)
    htmx = {"HTTP_HX_REQUEST": "true"}
    url = "/caseload/"

    overdue = client.post(url, {"due": "overdue"}, **htmx)
    nothing = client.post(url, {"due": "none"}, **htmx)
    by_due = client.post(url, {"sort": "due"}, **htmx)

    assert [m.last_name for m in overdue.context["page"].object_list] == ["Zed"]
    assert b"Initial HRA" in overdue.content and b"Overdue" in overdue.content
    assert [m.last_name for m in nothing.context["page"].object_list] == ["Quiet"]
    assert [m.last_name for m in by_due.context["page"].object_list] == ["Zed", "Quiet"]


def test_a_clock_a_year_away_has_no_due_chip_and_an_overdue_one_has_its_chip(client_for):
    """Issue 13: a "Due" chip sat on a reassessment a year away, beside real overdue work."""
    cm = care_manager(username="cm.chips")
    member = cicm_member(care_manager=cm, last_name="Later")
    today = datetime.date.today()
    for clock, due_on, state in [
        ("reassessment", today + datetime.timedelta(days=365), "due"),
        ("toc_follow_up", today - datetime.timedelta(days=3), "overdue"),
    ]:
        MemberClock.objects.create(
            member=member, clock=clock, due_on=due_on, state=state,
            basis="x", computed_at=at(today),
        )  # fmt: skip
    far = cicm_member(care_manager=cm, last_name="Far")
    type(far).objects.filter(pk=far.pk).update(
        clock_state="due", next_due_on=today + datetime.timedelta(days=365),
        next_due_label="Reassessment",
    )  # fmt: skip
    client = client_for(cm)

    section = client.get(f"/members/{member.pk}/clocks/", HTTP_HX_REQUEST="true").content.decode()
    caseload = client.post("/caseload/", {"q": "Far"}, HTTP_HX_REQUEST="true").content.decode()

    assert '<span class="chip due-overdue">Overdue</span>' in section
    assert "chip due-due" not in section
    assert "Reassessment</strong> due" in section
    assert "chip due-due" not in caseload
    assert "Reassessment " in caseload
