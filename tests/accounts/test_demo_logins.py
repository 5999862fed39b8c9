"""`make run`'s demo stays usable with two-step login: the printed password and setup key log
a demo user in."""

import re

import pyotp
from django.core.management import call_command
from django.urls import reverse


def test_a_demo_user_logs_in_with_the_printed_password_and_setup_key(db, client, capsys):
    call_command("seed_demo", "--members", "20")
    printed = capsys.readouterr().out
    password = re.search(r"password for all: (\S+)\)", printed).group(1)
    secret = re.search(r"setup key ([A-Z2-7]+)", printed).group(1)

    client.post(reverse("login"), {"username": "cm.garcia", "password": password})
    verified = client.post(reverse("accounts:mfa_verify"), {"code": pyotp.TOTP(secret).now()})

    assert verified.status_code == 302
    assert client.get(reverse("members:caseload")).status_code == 200
