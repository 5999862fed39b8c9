"""Outreach reminders each morning: what is due today or overdue among a care manager's members'
clocks, and their members who became high risk or rising; never twice for the same clock and day;
the digest email carries counts and a link only; the notification centre reads and marks them."""

import datetime

import factory
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from careplans.models import MemberClock
from jobs.models import JobRun
from notifications import digest, reminders
from notifications.models import DigestSent, Notification
from notifications.services import set_digest
from tests.factories import MemberFactory
from tests.risk.risk_helpers import ed_visit, stratify

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
TODAY = datetime.date(2026, 10, 5)


class MemberClockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberClock

    member = factory.SubFactory(MemberFactory)
    clock = "first_outreach"
    due_on = TODAY
    state = "due_soon"
    basis = "assigned 2026-09-28; first_outreach 7 days, default"
    computed_at = factory.LazyFunction(timezone.now)


def titles(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("title", flat=True))


def test_clocks_due_today_or_turned_overdue_remind_the_care_manager(
    care_manager, other_care_manager
):
    mine = MemberFactory(care_manager=care_manager)
    MemberClockFactory(member=mine, clock="first_outreach", due_on=TODAY)
    MemberClockFactory(member=mine, clock="initial_hra", due_on=TODAY - DAY, state="overdue")
    MemberClockFactory(member=mine, clock="care_plan", due_on=TODAY - 3 * DAY, state="overdue")
    MemberClockFactory(member=mine, clock="member_contact", due_on=TODAY + DAY)
    MemberClockFactory(member=MemberFactory(), clock="care_plan", due_on=TODAY)  # unassigned
    MemberClockFactory(member=MemberFactory(care_manager=other_care_manager), due_on=TODAY)

    assert reminders.send_reminders(day=TODAY) == 3

    assert titles(care_manager) == [
        "First outreach due today",
        "Initial HRA overdue since 2026-10-04",
    ]  # the care plan overdue for days is on My tasks, not reminded again every morning
    reminder = Notification.objects.get(user=care_manager, key=f"clock:{mine.pk}:first_outreach")
    assert (reminder.link, reminder.member_id, reminder.day) == (
        f"/members/{mine.pk}/",
        mine.pk,
        TODAY,
    )
    assert titles(other_care_manager) == ["First outreach due today"]


def test_a_reminder_is_never_sent_twice_for_the_same_clock_and_day(care_manager):
    member = MemberFactory(care_manager=care_manager)
    MemberClockFactory(member=member, due_on=TODAY)
    assert reminders.send_reminders(day=TODAY) == 1
    assert reminders.send_reminders(day=TODAY) == 0
    assert reminders.send_reminders(day=TODAY + DAY) == 1  # it turned overdue
    assert reminders.send_reminders(day=TODAY + 2 * DAY) == 0  # and stays on My tasks
    assert titles(care_manager) == [
        "First outreach due today",
        "First outreach overdue since 2026-10-05",
    ]


def test_mornings_that_did_not_run_are_caught_up(care_manager):
    member = MemberFactory(care_manager=care_manager)
    MemberClockFactory(member=member, clock="care_plan", due_on=TODAY - 2 * DAY, state="overdue")
    MemberClockFactory(member=member, clock="initial_hra", due_on=TODAY - 9 * DAY, state="overdue")
    JobRun.objects.create(
        job="reminders", as_of=TODAY - 3 * DAY, status="succeeded", started_at=timezone.now()
    )
    assert reminders.send_reminders(day=TODAY) == 1
    assert titles(care_manager) == ["Care plan overdue since 2026-10-03"]


def test_members_who_became_high_risk_or_are_rising_remind_their_care_manager(care_manager):
    high = MemberFactory(care_manager=care_manager)
    medium = MemberFactory(care_manager=care_manager)
    steady = MemberFactory(care_manager=care_manager, housing_status="homeless")
    stratify(TODAY - 2 * DAY)
    for n in range(4):
        ed_visit(high, TODAY - n * DAY)
    for n in range(2):
        ed_visit(medium, TODAY - n * DAY)
    stratify(TODAY)
    reminders.send_reminders(day=TODAY)
    assert titles(care_manager) == [
        "Became high risk (stratified 2026-10-05)",
        "Risk rising: now medium (stratified 2026-10-05)",
    ]
    reminders.send_reminders(day=TODAY + DAY)  # no new stratification: nothing repeated
    assert Notification.objects.filter(user=care_manager).count() == 2
    assert steady.pk not in Notification.objects.values_list("member_id", flat=True)


