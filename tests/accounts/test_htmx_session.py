"""htmx requests whose session ended answer 401 + X-Session-Ended (accounts/htmx_session.py),
never the login page that htmx would swap into a section; plain requests still redirect."""

from django.test import Client
from django.urls import reverse

from tests.factories import MemberFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_an_htmx_filter_without_a_session_answers_401_not_the_login_page(db):
    response = Client().post(reverse("members:caseload"), {"county": "Kern"}, **HTMX)
    assert response.status_code == 401
    assert response["X-Session-Ended"] == "login"
    assert response["HX-Reswap"] == "none"
    assert "Username" not in response.content.decode()


def test_an_htmx_section_load_without_a_session_answers_401(db):
    member = MemberFactory()
    response = Client().get(reverse("careplans:member_contacts", args=[member.pk]), **HTMX)
    assert (response.status_code, response["X-Session-Ended"]) == (401, "login")


def test_a_plain_request_without_a_session_still_goes_to_the_login_page(db):
    response = Client().get(reverse("members:caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "X-Session-Ended" not in response


def test_a_password_only_session_is_sent_to_finish_logging_in(client, care_manager):
    client.force_login(care_manager, verified=False)
    response = client.post(reverse("members:caseload"), {}, **HTMX)
    assert (response.status_code, response["X-Session-Ended"]) == (401, "login")


def test_an_htmx_post_without_the_csrf_cookie_answers_401_csrf(care_manager):
    client = Client(enforce_csrf_checks=True)
    client.force_login(care_manager)
    member = MemberFactory(care_manager=care_manager)
    response = client.post(
        reverse("careplans:member_contact_create", args=[member.pk]),
        {"note": "Left a voicemail."},
        HTTP_X_CSRFTOKEN="a-token-from-a-page-whose-cookie-is-gone",
        **HTMX,
    )
    assert (response.status_code, response["X-Session-Ended"]) == (401, "csrf")


def test_a_logged_in_htmx_request_is_untouched(client, care_manager):
    client.force_login(care_manager)
    response = client.post(reverse("members:caseload"), {"county": "Kern"}, **HTMX)
    assert response.status_code == 200
    assert "X-Session-Ended" not in response
    assert response["HX-Replace-Url"] == "/caseload/?county=Kern"
