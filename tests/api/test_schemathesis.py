"""Property-based API test (schemathesis, pinned in requirements-dev.txt): every operation of the
OpenAPI schema is called with generated data, on the real WSGI app with a logged-in plan admin's
session and CSRF token, and every answer must be a documented status with a body that matches
the schema, never a server error. Bounded: SCHEMATHESIS_EXAMPLES examples per operation
(default 8), derandomized so a failure reproduces."""

import os
import secrets

import pytest
import schemathesis
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.wsgi import get_wsgi_application
from django_otp import DEVICE_ID_SESSION_KEY
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.accounts.mfa_helpers import authenticator_app
from tests.factories import EvaluationRunFactory, MemberFactory

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
pytestmark = pytest.mark.schemathesis


@pytest.fixture
def api_schema(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = SchemaGenerator().get_schema(request=None, public=True)
    config = SchemathesisConfig.from_dict({"generation": {"mode": "positive"}})
    schema = schemathesis.openapi.from_dict(document, config=config)
    schema.app = get_wsgi_application()
    return schema


@pytest.fixture
def session_headers(plan_admin, care_manager):
    """A logged-in plan admin's session cookie and CSRF token, as a browser would send them."""
    for _ in range(3):
        MemberFactory(care_manager=care_manager)
    EvaluationRunFactory(requested_by=None)
    session = SessionStore()
    session[SESSION_KEY] = str(plan_admin.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.UserWithRolesBackend"
    session[HASH_SESSION_KEY] = plan_admin.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = authenticator_app(plan_admin).persistent_id  # second factor
    session.create()
    csrf = secrets.token_hex(16)
    return {
        "Cookie": f"sessionid={session.session_key}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
    }


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_its_schema_says(case, session_headers):
    case.call_and_validate(headers=session_headers, checks=CHECKS)


def test_the_session_the_cases_send_is_signed_in_and_verified(session_headers):
    """Without this, a session Django does not accept would turn every case into a 403 and the
    run above would pass without reaching a single view."""
    from django.test import Client

    response = Client().get("/api/members/", HTTP_COOKIE=session_headers["Cookie"])

    assert response.status_code == 200
    assert response.json()["count"] == 3