def test_digest_carries_counts_and_a_link_never_a_name_or_cin(care_manager):
    care_manager.email = "cm@example.org"
    care_manager.save()
    member = MemberFactory(care_manager=care_manager, last_name="Zapata", cin="91234567A")
    MemberClockFactory(member=member, due_on=TODAY)
    MemberClockFactory(member=member, clock="initial_hra", due_on=TODAY - DAY, state="overdue")
    reminders.send_reminders(day=TODAY)

    assert digest.send_digests(day=TODAY) == 0  # the digest is opt-in
    set_digest(user=care_manager, daily_digest=True)
    assert digest.send_digests(day=TODAY) == 1
    assert digest.send_digests(day=TODAY) == 0  # once a day

    [email] = mail.outbox
    assert email.to == ["cm@example.org"]
    assert "- 1 overdue due date(s)" in email.body and "- 1 due date(s) due today" in email.body
    assert "http://localhost:8000/notifications/" in email.body
    for phi in ("Zapata", "91234567A", member.first_name, str(member.pk)):
        assert phi not in email.body and phi not in email.subject
    assert DigestSent.objects.filter(user=care_manager, day=TODAY).count() == 1


def test_centre_shows_unread_count_and_opening_marks_read(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager, last_name="Quinn")
    MemberClockFactory(member=member, due_on=TODAY)
    reminders.send_reminders(day=TODAY)
    client = client_for(care_manager)

    page = client.get(reverse("notifications:centre")).content.decode()
    assert "Quinn" in page and "due today" in page
    assert 'aria-label="1 unread"' in client.get(reverse("notifications:badge")).content.decode()

    notification = Notification.objects.get(user=care_manager)
    opened = client.post(reverse("notifications:open", args=[notification.pk]))
    assert opened.status_code == 302 and opened["Location"] == f"/members/{member.pk}/"
    notification.refresh_from_db()
    assert notification.is_read
    assert "unread" not in client.get(reverse("notifications:badge")).content.decode()


def test_a_reassigned_members_name_leaves_the_old_care_managers_notifications(
    client_for, care_manager, other_care_manager
):
    member = MemberFactory(care_manager=care_manager, last_name="Moved")
    MemberClockFactory(member=member, due_on=TODAY)
    reminders.send_reminders(day=TODAY)
    member.care_manager = other_care_manager
    member.save()
    page = client_for(care_manager).get(reverse("notifications:centre")).content.decode()
    assert "Moved" not in page and "no longer on your list" in page


def test_digest_preference_is_set_in_the_centre_and_over_the_api(client_for, care_manager):
    client = client_for(care_manager)
    client.post(reverse("notifications:digest"), {"daily_digest": "on"})
    assert client.get(reverse("api:notification-digest")).json() == {"daily_digest": True}
    client.put(reverse("api:notification-digest"), {"daily_digest": False},
               content_type="application/json")  # fmt: skip
    assert client.get(reverse("api:notification-digest")).json() == {"daily_digest": False}


def test_reminders_for_one_user_are_not_readable_by_another(client_for, care_manager, supervisor):
    MemberClockFactory(member=MemberFactory(care_manager=care_manager), due_on=TODAY)
    reminders.send_reminders(day=TODAY)
    notification = Notification.objects.get(user=care_manager)
    api = client_for(supervisor)
    assert api.get(reverse("api:notifications")).json()["results"] == []
    assert api.post(reverse("api:notification-read", args=[notification.pk])).status_code == 404


def test_no_reminder_for_a_clock_with_no_record_before_go_live_or_one_snoozed(
    care_manager, supervisor
):
    from careplans.models import TaskSnooze

    member = MemberFactory(care_manager=care_manager)
    MemberClockFactory(member=member, clock="first_outreach", due_on=TODAY, state="no_record")
    snoozed = MemberClockFactory(member=member, clock="initial_hra", due_on=TODAY, state="due")
    TaskSnooze.objects.create(
        member=member,
        item_kind="initial_hra",
        item_id=snoozed.pk,
        until=TODAY + 3 * DAY,
        reason="paper HRA on file",
        snoozed_by=supervisor,
        snoozed_at=timezone.now(),
    )
    MemberClockFactory(member=member, clock="care_plan", due_on=TODAY, state="due")

    assert reminders.send_reminders(day=TODAY) == 1
    assert titles(care_manager) == ["Care plan due today"]
