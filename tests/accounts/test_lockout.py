"""Failed logins (issue 14, finding 8): behind the load balancer one address may not lock a
colleague out for long; guessing across usernames from one address is capped; the client
address is the one our trusted proxies saw."""

import datetime

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts import lockout
from accounts.models import LoginDelay
from tests import factories

PASSWORD = "correct-horse-battery"
BALANCER = "10.0.0.2"


def attempt(username, password, client_address="203.0.113.7"):
    """One login POST as it reaches gunicorn behind one load balancer."""
    return Client(REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=client_address).post(
        reverse("login"), {"username": username, "password": password}
    )


def logged_in(response) -> bool:
    return response.status_code == 302


@pytest.fixture(autouse=True)
def behind_one_balancer(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_five_wrong_passwords_make_the_username_wait_a_minute_not_half_an_hour(care_manager):
    for _ in range(5):
        assert not logged_in(attempt("cm.one", "wrong-password-123", "198.51.100.66"))

    refused = attempt("cm.one", PASSWORD, "203.0.113.7")

    assert refused.status_code == 200
    assert "Try again in 1 minute." in refused.content.decode()
    delay = LoginDelay.objects.get(username="cm.one")
    assert delay.next_try_at - delay.last_failure_at <= datetime.timedelta(seconds=61)

    LoginDelay.objects.update(next_try_at=timezone.now() - datetime.timedelta(seconds=1))
    assert logged_in(attempt("cm.one", PASSWORD, "203.0.113.7"))
    assert not LoginDelay.objects.exists()  # success clears the count


def test_the_delay_grows_with_each_failure_up_to_fifteen_minutes():
    delays = [lockout.delay_after(n) for n in range(1, 13)]

    assert delays[:4] == [0, 0, 0, 0]
    assert delays[4:9] == [60, 120, 240, 480, 900]
    assert delays[-1] == 900


def test_a_try_during_the_delay_does_not_check_the_password_or_grow_the_delay(care_manager):
    for _ in range(5):
        attempt("cm.one", "wrong-password-123")
    before = LoginDelay.objects.get().failures

    attempt("cm.one", "wrong-password-123")

    assert LoginDelay.objects.get().failures == before


@override_settings(AXES_FAILURE_LIMIT=6)
def test_guessing_across_many_usernames_from_one_address_is_capped(db):
    factories.care_manager(username="cm.real")
    for n in range(6):
        attempt(f"someone.{n}", "guess-guess-guess", "198.51.100.66")

    from_guesser = attempt("cm.real", PASSWORD, "198.51.100.66")
    from_colleague = attempt("cm.real", PASSWORD, "203.0.113.7")

    assert from_guesser.status_code == 429
    assert "Too many failed logins came from your network address" in from_guesser.content.decode()
    assert logged_in(from_colleague)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_address_cap_uses_the_client_address_not_the_balancers(db):
    factories.care_manager(username="cm.real")
    for n in range(3):
        attempt(f"someone.{n}", "guess-guess-guess", "198.51.100.66")

    assert logged_in(attempt("cm.real", PASSWORD, "192.0.2.44"))


def test_failures_are_forgotten_after_a_quiet_day(care_manager):
    for _ in range(5):
        attempt("cm.one", "wrong-password-123")
    LoginDelay.objects.update(
        last_failure_at=timezone.now() - datetime.timedelta(days=1, minutes=1),
        next_try_at=timezone.now() - datetime.timedelta(days=1),
    )

    attempt("someone.else", "wrong-password-123")

    assert list(LoginDelay.objects.values_list("username", "failures")) == [("someone.else", 1)]


def test_the_admin_site_logs_in_through_the_portals_login_page(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/admin/"
