"""Every URL by every role: the status the route table gives, for a member inside the caller's
scope and for one outside it (404, as for a missing member)."""

import pytest
from django.urls import reverse

from .routes import KNOWN_BUGS, ROLES, ROUTE_KWARGS, ROUTES, expected_status, project_urls


def _cases(*, member_routes_only: bool):
    scope = "outside" if member_routes_only else "inside"
    for name, (method, *_rest) in ROUTES.items():
        for role in ROLES:
            marks = ()
            if (name, role, scope) in KNOWN_BUGS:
                marks = pytest.mark.xfail(reason=KNOWN_BUGS[name, role, scope], strict=True)
            yield pytest.param(name, method, role, id=f"{name}-{role}", marks=marks)


def _request(client, users, role, name, method, kwargs):
    needed = project_urls()[name]
    source = ROUTE_KWARGS.get(name, {})
    url = reverse(name, kwargs={key: kwargs[source.get(key, key)] for key in needed})
    if users[role] is not None:
        client.force_login(users[role])
    return getattr(client, method)(url)


@pytest.mark.parametrize(("name", "method", "role"), _cases(member_routes_only=False))
def test_role_gets_the_status_the_table_gives(client, users, url_kwargs, name, method, role):
    response = _request(client, users, role, name, method, url_kwargs)

    assert response.status_code == expected_status(name, role, in_scope=True)
    if role == "anonymous" and response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))


def _member_routes():
    return [
        param
        for param in _cases(member_routes_only=True)
        if "member_id" in project_urls()[param.values[0]]
    ]


@pytest.mark.parametrize(("name", "method", "role"), _member_routes())
def test_a_member_outside_the_scope_is_a_404_like_a_missing_one(
    client, users, outside_kwargs, name, method, role
):
    in_scope = role == "plan_admin"  # the only role that sees another team's unshared member

    response = _request(client, users, role, name, method, outside_kwargs)

    assert response.status_code == expected_status(name, role, in_scope=in_scope)


@pytest.mark.parametrize(
    "role", ["care_manager", "supervisor", "plan_admin", "cbo_staff", "cbo_lead"]
)
def test_a_missing_member_is_a_404_for_everyone(client, users, url_kwargs, role):
    client.force_login(users[role])
    missing = url_kwargs["member_id"] + 10_000
    assert client.get(reverse("members:detail", args=[missing])).status_code == 404
    assert client.get(reverse("api:member-detail", args=[missing])).status_code == 404
