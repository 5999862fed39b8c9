"""`make run`'s demo data: one login per role, members loaded by the real import, re-runnable."""

from django.core.management import call_command

from accounts.access import members_visible_to
from accounts.models import User
from accounts.roles import Role, has_role
from members.models import CareManagerAssignment, Member


def test_seed_demo_creates_logins_members_and_caseloads_and_can_run_again(db, capsys):
    call_command("seed_demo", "--members", "40")
    call_command("seed_demo_cbo")
    call_command("seed_demo", "--members", "40")
    call_command("seed_demo_cbo")

    output = capsys.readouterr().out
    assert "0 created, 0 updated, 40 unchanged" in output
    for username, role in [
        ("cm.garcia", Role.CARE_MANAGER),
        ("sup.johnson", Role.SUPERVISOR),
        ("admin.patel", Role.PLAN_ADMIN),
        ("cbo.eastside", Role.CBO_STAFF),
        ("cbo.bayarea", Role.CBO_STAFF),
    ]:
        assert username in output
        user = User.objects.get(username=username)
        assert has_role(user, role)
        assert user.check_password("calaim-demo-2026")
    assert Member.objects.count() == 40
    assert Member.objects.filter(care_manager__username="cm.garcia").count() == 16
    assert CareManagerAssignment.objects.count() == 32  # assigned once, not on the re-run
    assert User.objects.get(username="cm.lee").supervisor.username == "sup.johnson"
    for cbo_login in ("cbo.eastside", "cbo.bayarea"):  # partner logins see their shared members
        cbo_user = User.objects.get(username=cbo_login)
        assert members_visible_to(cbo_user).count() == 3


def test_seed_demo_sets_up_the_cbo_partnership(db, capsys):
    from cbo_partners.models import CboAssignment, Consent, Partner

    call_command("seed_demo", "--members", "40")
    call_command("seed_demo_cbo")
    output = capsys.readouterr().out

    assert {"lead.eastside", "lead.bayarea", "cbo.eastside2", "cbo.bayarea2"} <= {
        word for line in output.splitlines() for word in line.split()
    }
    assert Partner.objects.count() == 2
    assert all(p.contracts.exists() and p.contacts.exists() for p in Partner.objects.all())
    seen = {
        name: members_visible_to(User.objects.get(username=name)).count()
        for name in ("lead.eastside", "cbo.eastside", "cbo.eastside2", "lead.bayarea")
    }
    assert seen == {"lead.eastside": 5, "cbo.eastside": 3, "cbo.eastside2": 1, "lead.bayarea": 3}
    assert CboAssignment.objects.filter(status="pending").count() == 1  # waiting for Eastside
    assert CboAssignment.objects.filter(status="declined").count() == 1
    assert Consent.objects.filter(scopes__contains=["sud_part2"]).count() == 1
    assert Consent.objects.filter(revoked_on__isnull=False).count() == 1
