"""Demo data for `make run`: the plan, two CBOs, one user per role, and synthetic members (the
CBOs' directory, assignments and consents come next, from cbo_partners' `seed_demo_cbo`).

Members are made by `generate_synthetic` and loaded through the real roster import, then split
between two care managers by the real assignment service. Safe to run again: users are updated,
the import is idempotent and members are assigned only once.
"""

import base64
import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Organization, User
from accounts.roles import ROLE_LABELS, Role, role_group
from core.models import ImportJob
from members import services
from members.models import CareManagerAssignment, Member
from members.synthetic import write_synthetic_files

DEMO_PASSWORD = "calaim-demo-2026"  # noqa: S105 - printed for the local demo only
# Every demo user's authenticator app shares this secret (base32 "MNQWYYLJNUWWIZLNN4WTEMBSGY"),
# printed with the logins so a developer can add it to an app or compute the code; real users
# enroll their own app at first login.
DEMO_TOTP_KEY = b"calaim-demo-2026".hex()
DEMO_ASSIGNED_DAYS_AGO = 400  # the demo caseloads were assigned before the portal

DEMO_USERS = [
    # username, first, last, role, organisation key, supervisor username
    ("sup.johnson", "Renee", "Johnson", Role.SUPERVISOR, "plan", None),
    ("cm.garcia", "Ana", "Garcia", Role.CARE_MANAGER, "plan", "sup.johnson"),
    ("cm.lee", "Daniel", "Lee", Role.CARE_MANAGER, "plan", "sup.johnson"),
    ("admin.patel", "Priya", "Patel", Role.PLAN_ADMIN, "plan", None),
    ("cbo.eastside", "Marisol", "Reyes", Role.CBO_STAFF, "eastside", None),
    ("cbo.bayarea", "Kevin", "Tran", Role.CBO_STAFF, "bayarea", None),
    ("lead.eastside", "Gloria", "Mendez", Role.CBO_LEAD, "eastside", None),
    ("cbo.eastside2", "Luis", "Ortega", Role.CBO_STAFF, "eastside", None),
    ("lead.bayarea", "Aisha", "Bello", Role.CBO_LEAD, "bayarea", None),
    ("cbo.bayarea2", "Grace", "Kim", Role.CBO_STAFF, "bayarea", None),
]


ORGANIZATIONS = {
    "plan": ("Golden State Health Plan", Organization.Kind.PLAN),
    "eastside": ("Eastside Community Health Partners", Organization.Kind.CBO),
    "bayarea": ("Bay Area Housing Collaborative", Organization.Kind.CBO),
}


class Command(BaseCommand):
    help = "Load demo organisations, users of each role and synthetic members."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=600)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--no-logins",
            action="store_true",
            help="do not print the logins (make demo does, last)",
        )

    def handle(self, *args, members: int, seed: int, no_logins: bool = False, **options):
        if settings.DEBUG is False and not settings.SECRET_KEY.startswith(("dev-", "test-")):
            raise CommandError("seed_demo loads demo logins; it runs only in dev or test settings.")
        users = self._users()
        out_dir = Path(settings.BASE_DIR) / "var" / "demo"
        write_synthetic_files(members=members, out_dir=out_dir, seed=seed)
        job = services.import_roster_file(path=out_dir / "members.csv", by=users["admin.patel"])
        if job.status != ImportJob.Status.SUCCEEDED:
            raise CommandError(f"Demo roster import {job.status}: see import job {job.pk}.")
        self.stdout.write(
            f"Demo roster: {job.created_count} created, {job.updated_count} updated, "
            f"{job.unchanged_count} unchanged."
        )
        self._assign(users)
        if not no_logins:
            print_logins(self.stdout)

    @transaction.atomic
    def _users(self) -> dict[str, User]:
        orgs = {
            key: Organization.objects.update_or_create(name=name, defaults={"kind": kind})[0]
            for key, (name, kind) in ORGANIZATIONS.items()
        }
        users = {}
        for username, first, last, role, org_key, supervisor in DEMO_USERS:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "organization": orgs[org_key],
                    "supervisor": users.get(supervisor),
                    "is_staff": role == Role.PLAN_ADMIN,
                    "email": f"{username}@example.org",
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            roles = [role_group(role)]
            if role == Role.CBO_LEAD:  # a lead is CBO staff who also decides on assignments
                roles.append(role_group(Role.CBO_STAFF))
            user.groups.set(roles)
            TOTPDevice.objects.filter(user=user).exclude(name="Demo authenticator").delete()
            TOTPDevice.objects.update_or_create(
                user=user,
                name="Demo authenticator",
                defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
            )
            users[username] = user
        return users

    def _assign(self, users: dict[str, User]) -> None:
        """Give each care manager about 40% of the members; the rest wait for the supervisor."""
        if CareManagerAssignment.objects.exists():
            return
        ids = list(Member.objects.order_by("cin").values_list("pk", flat=True))
        share = int(len(ids) * 0.4)
        supervisor = users["sup.johnson"]
        for offset, username in enumerate(["cm.garcia", "cm.lee"]):
            chunk = ids[offset * share : (offset + 1) * share]
            services.assign_members(member_ids=chunk, care_manager=users[username], by=supervisor)
        # The caseloads came over from the plan's earlier system, assigned long before go-live:
        # their first outreach is not the portal's to count (careplans/clocks/history.py).
        CareManagerAssignment.objects.update(
            assigned_at=timezone.now() - datetime.timedelta(days=DEMO_ASSIGNED_DAYS_AGO)
        )


def _first_member_ids_of(username: str, count: int, offset: int) -> list[int]:
    ids = Member.objects.filter(care_manager__username=username).order_by("cin")
    return list(ids.values_list("pk", flat=True)[offset : offset + count])


def demo_totp_secret() -> str:
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode().rstrip("=")


def print_logins(stdout) -> None:
    stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
    for username, first, last, role, org_key, _ in DEMO_USERS:
        org = ORGANIZATIONS[org_key][0]
        stdout.write(f"  {ROLE_LABELS[role]:13} {username:14} {first} {last}, {org}")
    secret = demo_totp_secret()
    code_command = f"import pyotp; print(pyotp.TOTP('{secret}').now())"
    stdout.write(
        "Two-step login: after the password the portal asks for a code. Every demo user has an\n"
        f"authenticator app with the setup key {secret} (add it to any TOTP app),\n"
        f'or print the current code with:  .venv/bin/python -c "{code_command}"\n'
        "(each code logs a user in once: the same user again within 30 s needs the next code).\n"
        "To see first-login enrolment, reset a user on admin.patel's Users page."
    )
    stdout.write("Open http://localhost:8000 and log in.\n")
