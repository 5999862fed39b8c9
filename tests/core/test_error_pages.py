"""With DEBUG off, 404, 500 and CSRF-failure pages are the app's, with a way back in (issue 13,
bug 12): Django's bare pages left a user with nothing to click."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

from core.views import server_error

pytestmark = pytest.mark.usefixtures("debug_is_off")


@pytest.fixture
def debug_is_off():
    assert settings.DEBUG is False


def test_a_missing_page_is_the_apps_404_with_the_users_navigation(client_for, care_manager):
    response = client_for(care_manager).get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert 'href="/caseload/"' in page  # the navigation of the base layout
    assert "Go to your start page" in page


def test_an_anonymous_visitors_404_offers_the_start_page(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Go to your start page" in response.content.decode()


def test_the_api_still_answers_404_in_json(client_for, care_manager):
    response = client_for(care_manager).get("/api/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.urls("tests.core.error_urls")
def test_a_failing_view_shows_the_apps_500_page_with_a_way_back(client_for, care_manager):
    client = client_for(care_manager)
    client.raise_request_exception = False

    response = client.get("/fail/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page
    assert "CalAIM Care Management" in page  # the app's layout, not Django's bare page
    assert 'href="/"' in page
    assert "a bug in a view" not in page


@pytest.mark.urls("tests.core.error_urls")
def test_a_failing_api_view_answers_json(client_for, care_manager):
    client = client_for(care_manager)
    client.raise_request_exception = False

    response = client.get("/api/fail/")

    assert response.status_code == 500
    assert response.json() == {"detail": "Server error."}


def test_the_500_page_renders_without_the_database():
    """No `db` fixture: any query would fail the test. The failure may be the database."""
    response = server_error(RequestFactory().get("/members/1/"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_a_form_sent_without_its_security_token_gets_the_apps_page(care_manager):
    client = Client(enforce_csrf_checks=True)
    client.force_login(care_manager)

    response = client.post("/notifications/read-all/")

    assert response.status_code == 403
    page = response.content.decode()
    assert "This form has expired" in page
    assert 'href="/login/"' in page
    assert 'href="/caseload/"' in page  # still inside the app, with its navigation


def test_a_login_sent_without_its_security_token_gets_the_apps_page(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/login/", {"username": "someone", "password": "x"})

    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
