"""Every URL answers 405 to a method it does not handle: a read-only page (member page, access
log, import job, problems.txt, ...) must not render for PUT, PATCH or DELETE. Walks every named URL,
so a new view without a method restriction fails here."""

import pytest
from django.urls import resolve, reverse

from tests.url_roles.fixtures import url_kwargs, users  # noqa: F401 - fixtures
from tests.url_roles.routes import project_urls

METHODS = ("put", "patch", "delete")


def _handles(view_func, method: str) -> bool:
    view_class = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)
    return view_class is not None and hasattr(view_class, method)


@pytest.mark.parametrize("name", sorted(project_urls()))
def test_unhandled_methods_answer_405(client, users, url_kwargs, name):  # noqa: F811
    url = reverse(name, kwargs={key: url_kwargs[key] for key in project_urls()[name]})
    client.force_login(users["plan_admin"])
    unhandled = [m for m in METHODS if not _handles(resolve(url).func, m)]

    answers = {m: getattr(client, m)(url).status_code for m in unhandled}

    assert answers == dict.fromkeys(unhandled, 405), url
