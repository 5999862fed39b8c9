"""Production settings refuse unsafe secrets; error reports carry no PHI."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.views.debug import ExceptionReporter, get_default_exception_reporter_filter

from core.error_reports import PhiSafeExceptionReporterFilter

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = "postgres://calaim:not-a-real-password@db.internal:5432/calaim"


def run_with_production_settings(*args: str, **env_vars: str) -> subprocess.CompletedProcess:
    # A clean deployment environment: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for
    # themselves, which a deployment must never have (async.E001).
    dropped = {"SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(DJANGO_SETTINGS_MODULE="calaim.settings.production", **env_vars)
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


SETUP = ("-c", "import django; django.setup()")


@pytest.mark.parametrize(
    "secret_key",
    [
        None,
        "",
        "short-but-random-8Hq2",
        "dev-only-insecure-secret-key-do-not-deploy",
        "test-only-secret-key",
    ],
    ids=["unset", "empty", "short", "dev-default", "test-default"],
)
def test_production_settings_refuse_a_missing_default_or_short_secret_key(secret_key):
    env_vars = {"DATABASE_URL": DATABASE_URL}
    if secret_key is not None:
        env_vars["SECRET_KEY"] = secret_key

    result = run_with_production_settings(*SETUP, **env_vars)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_settings_load_with_a_random_secret_key():
    result = run_with_production_settings(
        *SETUP, SECRET_KEY=secrets.token_urlsafe(64)[:50], DATABASE_URL=DATABASE_URL
    )
    assert result.returncode == 0, result.stderr


def test_production_settings_pass_the_deploy_checks_without_errors():
    result = run_with_production_settings(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "ERROR",
        SECRET_KEY=secrets.token_urlsafe(64)[:50],
        DATABASE_URL=DATABASE_URL,
    )
    assert result.returncode == 0, result.stderr


# Error reports


def test_the_phi_safe_filter_is_the_configured_default():
    assert isinstance(get_default_exception_reporter_filter(), PhiSafeExceptionReporterFilter)


# Made up at run time: the report quotes source lines, which must not contain the values sought.
FAKE_NAME = "Zq" + secrets.token_hex(6)
FAKE_CIN = f"{secrets.randbelow(10**8):08d}Z"
FAKE_COUNTY = "Cty" + secrets.token_hex(4)


def fail_while_holding(member_name: str) -> None:
    looked_up = {"last_name": member_name, "cin": FAKE_CIN}  # a frame variable holding PHI
    raise RuntimeError(f"lookup failed for {len(looked_up)} fields")


def report_for_a_failed_search() -> ExceptionReporter:
    request = RequestFactory().post("/members/", {"q": FAKE_NAME, "county": FAKE_COUNTY})
    try:
        fail_while_holding(FAKE_NAME)
    except RuntimeError:
        return ExceptionReporter(request, *sys.exc_info(), is_email=True)
    raise AssertionError("the failure was not raised")


def test_error_report_text_hides_post_values_and_frame_variables():
    text = report_for_a_failed_search().get_traceback_text()

    assert "RuntimeError" in text and "fail_while_holding" in text  # still a useful report
    for secret in (FAKE_NAME, FAKE_CIN, FAKE_COUNTY):
        assert secret not in text
    assert "q = '********************'" in text


def test_error_report_html_hides_post_values_and_frame_variables():
    html = report_for_a_failed_search().get_traceback_html()

    assert "RuntimeError" in html
    for secret in (FAKE_NAME, FAKE_CIN, FAKE_COUNTY):
        assert secret not in html
    assert "local variables are not shown" in html


def test_error_report_hides_post_values_even_in_debug_mode(settings):
    settings.DEBUG = True
    text = report_for_a_failed_search().get_traceback_text()
    assert FAKE_NAME not in text
    assert FAKE_CIN not in text
