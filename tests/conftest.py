"""Shared fixtures: users of each role and helpers for the members they work."""

import pytest
from django.test import Client

from tests import factories
from tests.accounts.mfa_helpers import mark_verified

_plain_force_login = Client.force_login


def _force_login_with_second_factor(self, user, backend=None, *, verified=True):
    """`client.force_login(user)` logs in as if the user also gave a code (every page needs
    one; accounts.middleware). `verified=False` stops after the password step."""
    _plain_force_login(self, user, backend)
    if verified:
        mark_verified(self, user)


@pytest.fixture(autouse=True)
def force_login_passes_the_second_factor(monkeypatch):
    monkeypatch.setattr(Client, "force_login", _force_login_with_second_factor)


@pytest.fixture
def plan_org(db):
    return factories.OrganizationFactory()


@pytest.fixture
def care_manager(db):
    return factories.care_manager(username="cm.one")


@pytest.fixture
def other_care_manager(db):
    return factories.care_manager(username="cm.two")


@pytest.fixture
def supervisor(db, care_manager):
    boss = factories.supervisor(username="sup.one")
    care_manager.supervisor = boss
    care_manager.save(update_fields=["supervisor"])
    return boss


@pytest.fixture
def plan_admin(db):
    return factories.plan_admin(username="admin.one")


@pytest.fixture
def cbo_user(db):
    return factories.cbo_staff(username="cbo.one")


@pytest.fixture
def client_for(client):
    """Log the test client in as a user: `client_for(user)`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (in a thread) consuming from the real Redis broker."""
    from celery.contrib.testing.worker import start_worker

    from calaim.celery import app

    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield app
