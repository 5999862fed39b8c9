"""The partnership's services: capacity, decisions, one open assignment per program, consent
dates and recipients, the signed form's checks, business days and the decision clock."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from careplans.clocks.services import refresh_member_clocks
from careplans.models import MemberClock
from cbo_partners.assignments import services as assignments
from cbo_partners.consent import services as consents
from cbo_partners.models import (
    AssignmentStatus,
    CboAssignmentEvent,
    Consent,
    MemberGroupObjectPermission,
)
from core.business_days import add_business_days, california_holidays
from tests.factories import (
    CboFactory,
    MemberFactory,
    cbo_lead,
    cbo_partner,
    cbo_staff,
    share_with_cbo,
    supervisor,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def sup(db):
    return supervisor(username="sup.cbo")


@pytest.fixture
def eastside(db):
    return cbo_partner(CboFactory(name="Eastside"), capacity=1)


def test_assigning_beyond_capacity_needs_a_reason(sup, eastside):
    assignments.assign(member=MemberFactory(), partner=eastside, program="CICM", by=sup)

    with pytest.raises(ValidationError) as error:
        assignments.assign(member=MemberFactory(), partner=eastside, program="CICM", by=sup)
    assert "capacity is 1" in error.value.message_dict["over_capacity_reason"][0]

    over = assignments.assign(
        member=MemberFactory(),
        partner=eastside,
        program="CICM",
        by=sup,
        over_capacity_reason="Only CBO in the county speaking Hmong",
    )
    assert over.over_capacity_reason.startswith("Only CBO")
    assert over.events.get().kind == CboAssignmentEvent.Kind.ASSIGNED


def test_one_open_assignment_per_member_and_program(sup, eastside):
    member = MemberFactory()
    assignments.assign(member=member, partner=eastside, program="CICM", by=sup)
    other = cbo_partner(CboFactory())

    with pytest.raises(ValidationError) as error:
        assignments.assign(member=member, partner=other, program="CICM", by=sup)
    assert "program" in error.value.message_dict
    assert assignments.assign(member=member, partner=other, program="ECM", by=sup).pk


def test_decline_needs_a_reason_and_other_needs_a_note(sup, eastside):
    assignment = assignments.assign(
        member=MemberFactory(), partner=eastside, program="CICM", by=sup
    )
    lead = cbo_lead(organization=eastside.organization)

    with pytest.raises(ValidationError) as error:
        assignments.decline(assignment=assignment, by=lead, reason="")
    assert "decline_reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        assignments.decline(assignment=assignment, by=lead, reason="other", note=" ")
    assert "decline_note" in error.value.message_dict

    declined = assignments.decline(assignment=assignment, by=lead, reason="language")
    assert declined.status == AssignmentStatus.DECLINED
    assert declined.events.last().reason == "Language"


def test_accept_names_a_care_manager_of_that_cbo_only(sup, eastside):
    assignment = assignments.assign(
        member=MemberFactory(), partner=eastside, program="CICM", by=sup
    )
    lead = cbo_lead(organization=eastside.organization)
    outsider = cbo_staff()

    with pytest.raises(ValidationError) as error:
        assignments.accept(assignment=assignment, by=lead, cbo_care_manager=outsider)
    assert "cbo_care_manager" in error.value.message_dict

    mine = cbo_staff(organization=eastside.organization)
    accepted = assignments.accept(assignment=assignment, by=lead, cbo_care_manager=mine)
    assert (accepted.status, accepted.cbo_care_manager) == (AssignmentStatus.ACCEPTED, mine)


def test_reassign_and_end_keep_their_reasons(sup, eastside):
    member = MemberFactory()
    first = assignments.assign(member=member, partner=eastside, program="CICM", by=sup)
    other = cbo_partner(CboFactory())

    with pytest.raises(ValidationError):
        assignments.reassign(assignment=first, partner=other, by=sup, reason="")
    second = assignments.reassign(assignment=first, partner=other, by=sup, reason="Moved county")
    first.refresh_from_db()
    assert (first.status, first.end_reason, second.replaces) == ("ended", "Moved county", first)
    assignments.end(assignment=second, by=sup, reason="Member declined CBO services")
    kinds = list(
        CboAssignmentEvent.objects.filter(assignment__member=member).values_list("kind", "reason")
    )
    assert (CboAssignmentEvent.Kind.REASSIGNED, "Moved county") in kinds
    assert (CboAssignmentEvent.Kind.ENDED, "Member declined CBO services") in kinds


def _consent(member, partner, by, **overrides):
    fields = {
        "member": member,
        "recipients": [partner],
        "scopes": ["care_coordination"],
        "method": "written",
        "effective_on": datetime.date(2026, 1, 5),
        "by": by,
    }
    return consents.record(**{**fields, **overrides})


def test_consent_expiring_before_it_starts_is_a_field_error(sup, eastside):
    with pytest.raises(ValidationError) as error:
        _consent(MemberFactory(), eastside, sup, expires_on=datetime.date(2026, 1, 1))
    assert "before it starts" in error.value.message_dict["expires_on"][0]


def test_part2_consent_must_name_its_recipients(sup, eastside):
    with pytest.raises(ValidationError) as error:
        _consent(MemberFactory(), eastside, sup, recipients=[], scopes=["sud_part2"])
    assert "42 CFR Part 2" in error.value.message_dict["recipients"][0]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("form.pdf", b"this is not a pdf at all", "named as a PDF but its content is not"),
        ("form.pdf", b"MZ\x90\x00 windows program", "Programs and scripts are refused"),
        ("form.exe", PDF, "Programs and scripts are refused"),
        ("form.png", PDF, "named as a PNG but its content is a PDF"),
        ("form.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "files up to 10 MB"),
    ],
)
def test_a_bad_signed_form_is_refused_and_nothing_is_stored(
    sup, eastside, name, content, words, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as error:
        _consent(MemberFactory(), eastside, sup, form=SimpleUploadedFile(name, content))
    assert words in error.value.message_dict["form"][0]
    assert not Consent.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_a_real_pdf_is_stored_under_a_random_name(sup, eastside, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    consent = _consent(
        MemberFactory(),
        eastside,
        sup,
        form=SimpleUploadedFile("Garcia <script>x</script>.pdf".replace("/", ""), PDF),
    )
    assert consent.form_content_type == "application/pdf"
    assert "Garcia" not in consent.form.name
    assert consent.form_name == "Garcia <script>x<script>.pdf"


def test_grants_follow_assignment_and_consent(sup, eastside):
    member = MemberFactory()
    assignment = assignments.assign(member=member, partner=eastside, program="CICM", by=sup)
    grants = MemberGroupObjectPermission.objects.filter(content_object=member)
    assert not grants.exists()  # no consent yet

    consent = _consent(member, eastside, sup)
    assert grants.get().group == eastside.group
    member.refresh_from_db()
    assert member.cbo_id == eastside.organization_id

    consents.revoke(consent=consent, by=sup, revoked_on=datetime.date(2026, 2, 1))
    assert not grants.exists()
    _consent(member, eastside, sup, effective_on=datetime.date(2026, 3, 1))
    assert grants.exists()
    assignments.end(assignment=assignment, by=sup, reason="Done")
    assert not grants.exists()
    member.refresh_from_db()
    assert member.cbo_id is None


def test_business_days_skip_weekends_and_california_holidays():
    assert datetime.date(2026, 11, 26) in california_holidays(2026)  # Thanksgiving
    assert datetime.date(2026, 11, 27) in california_holidays(2026)  # the day after
    assert datetime.date(2026, 3, 31) in california_holidays(2026)  # Cesar Chavez Day
    # Wednesday 2026-11-25 + 5 business days: Mon 30, Tue 1, Wed 2, Thu 3, Fri 4 December.
    assert add_business_days(datetime.date(2026, 11, 25), 5) == datetime.date(2026, 12, 4)
    # 2027-07-04 is a Sunday: observed Monday 5 July.
    assert datetime.date(2027, 7, 5) in california_holidays(2027)


def test_the_decision_clock_counts_business_days_until_the_lead_decides(sup, eastside):
    member = MemberFactory()
    assignment = assignments.assign(member=member, partner=eastside, program="CICM", by=sup)
    assignment.assigned_at = datetime.datetime(2026, 11, 25, 18, 0, tzinfo=datetime.UTC)
    assignment.save()
    refresh_member_clocks(member_ids=[member.pk], today=datetime.date(2026, 11, 30))

    clock = MemberClock.objects.get(member=member, clock="cbo_decision")
    assert clock.due_on == datetime.date(2026, 12, 4)
    assert "5 business days" in clock.basis

    lead = cbo_lead(organization=eastside.organization)
    assignments.decline(assignment=assignment, by=lead, reason="no_capacity")
    refresh_member_clocks(member_ids=[member.pk], today=datetime.date(2026, 11, 30))
    assert not MemberClock.objects.filter(member=member, clock="cbo_decision").exists()


def test_share_with_cbo_goes_through_the_services(eastside):
    staff = cbo_staff(organization=eastside.organization)
    member = share_with_cbo(MemberFactory(), eastside.organization, part2=True)
    assignment = member.cbo_assignments.get()
    assert (assignment.status, assignment.cbo_care_manager) == ("accepted", staff)
    assert MemberGroupObjectPermission.objects.filter(content_object=member).exists()
