"""Headers (issue 14, finding 7): nothing a logged-in user sees is stored by a browser or a
proxy, and a Content-Security-Policy allows only this host's files, with no inline script or
style (so the templates carry none)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import MemberFactory

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if " " in part.strip())


def test_authenticated_pages_are_never_stored(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager)
    client = client_for(care_manager)

    for url in (reverse("members:caseload"), reverse("members:detail", args=[member.pk])):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control
        assert "private" in cache_control


def test_api_answers_to_a_token_are_never_stored(care_manager):
    _, token = AuthToken.objects.create(user=care_manager)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.get(reverse("api:member-list"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_every_page_carries_a_policy_without_inline_script_or_style(client, client_for, plan_admin):
    anonymous = client.get(reverse("login"))
    page = client_for(plan_admin).get(reverse("members:list"))

    for response in (anonymous, page):
        policy = directives(response)
        assert policy["default-src"] == "'self'"
        assert policy["script-src"] == "'self'"
        assert policy["style-src"] == "'self'"
        assert policy["frame-ancestors"] == "'none'"
        assert "unsafe" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: p.name)
def test_no_template_has_inline_script_style_or_handlers(path):
    text = path.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert "<style" not in text
    assert not re.search(r"\sstyle=", text)
    assert not re.search(r"\s(hx-on[:-]|on[a-z]+=)", text)


def test_api_docs_load_their_script_from_a_file(client_for, plan_admin):
    page = client_for(plan_admin).get(reverse("api:docs")).content.decode()

    assert "<style" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
