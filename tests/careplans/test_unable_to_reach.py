"""An episode may become "unable to reach" only after the outreach rule of timelines.md:
3 attempts on different days, over at least 30 days, by at least 2 modes."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from careplans.models import ProgramEnrollment
from careplans.outreach.enrollment import change_enrollment
from tests.careplans.work_factories import ContactFactory, at
from tests.factories import MemberFactory, ProgramEnrollmentFactory

pytestmark = pytest.mark.django_db
OUTREACH_BEGAN = datetime.date(2026, 9, 1)
DECIDED_ON = datetime.date(2026, 10, 15)


@pytest.fixture
def episode(care_manager):
    member = MemberFactory(care_manager=care_manager)
    return ProgramEnrollmentFactory(
        member=member,
        program="ECM",
        status="outreach",
        identified_on=OUTREACH_BEGAN,
        outreach_started_on=OUTREACH_BEGAN,
    )


def attempt(episode, day: datetime.date, mode: str):
    return ContactFactory(
        member=episode.member,
        kind="outreach",
        occurred_at=at(day),
        mode=mode,
        reached="nobody",
        outcome="no_answer",
    )


def mark_unable_to_reach(episode, by):
    return change_enrollment(
        member=episode.member,
        program="ECM",
        to_status="unable_to_reach",
        effective_on=DECIDED_ON,
        by=by,
    )


def test_three_attempts_over_thirty_days_by_two_modes_allow_unable_to_reach(episode, care_manager):
    attempt(episode, datetime.date(2026, 9, 2), "phone")
    attempt(episode, datetime.date(2026, 9, 16), "phone")
    attempt(episode, datetime.date(2026, 10, 2), "mail")

    mark_unable_to_reach(episode, care_manager)

    assert ProgramEnrollment.objects.get(pk=episode.pk).status == "unable_to_reach"


@pytest.mark.parametrize(
    "attempts, missing",
    [
        ([(datetime.date(2026, 9, 2), "phone"), (datetime.date(2026, 10, 2), "mail")], "on 2 day"),
        (
            [
                (datetime.date(2026, 9, 2), "phone"),
                (datetime.date(2026, 9, 16), "phone"),
                (datetime.date(2026, 10, 2), "phone"),
            ],
            "by 1 mode",
        ),
        (
            [
                (datetime.date(2026, 9, 20), "phone"),
                (datetime.date(2026, 9, 25), "text"),
                (datetime.date(2026, 10, 2), "mail"),
            ],
            "over 12 day",
        ),
        (  # attempts before this outreach episode began do not count
            [
                (datetime.date(2026, 7, 2), "phone"),
                (datetime.date(2026, 8, 16), "text"),
                (datetime.date(2026, 10, 2), "mail"),
            ],
            "on 1 day",
        ),
    ],
)
def test_unable_to_reach_is_refused_until_the_outreach_rule_is_met(
    episode, care_manager, attempts, missing
):
    for day, mode in attempts:
        attempt(episode, day, mode)

    with pytest.raises(ValidationError) as refused:
        mark_unable_to_reach(episode, care_manager)

    message = refused.value.message_dict["to_status"][0]
    assert "at least 3 outreach attempts on different days over at least 30 days" in message
    assert missing in message
    assert ProgramEnrollment.objects.get(pk=episode.pk).status == "outreach"


def test_contacts_that_reached_someone_are_not_outreach_attempts(episode, care_manager):
    attempt(episode, datetime.date(2026, 9, 2), "phone")
    attempt(episode, datetime.date(2026, 10, 2), "mail")
    ContactFactory(
        member=episode.member,
        kind="contact",
        occurred_at=at(datetime.date(2026, 9, 16)),
        mode="video",
        reached="provider",
        outcome="reached",
    )

    with pytest.raises(ValidationError) as refused:
        mark_unable_to_reach(episode, care_manager)

    assert "on 2 day" in refused.value.message_dict["to_status"][0]
