"""Fixtures of the plan<->CBO thread tests: a plan care manager's member shared with CBO
Eastside, whose care manager is named on the assignment, and a second CBO."""

import pytest

from accounts.roles import Role
from tests import factories
from tests.cbo_partners.threads.thread_helpers import shared_assignment


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def eastside(db):
    return factories.CboFactory(name="Eastside Community Services")


@pytest.fixture
def bayarea(db):
    return factories.CboFactory(name="Bay Area Partners")


@pytest.fixture
def cbo_cm(eastside):
    return factories.cbo_staff(username="cbo.cm", organization=eastside)


@pytest.fixture
def cbo_lead(eastside):
    lead = factories.cbo_staff(username="cbo.lead", organization=eastside)
    lead.groups.add(factories.role_group(Role.CBO_LEAD))
    return lead


@pytest.fixture
def other_cbo_user(bayarea):
    return factories.cbo_staff(username="cbo.other", organization=bayarea)


@pytest.fixture
def member(care_manager):
    return factories.MemberFactory(
        care_manager=care_manager, plan_product="DSNP:H1234-001", mbi="1EG4TE5MK73"
    )


@pytest.fixture
def assignment(member, eastside, cbo_cm):
    return shared_assignment(member, eastside, cbo_care_manager=cbo_cm)
