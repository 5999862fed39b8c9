"""Recording outreach attempts and contacts: the section, field messages, who may write, the
access log, and the member's clocks moving once the contact is committed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from careplans.models import Contact, MemberClock
from tests.careplans.work_factories import AssignmentFactory
from tests.factories import MemberFactory, share_with_cbo

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db


def form_data(**overrides):
    when = timezone.localtime() - datetime.timedelta(hours=2)
    data = {
        "kind": "outreach",
        "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
        "mode": "phone",
        "reached": "nobody",
        "outcome": "no_answer",
        "duration_minutes": "5",
        "note": "Left no message; will try tomorrow.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def member(care_manager):
    member = MemberFactory(care_manager=care_manager)
    AssignmentFactory(member=member, assigned_at=timezone.now() - datetime.timedelta(days=2))
    return member


def test_section_shows_form_and_writes_access_log(client_for, care_manager, member):
    url = reverse("careplans:member_contacts", args=[member.pk])

    response = client_for(care_manager).get(url, **HTMX)

    assert response.status_code == 200
    assert b'id="member-contacts"' in response.content
    assert b"Record an outreach attempt" in response.content
    assert AccessLog.objects.filter(member=member, viewed="contacts_timeline").count() == 1


def test_the_contact_and_the_clocks_it_moves_commit_together(client_for, care_manager, member):
    """No after-commit step: this test's transaction never commits, yet the clock has stopped
    by the time the save answers, in the same transaction as the contact."""
    from careplans.clocks.services import refresh_member_clocks

    refresh_member_clocks(member_ids=[member.pk])
    url = reverse("careplans:member_contact_create", args=[member.pk])

    response = client_for(care_manager).post(url, form_data(), **HTMX)

    assert response.status_code == 200
    assert Contact.objects.filter(member=member).count() == 1
    assert not MemberClock.objects.filter(member=member, clock="first_outreach").exists()


def test_recording_an_attempt_saves_it_and_stops_first_outreach_clock(
    client_for, care_manager, member, django_capture_on_commit_callbacks
):
    from careplans.clocks.services import refresh_member_clocks

    refresh_member_clocks(member_ids=[member.pk])
    assert MemberClock.objects.filter(member=member, clock="first_outreach").exists()
    url = reverse("careplans:member_contact_create", args=[member.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(care_manager).post(url, form_data(), **HTMX)

    assert response.status_code == 200
    contact = Contact.objects.get(member=member)
    assert (contact.kind, contact.mode, contact.duration_minutes) == ("outreach", "phone", 5)
    assert contact.recorded_by == care_manager
    assert b"Outreach attempt by phone" in response.content  # on the timeline
    assert not MemberClock.objects.filter(member=member, clock="first_outreach").exists()
    member.refresh_from_db()
    assert member.clock_state == ""


def test_future_contact_and_nonpositive_duration_get_field_messages(
    client_for, care_manager, member
):
    future = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    url = reverse("careplans:member_contact_create", args=[member.pk])

    response = client_for(care_manager).post(
        url, form_data(occurred_at=future, duration_minutes="0"), **HTMX
    )

    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "cannot be in the future" in errors["occurred_at"][0]
    assert "more than 0" in errors["duration_minutes"][0]
    html = response.content.decode()
    # A screen reader reads the message with the field: the input points at it by id.
    assert '<p class="field-error" id="id_occurred_at_error" role="alert">' in html
    assert 'aria-describedby="id_occurred_at_error"' in html
    assert not Contact.objects.exists()


def test_a_contact_must_reach_someone(client_for, care_manager, member):
    url = reverse("careplans:member_contact_create", args=[member.pk])

    response = client_for(care_manager).post(
        url, form_data(kind="contact", reached="nobody", outcome="reached"), **HTMX
    )

    assert response.status_code == 422
    assert "reached" in response.context["form"].errors


def _form_as_shown(client, member) -> dict:
    """What the section's form sends when the user changes nothing, as a browser sends it: the
    initial values, and a select's first option where it has none."""
    form = client.get(reverse("careplans:member_contacts", args=[member.pk]), **HTMX).context[
        "form"
    ]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None and getattr(field, "choices", None):
            value = field.choices[0][0]
        data[name] = "" if value is None else value
    data["occurred_at"] = form["occurred_at"].value().strftime("%Y-%m-%dT%H:%M")
    return data


