"""The door's one-member read is compiled once per reader scope (accounts/access/door_select):
it gives the same member as the ORM's select_related read, keeps only SQL, and every run reads
the data live, so a reassignment or a registered grant shows on the next request."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from accounts import access
from accounts.access import door_select
from audit.models import AccessLog
from members.models import Member
from members.services import assign_members
from tests.factories import CboFactory, MemberFactory, cbo_staff, share_with_cbo

pytestmark = pytest.mark.django_db


def open_member(user, member_id):
    request = RequestFactory().get("/")
    request.user = user
    return access.access_member(request, member_id, log_as=AccessLog.View.MEMBER_PAGE)


@pytest.fixture
def compiles(monkeypatch):
    """Each time the door compiled its statement (a spy: the real compile runs)."""
    compiled = []
    real = door_select._compile

    def counted(scope):
        compiled.append(scope.model)
        return real(scope)

    monkeypatch.setattr(door_select, "_compile", counted)
    return compiled


def concrete_values(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


def test_the_door_gives_the_member_the_orm_gives_with_care_manager_and_cbo(care_manager):
    cbo = CboFactory(name="Eastside Community Health")
    worker = cbo_staff(organization=cbo)
    member = share_with_cbo(
        MemberFactory(care_manager=care_manager, phone="555-0100", risk_score=7), cbo
    )
    expected = Member.objects.select_related("care_manager", "cbo").get(pk=member.pk)

    for reader in (care_manager, worker):
        seen = open_member(reader, member.pk)
        assert concrete_values(seen) == concrete_values(expected)
        assert concrete_values(seen.care_manager) == concrete_values(expected.care_manager)
        assert concrete_values(seen.cbo) == concrete_values(expected.cbo)
        assert seen._state.adding is False and seen._state.db == "default"


def test_an_unassigned_member_comes_without_a_query_for_the_missing_relations(
    plan_admin, django_assert_num_queries
):
    member = MemberFactory(care_manager=None)
    open_member(plan_admin, member.pk)  # compiled and kept
    with django_assert_num_queries(1):  # the member and the access-log row: one statement
        seen = open_member(plan_admin, member.pk)
        assert seen.care_manager is None and seen.cbo is None


def test_one_compile_serves_every_member_and_the_data_is_read_live(
    care_manager, other_care_manager, plan_admin, compiles
):
    first, second = MemberFactory.create_batch(2, care_manager=care_manager)
    assert open_member(care_manager, first.pk).pk == first.pk
    assert open_member(care_manager, second.pk).pk == second.pk
    assert len(compiles) == 1

    assign_members(member_ids=[second.pk], care_manager=other_care_manager, by=plan_admin)
    with pytest.raises(Http404):
        open_member(care_manager, second.pk)  # no longer theirs, on the very next request
    assert open_member(other_care_manager, second.pk).pk == second.pk
    assert len(compiles) == 2  # the other care manager's scope is a statement of its own


def test_the_one_statement_logs_the_read_and_only_a_read_the_scope_allowed(
    care_manager, other_care_manager, django_assert_num_queries
):
    mine = MemberFactory(care_manager=care_manager)
    theirs = MemberFactory(care_manager=other_care_manager)
    open_member(care_manager, mine.pk)
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = care_manager
    with django_assert_num_queries(1):
        access.access_member(request, mine.pk, log_as=AccessLog.View.CONTACTS)
    row = AccessLog.objects.order_by("-id").first()
    assert (row.user_id, row.member_id, row.member_ids, row.viewed, row.client_address) == (
        care_manager.pk, mine.pk, [], AccessLog.View.CONTACTS, "10.1.2.3"
    )  # fmt: skip
    logged = AccessLog.objects.count()
    for member_id in (theirs.pk, 987_654_321, 2**63, "12a"):
        with pytest.raises(Http404):
            open_member(care_manager, member_id)
    assert AccessLog.objects.count() == logged  # a 404 writes nothing


def test_registering_a_grant_drops_the_kept_statements(care_manager, other_care_manager):
    mine = MemberFactory(care_manager=care_manager)
    shared = MemberFactory(care_manager=other_care_manager)
    open_member(care_manager, mine.pk)
    with pytest.raises(Http404):
        open_member(care_manager, shared.pk)

    def one_member(user):
        return access.scope.Q(pk=shared.pk) if user == care_manager else None

    access.register_member_grant("tests.door_grant", one_member)
    try:
        assert open_member(care_manager, shared.pk).pk == shared.pk
    finally:
        access.scope._registry["grants"].pop("tests.door_grant")
        door_select.forget()
