"""API tokens (issue 14, finding 5): hashed, expiring after idle minutes and a maximum age,
issued only with the second factor, listed and revoked by their owner and plan admins."""

import datetime
import hashlib

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts import mfa
from tests import factories
from tests.accounts.mfa_helpers import authenticator_app, current_code

PASSWORD = "correct-horse-battery"


def ask_for_token(user, code, password=PASSWORD):
    return APIClient().post(
        reverse("api:auth-token"),
        {"username": user.username, "password": password, "code": code},
        format="json",
    )


def with_token(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_token_needs_password_and_a_current_code(care_manager):
    device = authenticator_app(care_manager)

    without_code = ask_for_token(care_manager, "")
    wrong_code = ask_for_token(care_manager, "000000")
    wrong_password = ask_for_token(care_manager, current_code(device), password="nope-nope-nope")
    device.throttle_reset()  # django-otp would make the next try wait after the wrong code
    issued = ask_for_token(care_manager, current_code(device))

    assert without_code.status_code == 400
    assert wrong_code.status_code == 400
    assert wrong_password.status_code == 400
    assert issued.status_code == 201
    token = issued.json()["token"]
    assert with_token(token).get(reverse("api:member-list")).status_code == 200


def test_a_backup_code_also_issues_a_token(care_manager):
    authenticator_app(care_manager)
    code = mfa.new_backup_codes(user=care_manager)[0]

    assert ask_for_token(care_manager, code).status_code == 201
    assert ask_for_token(care_manager, code).status_code == 400


def test_a_user_without_two_step_login_gets_no_token(care_manager):
    response = ask_for_token(care_manager, "123456")

    assert response.status_code == 400
    assert "Set up two-step login" in response.json()["detail"]


def test_tokens_are_stored_hashed_never_in_clear(care_manager):
    device = authenticator_app(care_manager)
    token = ask_for_token(care_manager, current_code(device)).json()["token"]

    with connection.cursor() as cursor:
        cursor.execute("SELECT digest, token_key FROM knox_authtoken")
        digest, key = cursor.fetchone()
        cursor.execute("SELECT to_regclass('authtoken_token')")
        old_table = cursor.fetchone()[0]
    assert token not in digest
    assert digest == hashlib.sha512(token.encode()).hexdigest()
    assert key == token[:15]
    assert old_table is None  # DRF's clear-text table is gone


def test_a_token_ends_after_30_idle_minutes(care_manager):
    _, token = AuthToken.objects.create(user=care_manager)
    AuthToken.objects.update(expiry=timezone.now() - datetime.timedelta(seconds=1))

    response = with_token(token).get(reverse("api:member-list"))

    assert response.status_code in (401, 403)


def test_using_a_token_extends_it_but_never_past_10_hours(care_manager):
    _, token = AuthToken.objects.create(user=care_manager)
    AuthToken.objects.update(
        created=timezone.now() - datetime.timedelta(hours=9, minutes=50),
        expiry=timezone.now() + datetime.timedelta(minutes=5),
    )

    assert with_token(token).get(reverse("api:member-list")).status_code == 200

    row = AuthToken.objects.get()
    assert row.expiry > timezone.now() + datetime.timedelta(minutes=5)
    assert row.expiry <= row.created + datetime.timedelta(hours=10)


def test_owner_lists_and_revokes_their_tokens_over_the_api(care_manager):
    _, token = AuthToken.objects.create(user=care_manager)
    other, _ = AuthToken.objects.create(user=factories.care_manager(username="cm.other"))
    client = with_token(token)

    listed = client.get(reverse("api:auth-tokens")).json()
    foreign = client.delete(reverse("api:auth-token-detail", args=[other.token_key]))
    own_key = token[:15]
    revoked = client.delete(reverse("api:auth-token-detail", args=[own_key]))

    assert [t["token_key"] for t in listed["results"]] == [own_key]
    assert foreign.status_code == 404
    assert revoked.status_code == 204
    assert with_token(token).get(reverse("api:member-list")).status_code in (401, 403)


def test_plan_admin_lists_and_revokes_anyones_token(client_for, plan_admin, care_manager):
    victim, _ = AuthToken.objects.create(user=care_manager)
    client = client_for(plan_admin)

    listed = client.get(reverse("api:auth-tokens"), {"user": care_manager.pk}).json()
    response = client.post(reverse("accounts:token_revoke", args=[victim.token_key]))

    assert [t["username"] for t in listed["results"]] == ["cm.one"]
    assert response.status_code == 302
    assert not AuthToken.objects.filter(user=care_manager).exists()


def test_security_page_makes_a_token_shown_once_and_lists_it(client_for, care_manager):
    client = client_for(care_manager)

    made = client.post(reverse("accounts:token_create")).content.decode()
    later = client.get(reverse("accounts:security")).content.decode()

    token = made.split('id="new-token">')[1].split("<")[0]
    assert len(token) == 64
    assert token not in later
    assert f"{token[:15]}…" in later
    assert with_token(token).get(reverse("api:member-list")).status_code == 200
