"""The route table is complete and true: every URL has a row, every row is well formed, and the
capability table gives each role what ROLE_CAPABILITIES says."""

from django.urls import URLResolver, get_resolver

from accounts import access
from accounts.roles import Role, role_group

from .routes import (
    OWNER_ONLY,
    PLAN_DATA,
    PUBLIC,
    ROLE_CAPABILITIES,
    ROUTES,
    SIGNED_IN,
    project_urls,
)


def test_every_pattern_outside_the_admin_has_a_name():
    """An unnamed route could not have a row in ROUTES; the admin's own are its business."""

    def unnamed(resolver, namespaces=()):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from unnamed(entry, (*namespaces, entry.namespace or ""))
            elif (
                not entry.name
                and "admin" not in namespaces
                and str(entry.pattern) != "admin/login/"
            ):
                yield str(entry.pattern)

    assert list(unnamed(get_resolver())) == []


def test_every_url_name_has_a_row():
    urls = set(project_urls())
    missing = sorted(urls - set(ROUTES))
    stale = sorted(set(ROUTES) - urls)
    assert not missing, f"add a row to ROUTES for each new URL: {missing}"
    assert not stale, f"remove the rows of URLs that no longer exist: {stale}"


def test_every_row_names_a_method_a_need_and_a_status():
    for name, (method, needs, allowed) in ROUTES.items():
        assert method in {"get", "post", "delete"}, name
        capabilities = needs if isinstance(needs, frozenset) else {needs}
        assert needs in (SIGNED_IN, PUBLIC, OWNER_ONLY, PLAN_DATA) or all(
            need in access.Capability for need in capabilities
        ), name
        assert 200 <= allowed < 500 and allowed != 404, name


def test_the_capability_table_gives_each_role_what_it_should(users):
    for role, user in users.items():
        if user is not None:
            assert access.capabilities_of(user) == ROLE_CAPABILITIES[role], role


def test_a_plan_admin_who_is_also_cbo_staff_acts_as_cbo_staff(plan_admin):
    plan_admin.groups.add(role_group(Role.CBO_STAFF))
    plan_admin = type(plan_admin).objects.get(pk=plan_admin.pk)
    assert access.capabilities_of(plan_admin) == ROLE_CAPABILITIES["cbo_staff"]
