"""Clock settings: plan admins see the values in force and their history, change one with a
reason, and every clock is recomputed in the background."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careplans.clocks import selectors as clock_selectors
from careplans.clocks import services as clocks
from careplans.models import ClockSetting, MemberClock
from tests import factories
from tests.careplans.work_factories import ClockSettingFactory, HraFactory, cicm_member

pytestmark = pytest.mark.django_db


def test_page_shows_defaults_and_changes(client_for, plan_admin):
    ClockSettingFactory(
        key="toc_follow_up", days=5, reason="Tighter HEDIS target", changed_by=plan_admin
    )

    response = client_for(plan_admin).get(reverse("careplans:clock_settings"))

    assert response.status_code == 200
    values = {s.key: s for s in response.context["settings"]}
    assert values["toc_follow_up"].days == 5
    assert values["care_plan"].days == 30 and values["care_plan"].row is None
    assert b"Tighter HEDIS target" in response.content


def test_the_page_names_who_changed_each_setting_in_a_fixed_number_of_queries(
    client_for, plan_admin, django_assert_num_queries
):
    """The values in force come from one statement and their authors from one more, however
    many settings were changed, and by how many people."""
    ClockSettingFactory(key="toc_follow_up", days=5, reason="r", changed_by=plan_admin)
    client = client_for(plan_admin)
    url = reverse("careplans:clock_settings")
    with CaptureQueriesContext(connection) as one_changed:
        client.get(url)
    for key, name in (("care_plan", "Bea"), ("initial_hra", "Cy"), ("due_soon", "Dee")):
        author = factories.plan_admin(username=f"admin.{name.lower()}", first_name=name)
        ClockSettingFactory(key=key, days=9, reason="r", changed_by=author)
    with django_assert_num_queries(len(one_changed.captured_queries)):
        html = client.get(url).content.decode()
    for name in ("Bea", "Cy", "Dee"):
        assert f"by {name}" in html


def test_change_needs_reason_and_positive_days(client_for, plan_admin):
    url = reverse("careplans:clock_setting_change")

    no_reason = client_for(plan_admin).post(url, {"key": "care_plan", "days": 20, "reason": ""})
    zero = client_for(plan_admin).post(url, {"key": "care_plan", "days": 0, "reason": "x"})
    fixed = client_for(plan_admin).post(url, {"key": "initial_hra", "days": 60, "reason": "x"})

    assert no_reason.status_code == 422
    assert "reason" in no_reason.context["form"].errors
    assert 'aria-describedby="id_reason_helptext id_reason_error"' in no_reason.content.decode()
    assert 'id="id_reason_error"' in no_reason.content.decode()
    assert zero.status_code == 422 and "days" in zero.context["form"].errors
    assert fixed.status_code == 422 and "key" in fixed.context["form"].errors
    assert not ClockSetting.objects.exists()


def test_change_is_kept_and_recomputes_every_clock(
    client_for, plan_admin, django_capture_on_commit_callbacks
):
    member = cicm_member()
    HraFactory(member=member, completed_on=datetime.date(2026, 3, 1))
    clocks.refresh_member_clocks(member_ids=None)
    url = reverse("careplans:clock_setting_change")

    with (
        mock.patch("careplans.tasks.refresh_all_clocks_task.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client_for(plan_admin).post(
            url, {"key": "care_plan", "days": 20, "reason": "Board decision 2026-05"}
        )

    assert response.status_code == 302
    row = ClockSetting.objects.get()
    assert (row.days, row.changed_by, row.reason) == (20, plan_admin, "Board decision 2026-05")
    delay.assert_called_once_with()
    assert clock_selectors.refresh_status()["state"] == "queued"
    page = client_for(plan_admin).get(reverse("careplans:clock_settings"))
    assert b"Recomputing" in page.content

    from careplans.tasks import refresh_all_clocks_task

    refresh_all_clocks_task.run()
    clock = MemberClock.objects.get(member=member, clock="care_plan")
    assert clock.due_on == datetime.date(2026, 3, 21)
    assert "(plan setting since " in clock.basis and clock.basis.startswith("20 days after")
    status = client_for(plan_admin).get(reverse("careplans:clock_refresh_status"))
    assert b"last recomputed" in status.content


def test_only_plan_admins(client_for, supervisor, care_manager):
    for user in (supervisor, care_manager):
        assert client_for(user).get(reverse("careplans:clock_settings")).status_code == 404
