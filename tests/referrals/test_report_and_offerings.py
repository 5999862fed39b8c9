"""The closed-loop report (page, CSV, command), the offerings page, and business days."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.business_days import add_business_days, california_holidays
from referrals import services
from referrals.models import CsOffering
from tests.factories import MemberFactory

from .helpers import OfferingFactory, make_provider

pytestmark = pytest.mark.django_db
D = datetime.date


def closed_connected(member, provider, care_manager, cbo_user, supervisor):
    r = services.create_referral(member=member, service="transitional_rent", provider=provider,
                                 reason="x", urgency="routine", by=care_manager)  # fmt: skip
    r = services.accept(r, by=cbo_user, version=r.version)
    today = timezone.localdate()
    r, _check = services.authorize(r, by=supervisor, version=r.version, number="N1",
                                   start=today, end=today, units=1, amount=None)  # fmt: skip
    r = services.record_delivery(r, by=cbo_user, version=r.version, start=today, end=today,
                                 units=1)  # fmt: skip
    r = services.complete(r, by=cbo_user, version=r.version)
    return services.close(r, by=care_manager, version=r.version,
                          closure_reason="service_completed", connected=True, connected_on=today)  # fmt: skip


def test_monthly_report_page_csv_and_command(client, tmp_path, care_manager, cbo_user,
                                             supervisor, plan_admin):  # fmt: skip
    OfferingFactory()
    provider = make_provider(organization=cbo_user.organization)
    member = MemberFactory(care_manager=care_manager)
    closed_connected(member, provider, care_manager, cbo_user, supervisor)
    services.create_referral(member=MemberFactory(care_manager=care_manager),
                             service="transitional_rent", provider=provider, reason="y",
                             urgency="urgent", by=care_manager)  # fmt: skip
    month = f"{timezone.localdate():%Y-%m}"
    client.force_login(plan_admin)
    page = client.get(reverse("referrals:report"), {"month": month})
    assert page.status_code == 200 and member.cin in page.text
    rows = list(csv.DictReader(io.StringIO(
        client.get(reverse("referrals:report_csv"), {"month": month}).content.decode())))  # fmt: skip
    assert len(rows) == 2
    closed = next(r for r in rows if r["cin"] == member.cin)
    assert (closed["status"], closed["connected"], closed["decision"]) == (
        "closed",
        "yes",
        "accepted",
    )
    out, summary = tmp_path / "loop.csv", tmp_path / "summary.csv"
    call_command("closed_loop_report", "--month", month, "--out", str(out),
                 "--summary", str(summary))  # fmt: skip
    assert out.read_text().count("\n") == 3
    totals = list(csv.DictReader(summary.open()))
    assert totals[0]["referrals"] == "2" and totals[0]["pct_connected"] == "100.0"
    client.force_login(care_manager)
    assert client.get(reverse("referrals:report")).status_code == 404


def test_offerings_page_keeps_history_and_refuses_bad_periods(client, plan_admin):
    client.force_login(plan_admin)
    url = reverse("referrals:offerings")
    ok = client.post(url, {"county": "Fresno", "service": "respite",
                           "effective_from": "2026-01-01"})  # fmt: skip
    assert ok.status_code == 302
    bad = client.post(url, {"county": "Fresno", "service": "respite",
                            "effective_from": "2026-03-01", "effective_to": "2026-05-31"})  # fmt: skip
    assert bad.status_code == 422
    assert "Must be a 1 January or a 1 July" in bad.text
    assert "Must be a 30 June or a 31 December" in bad.text
    overlap = client.post(url, {"county": "Fresno", "service": "respite",
                                "effective_from": "2026-07-01"})  # fmt: skip
    assert overlap.status_code == 422 and "Overlaps the period from 2026-01-01" in overlap.text
    open_period = CsOffering.objects.get()
    client.post(url, {"county": "Fresno", "service": "respite", "effective_from": "2026-01-01",
                      "effective_to": "2026-06-30", "end_id": open_period.pk})  # fmt: skip
    assert client.post(url, {"county": "Fresno", "service": "respite",
                             "effective_from": "2026-07-01"}).status_code == 302  # fmt: skip
    assert list(CsOffering.objects.values_list("effective_from", "effective_to")) == [
        (D(2026, 1, 1), D(2026, 6, 30)), (D(2026, 7, 1), None)]  # fmt: skip


def test_business_days_skip_weekends_and_california_holidays():
    assert D(2026, 11, 26) in california_holidays(2026)  # Thanksgiving
    assert D(2026, 11, 27) in california_holidays(2026)  # the day after
    assert D(2026, 3, 31) in california_holidays(2026)  # Cesar Chavez Day
    # Sent Wednesday 25 November 2026: Thu/Fri holidays, weekend, then Mon..Fri.
    assert add_business_days(D(2026, 11, 25), 5) == D(2026, 12, 4)
    # A Sunday holiday moves to Monday: 4 July 2027 is a Sunday.
    assert D(2027, 7, 5) in california_holidays(2027)
    assert add_business_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