def test_a_form_saved_unchanged_asks_who_was_reached_and_the_outcome(
    client_for, care_manager, member
):
    """Issue 13, bug 5: it recorded 'Outreach attempt · Reached: Nobody · Reached'."""
    client = client_for(care_manager)
    url = reverse("careplans:member_contact_create", args=[member.pk])

    response = client.post(url, _form_as_shown(client, member), **HTMX)

    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"reached", "outcome"}
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("reached", "outcome", "field"),
    [("nobody", "reached", "reached"), ("nobody", "declined", "reached"),
     ("member", "no_answer", "outcome"), ("caregiver", "wrong_number", "outcome")],
)  # fmt: skip
def test_who_was_reached_and_the_outcome_must_agree(
    client_for, care_manager, member, reached, outcome, field
):
    url = reverse("careplans:member_contact_create", args=[member.pk])

    response = client_for(care_manager).post(
        url, form_data(reached=reached, outcome=outcome), **HTMX
    )

    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not Contact.objects.exists()


def test_a_message_left_with_a_caregiver_is_recorded_and_reached_is_said_once(
    client_for, care_manager, member
):
    client = client_for(care_manager)
    url = reverse("careplans:member_contact_create", args=[member.pk])

    client.post(url, form_data(reached="caregiver", outcome="left_message"), **HTMX)
    client.post(url, form_data(kind="contact", reached="member", outcome="reached"), **HTMX)

    assert Contact.objects.filter(member=member).count() == 2
    timeline = client.get(reverse("careplans:member_timeline", args=[member.pk]), **HTMX)
    text = timeline.content.decode()
    assert "Reached: Caregiver / family · Left a message" in text
    assert "Reached: Member · 5 min" in text


def test_cbo_staff_record_their_own_contacts_marked_as_by_the_cbo(client_for, cbo_user):
    """Issue 10: a CBO partner adds contacts and notes; they are shared and marked as theirs."""
    member = share_with_cbo(MemberFactory(), cbo_user.organization)
    client = client_for(cbo_user)

    read = client.get(reverse("careplans:member_contacts", args=[member.pk]), **HTMX)
    write = client.post(reverse("careplans:member_contact_create", args=[member.pk]), form_data())

    assert read.status_code == 200
    assert b"Record an outreach attempt" in read.content
    assert b"Share with the member" not in read.content  # theirs are shared anyway
    assert write.status_code == 302
    contact = Contact.objects.get()
    assert contact.by_organization == cbo_user.organization and contact.shared_with_cbo


def test_other_care_managers_member_is_404(client_for, other_care_manager, member):
    url = reverse("careplans:member_contact_create", args=[member.pk])
    assert client_for(other_care_manager).post(url, form_data()).status_code == 404
    assert (
        client_for(other_care_manager)
        .get(reverse("careplans:member_contacts", args=[member.pk]))
        .status_code
        == 404
    )


def test_plain_post_redirects_back_to_the_member_page(client_for, care_manager, member):
    url = reverse("careplans:member_contact_create", args=[member.pk])
    response = client_for(care_manager).post(url, form_data())
    assert response.status_code == 302
    assert response["Location"].endswith("#member-contacts")


def test_member_page_loads_the_sections(client_for, care_manager, member):
    response = client_for(care_manager).get(reverse("members:detail", args=[member.pk]))
    assert reverse("careplans:member_contacts", args=[member.pk]).encode() in response.content
    assert reverse("careplans:member_clocks", args=[member.pk]).encode() in response.content
