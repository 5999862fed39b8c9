"""`make run`'s Community Supports demo: referrals at every status, one over its limit with an
override; a second run adds nothing."""

from django.core.management import call_command

from referrals.models import Referral, Status


def test_seed_demo_referrals_covers_every_status_once(db, capsys):
    call_command("seed_demo", "--members", "120", "--no-logins")
    call_command("seed_demo_referrals")
    call_command("seed_demo_referrals")

    assert set(Referral.objects.values_list("status", flat=True)) == set(Status.values)
    over = Referral.objects.get(authorization__source_id="DEMO-AUTH-TR")
    assert over.authorization.override_reason
    assert "4 of 6 months used; 3 asked" in over.events.get(status="authorized").note
    assert Referral.objects.count() == 11
