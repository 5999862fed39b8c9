"""Demo data of the CBO partnership for `make run` (after `seed_demo`): each CBO in the directory
with a contract, a contact and its staff (a lead and care managers); members assigned, accepted
and consented, one waiting for Eastside's decision, one declined by Bay Area, a Part 2 consent
and a revoked one. Everything goes through the services; safe to run again.
"""

import datetime

from django.core.management.base import BaseCommand

from accounts.models import Organization, User
from cbo_partners.assignments import services as assignments
from cbo_partners.consent import services as consents
from cbo_partners.directory import services as directory
from cbo_partners.models import CboAssignment, Partner
from members.management.commands.seed_demo import DEMO_USERS, ORGANIZATIONS
from members.models import Member

# The CBOs' directory entries: capacity, a contract and a contact (cbo_partners).
PARTNERS = {
    "eastside": {
        "capacity": 40,
        "phone": "(510) 555-0142",
        "email": "intake@eastside.example.org",
        "counties": ["Alameda"],
        "languages": ["English", "Spanish"],
        "populations": ["homeless", "high_utilizer"],
        "community_supports": ["housing_navigation"],
        "contact": ("Rosa Alvarez", "Intake coordinator"),
    },
    "bayarea": {
        "capacity": 25,
        "phone": "(415) 555-0177",
        "email": "referrals@bayarea.example.org",
        "counties": ["San Francisco", "San Mateo"],
        "languages": ["English", "Cantonese"],
        "populations": ["homeless"],
        "community_supports": ["housing_deposits"],
        "contact": ("Henry Wu", "Program manager"),
    },
}


class Command(BaseCommand):
    help = "Load the CBO partnership's demo data (run seed_demo first)."

    def handle(self, *args, **options):
        self._share_with_cbos()
        self.stdout.write("Demo CBO partnership: 2 partners, assignments and consents.")

    def _share_with_cbos(self) -> None:
        """Each CBO in the directory with a contract, a contact and its staff; three of
        cm.garcia's members assigned to it, accepted by its lead and consented, so each CBO
        care manager login has someone to see; one more waiting for Eastside's decision; a Part 2
        consent (Eastside) and a revoked one (Bay Area). Once: a re-run leaves them as they are.
        """
        admin = User.objects.get(username="admin.patel")
        supervisor = User.objects.get(username="sup.johnson")
        recorder = User.objects.get(username="cm.garcia")
        partners = {}
        for key, spec in PARTNERS.items():
            org = Organization.objects.get(name=ORGANIZATIONS[key][0])
            partner = Partner.objects.filter(organization=org).first()
            if partner is None:
                partner = directory.create_partner(
                    name=org.name, organization=org, by=admin, capacity=spec["capacity"],
                    phone=spec["phone"], email=spec["email"],
                )  # fmt: skip
                directory.add_contract(
                    partner=partner, by=admin, reference=f"CBO-2026-{org.pk:03d}",
                    effective_on=datetime.date(2026, 1, 1), programs=["CICM", "ECM"],
                    counties=spec["counties"], languages=spec["languages"],
                    populations=spec["populations"],
                    community_supports=spec["community_supports"],
                )  # fmt: skip
                name, title = spec["contact"]
                directory.add_contact(partner=partner, by=admin, name=name, title=title,
                                      primary=True)  # fmt: skip
            for username, *_rest, org_key, _sup in DEMO_USERS:
                if org_key == key:
                    user = User.objects.get(username=username)
                    directory.add_staff(partner=partner, user=user, by=admin,
                                        lead=username.startswith("lead."))  # fmt: skip
            partners[key] = partner
        if CboAssignment.objects.exists():
            return
        consented = datetime.date(2026, 1, 5)
        for offset, key in enumerate(["eastside", "bayarea"]):
            partner, lead = partners[key], User.objects.get(username=f"lead.{key}")
            ids = _first_member_ids_of("cm.garcia", 5, offset * 5)
            for index, member in enumerate(Member.objects.filter(pk__in=ids).order_by("cin")):
                assignment = assignments.assign(
                    member=member, partner=partner, program=member.program, by=supervisor
                )
                scopes = ["care_coordination"]
                if key == "eastside" and index == 0:
                    scopes.append("sud_part2")  # one consent with Part 2
                consent = consents.record(
                    member=member, recipients=[partner], scopes=scopes, method="written",
                    effective_on=consented, by=recorder,
                )  # fmt: skip
                if index == 4:
                    continue  # waiting for the lead's decision (Bay Area's declines, below)
                care_manager = User.objects.get(username=f"cbo.{key}")
                assignments.accept(assignment=assignment, by=lead, cbo_care_manager=care_manager)
                if index == 3 and key == "bayarea":  # the member withdrew consent
                    consents.revoke(
                        consent=consent,
                        by=recorder,
                        revoked_on=consented + datetime.timedelta(days=60),
                        note="Member asked to stop",
                    )
                elif index == 3:
                    assignments.change_cbo_care_manager(
                        assignment=assignment, by=lead,
                        cbo_care_manager=User.objects.get(username=f"cbo.{key}2"),
                    )  # fmt: skip
            if key == "bayarea":
                # the fifth: assigned and consented, then declined by the CBO
                pending = CboAssignment.objects.filter(partner=partner, status="pending").first()
                if pending is not None:
                    assignments.decline(assignment=pending, by=lead, reason="language")


def _first_member_ids_of(username: str, count: int, offset: int) -> list[int]:
    ids = Member.objects.filter(care_manager__username=username).order_by("cin")
    return list(ids.values_list("pk", flat=True)[offset : offset + count])
