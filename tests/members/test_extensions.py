"""A new app adds a member-page section, a timeline entry, a clock and a "My tasks" source
through members.extensions alone, without editing careplans: what the CBO and referrals work
will do from their own AppConfig.ready()."""

import datetime

import pytest
from django.db.models import CharField, F, Value
from django.urls import reverse
from django.utils import timezone

from careplans.clocks.services import refresh_member_clocks
from careplans.models import MemberClock
from members import extensions
from members.extensions import (
    ClockRule,
    ClockSettingSpec,
    MemberSection,
    TaskSource,
    TimelineSource,
)
from members.models import Member
from members.timeline import member_timeline
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _referral_follow_ups(members, owner, today, due_soon_days):
    """A stand-in source: one item per member of the owner's caseload in county "Alpine"."""
    return members.filter(care_manager=owner, county="Alpine").annotate(
        i_kind=Value("referral_follow_up", output_field=CharField()),
        i_id=F("id"),
        i_member=F("id"),
        i_last=F("last_name"),
        i_first=F("first_name"),
        i_what=Value("Ask the provider how the first visit went", output_field=CharField()),
        i_due=F("enrollment_start"),
        i_state=Value("overdue", output_field=CharField()),
    )


@pytest.fixture
def new_app_contributions():
    """Register what a new app would register in its ready(), and take it back afterwards."""
    contributions = [
        (
            extensions.member_sections,
            MemberSection(
                key="new_app",  # not a real app's key: taking it back must not remove theirs
                title="A new app's section",
                url_name="careplans:member_clocks",  # any member-section view will do here
                order=60,
                heading_id="new-app-h",
                loading="Loading referrals",
            ),
        ),
        (
            extensions.timeline_sources,
            TimelineSource(
                key="new_app",
                sql="""SELECT 'referral_sent' AS kind, now() - interval '1 day' AS at,
                              false AS date_only, m.id AS ref_id,
                              jsonb_build_object('service', 'Transitional Rent') AS data,
                              NULL::text AS actor
                         FROM members_member m
                        WHERE m.id = %(member_id)s AND m.county = 'Alpine'""",
                describe=lambda kind, data: (f"Referral sent: {data['service']}", "to Eastside"),
            ),
        ),
        (
            extensions.clock_settings,
            ClockSettingSpec("cs_decision", "Provider decides a referral within", 5, True, "CS"),
        ),
        (
            extensions.clock_rules,
            ClockRule(
                key="cs_decision",
                clock="cs_decision",
                label="CS referral decision due",
                setting="cs_decision",
                sql="""SELECT m.id, m.enrollment_start, 'a referral sent'
                         FROM members_member m WHERE {scope} AND m.county = 'Alpine'""",
                doc="Stand-in for the referrals issue's clock.",
            ),
        ),
        (
            extensions.task_sources,
            TaskSource(
                key="referral_follow_ups",
                items=_referral_follow_ups,
                kinds=lambda: [("referral_follow_up", "Referral follow-up")],
            ),
        ),
    ]
    for registry, entry in contributions:
        registry.register(entry)
    yield
    for registry, entry in contributions:
        registry.unregister(entry.key)


def _member(care_manager) -> Member:
    start = timezone.localdate() - datetime.timedelta(days=30)
    return MemberFactory(county="Alpine", care_manager=care_manager, enrollment_start=start)


def test_member_page_shows_a_section_a_new_app_registers(
    client_for, care_manager, new_app_contributions
):
    member = _member(care_manager)

    page = client_for(care_manager).get(reverse("members:detail", args=[member.pk]))

    assert b'id="member-new_app"' in page.content
    assert b"A new app&#x27;s section" in page.content
    assert reverse("careplans:member_clocks", args=[member.pk]).encode() in page.content


def test_timeline_lists_entries_a_new_app_registers(care_manager, new_app_contributions):
    member = _member(care_manager)

    entries = list(member_timeline(member).object_list)

    assert [(e.title, e.detail) for e in entries] == [
        ("Referral sent: Transitional Rent", "to Eastside")
    ]


def test_clocks_run_a_rule_a_new_app_registers(client_for, care_manager, new_app_contributions):
    member = _member(care_manager)

    refresh_member_clocks(member_ids=[member.pk])

    clock = MemberClock.objects.get(member=member, clock="cs_decision")
    assert clock.label == "CS referral decision due"
    assert clock.due_on == member.enrollment_start + datetime.timedelta(days=5)
    assert clock.state == "overdue"
    member.refresh_from_db()
    assert member.next_due_label == "CS referral decision due"
    settings_page = client_for(care_manager).get(
        reverse("careplans:member_clocks", args=[member.pk])
    )
    assert b"CS referral decision due" in settings_page.content


def test_task_list_lists_items_of_a_source_a_new_app_registers(
    client_for, care_manager, new_app_contributions
):
    member = _member(care_manager)
    refresh_member_clocks(member_ids=[member.pk])

    response = client_for(care_manager).get(
        reverse("careplans:tasks"), {"kind": "referral_follow_up"}
    )

    items = response.context["items"]
    assert [(i.kind_label, i.member_id, i.what) for i in items] == [
        ("Referral follow-up", member.pk, "Ask the provider how the first visit went")
    ]
    everything = client_for(care_manager).get(reverse("careplans:tasks"))
    assert {"Referral follow-up", "CS referral decision due"} <= {
        i.kind_label for i in everything.context["items"]
    }
