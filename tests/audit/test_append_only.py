"""The access log is append-only in the database (issue 14, "Also")."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction

from audit.models import AccessLog
from tests.factories import MemberFactory


@pytest.fixture
def logged_view(care_manager):
    member = MemberFactory(care_manager=care_manager)
    return AccessLog.objects.create(user=care_manager, member=member, viewed="member_page")


def test_a_row_cannot_be_changed(logged_view):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLog.objects.filter(pk=logged_view.pk).update(viewed="care_plan")

    logged_view.refresh_from_db()
    assert logged_view.viewed == "member_page"


def test_a_row_cannot_be_deleted(logged_view):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLog.objects.filter(pk=logged_view.pk).delete()

    assert AccessLog.objects.filter(pk=logged_view.pk).exists()


def test_new_rows_are_still_written_and_a_flush_still_empties_a_test_database(
    transactional_db, care_manager
):
    member = MemberFactory(care_manager=care_manager)
    AccessLog.objects.create(user=care_manager, member=member, viewed="clocks")
    AccessLog.objects.create(user=care_manager, member=member, viewed="care_plan")
    assert AccessLog.objects.count() == 2

    call_command("flush", interactive=False)  # what test teardown does: TRUNCATE

    assert AccessLog.objects.count() == 0
