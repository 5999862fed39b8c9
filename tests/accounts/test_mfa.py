"""Two-step login (issue 14, finding 6): every user enrolls an authenticator app at first login,
every page needs a verified code, backup codes work once, plan admins reset a lost device."""

import re
from urllib.parse import urlencode

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import mfa
from tests import factories
from tests.accounts.mfa_helpers import authenticator_app, current_code

PASSWORD = "correct-horse-battery"


def password_login(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


@pytest.mark.parametrize("role", ["care_manager", "supervisor", "plan_admin", "cbo_staff"])
def test_a_password_alone_reaches_no_page_for_any_role(client, db, role):
    user = getattr(factories, role)(username=f"{role}.pw")
    password_login(client, user)

    page = client.get(reverse("members:list"))
    api = client.get(reverse("api:member-list"))

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:mfa_enroll"))
    assert api.status_code == 403


def test_first_login_enrolls_an_app_and_shows_backup_codes(client, care_manager):
    response = password_login(client, care_manager)
    enroll = client.get(response["Location"], follow=True)
    assert enroll.request["PATH_INFO"] == reverse("accounts:mfa_enroll")
    assert b"<svg" in enroll.content  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=care_manager, confirmed=False)
    secret = re.search(rb'id="totp-secret">([A-Z2-7 ]+)<', enroll.content).group(1)
    assert secret.replace(b" ", b"").decode() == mfa.base32_secret(device).replace(" ", "")

    done = client.post(reverse("accounts:mfa_enroll"), {"code": current_code(device)})

    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    assert set(
        StaticToken.objects.filter(device__user=care_manager).values_list("token", flat=True)
    ) == set(codes)
    assert client.get(reverse("members:caseload")).status_code == 200


def test_a_wrong_enrolment_code_keeps_the_same_secret_and_says_so(client, care_manager):
    password_login(client, care_manager)
    first = client.get(reverse("accounts:mfa_enroll"))
    again = client.post(reverse("accounts:mfa_enroll"), {"code": "000000"})

    assert again.status_code == 422
    assert "That code is not right" in again.content.decode()
    assert again.context["secret"] == first.context["secret"]
    assert client.get(reverse("members:caseload")).status_code == 302


def test_an_enrolled_user_cannot_add_a_device_with_a_password_alone(client, care_manager):
    authenticator_app(care_manager)
    password_login(client, care_manager)

    response = client.get(reverse("accounts:mfa_enroll"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    assert not TOTPDevice.objects.filter(user=care_manager, confirmed=False).exists()


def test_later_logins_need_a_current_code_and_return_to_the_page_asked_for(client, care_manager):
    device = authenticator_app(care_manager)
    password_login(client, care_manager)
    wanted = reverse("careplans:tasks")
    asked = client.get(wanted)
    assert asked["Location"] == f"{reverse('accounts:mfa_verify')}?{urlencode({'next': wanted})}"

    wrong = client.post(reverse("accounts:mfa_verify"), {"code": "123456", "next": wanted})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp makes the next try wait a second
    device.throttle_reset()
    right = client.post(
        reverse("accounts:mfa_verify"), {"code": current_code(device), "next": wanted}
    )

    assert wrong.status_code == 422
    assert right.status_code == 302
    assert right["Location"] == wanted
    assert client.get(wanted).status_code == 200


def test_a_code_is_accepted_once(client, care_manager):
    device = authenticator_app(care_manager)
    code = current_code(device)
    password_login(client, care_manager)
    assert client.post(reverse("accounts:mfa_verify"), {"code": code}).status_code == 302
    client.post(reverse("logout"))

    password_login(client, care_manager)
    replay = client.post(reverse("accounts:mfa_verify"), {"code": code})

    assert replay.status_code == 422


def test_a_backup_code_logs_in_once(client, care_manager):
    authenticator_app(care_manager)
    code = mfa.new_backup_codes(user=care_manager)[0]
    password_login(client, care_manager)
    assert client.post(reverse("accounts:mfa_verify"), {"code": code}).status_code == 302
    assert client.get(reverse("members:caseload")).status_code == 200
    client.post(reverse("logout"))

    password_login(client, care_manager)
    again = client.post(reverse("accounts:mfa_verify"), {"code": code})

    assert again.status_code == 422
    assert mfa.backup_codes_left(care_manager) == 9


def test_a_user_makes_new_backup_codes_and_the_old_ones_stop_working(client_for, care_manager):
    old = mfa.new_backup_codes(user=care_manager)
    client = client_for(care_manager)

    response = client.post(reverse("accounts:backup_codes"))

    new = response.context["codes"]
    assert not set(old) & set(new)
    assert mfa.verified_device(care_manager, old[0]) is None
    StaticDevice.objects.get(user=care_manager).throttle_reset()  # the failure above throttles
    assert mfa.verified_device(care_manager, new[0]) is not None


def test_plan_admin_resets_a_device_and_the_user_enrolls_again(client, plan_admin, care_manager):
    authenticator_app(care_manager)
    mfa.new_backup_codes(user=care_manager)
    client.force_login(care_manager)
    assert Session.objects.count() == 1
    admin = factories.plan_admin(username="admin.reset")
    admin_client = Client()
    admin_client.force_login(admin)

    response = admin_client.post(reverse("accounts:user_mfa_reset", args=[care_manager.pk]))

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=care_manager).exists()
    assert mfa.backup_codes_left(care_manager) == 0
    assert client.get(reverse("members:caseload")).status_code == 302  # the session ended
    password_login(client, care_manager)
    assert client.get(reverse("members:caseload"))["Location"].startswith(
        reverse("accounts:mfa_enroll")
    )


def test_only_plan_admins_reset_devices(client_for, supervisor, care_manager):
    authenticator_app(care_manager)

    response = client_for(supervisor).post(
        reverse("accounts:user_mfa_reset", args=[care_manager.pk])
    )

    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=care_manager).exists()


def test_plan_admin_resets_a_device_over_the_api(client_for, plan_admin, cbo_user):
    authenticator_app(cbo_user)

    response = client_for(plan_admin).post(reverse("api:user-mfa-reset", args=[cbo_user.pk]))

    assert response.status_code == 204
    assert not mfa.is_enrolled(cbo_user)


def test_the_users_page_shows_who_has_set_up_two_step_login(client_for, plan_admin, care_manager):
    authenticator_app(care_manager)
    factories.cbo_staff(username="cbo.new")

    page = client_for(plan_admin).get(reverse("accounts:users")).content.decode()

    assert "Reset two-step login of cm.one" in page
    assert "Reset two-step login of cbo.new" not in page
    assert "set up at next login" in page
