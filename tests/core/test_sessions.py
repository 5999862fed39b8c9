"""The idle timeout: an active user's session is extended, at most once a minute; an idle one
ends after 30 minutes."""

import datetime

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.sessions import TOUCHED_KEY


def _session_writes(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum('UPDATE "django_session"' in q["sql"] for q in queries.captured_queries)


def test_requests_within_a_minute_do_not_rewrite_the_session(client_for, care_manager):
    client = client_for(care_manager)
    url = reverse("members:caseload")
    client.get(url)  # the first request after login extends the session

    assert _session_writes(client, url) == 0


def test_a_request_after_a_minute_extends_the_idle_timeout(client_for, care_manager):
    client = client_for(care_manager)
    url = reverse("members:caseload")
    client.get(url)
    session = client.session
    session[TOUCHED_KEY] -= 61
    session.save()
    stored = Session.objects.get(session_key=session.session_key)
    Session.objects.filter(pk=stored.pk).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=5)
    )

    assert _session_writes(client, url) == 1
    extended = Session.objects.get(pk=stored.pk).expire_date
    assert extended > timezone.now() + datetime.timedelta(minutes=29)


def test_an_idle_session_ends_and_the_user_must_log_in_again(client_for, care_manager):
    client = client_for(care_manager)
    client.get(reverse("members:caseload"))
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get(reverse("members:caseload"))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]
