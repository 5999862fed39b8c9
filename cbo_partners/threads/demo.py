"""`make run`'s demo threads: on members shared with each demo CBO, a short conversation
between the plan's care manager and the CBO's care manager, the CBO's last reply unread by the
plan, posted through the service (so notifications and the Plan CM <-> CBO CM clock follow).

Runs after the demo's sharing: it uses the accepted assignments that exist, and only where the
demo has none yet (sharing stored on the member alone) makes the accepted assignment, naming the
CBO's demo user as its care manager. Once: a re-run with messages in place adds nothing.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, User
from accounts.roles import Role
from cbo_partners.models import AssignmentStatus, CboAssignment, Message, Partner
from members.models import Member

from . import access, selectors, services

CONVERSATION = (
    ("plan", "Hello, I am the plan care manager. Could you check on the member's food supply "
             "at your next visit?"),
    ("cbo", "Visited on Tuesday: pantry is low, we enrolled them in our weekly food box."),
    ("cbo", "They also asked for help with a ride to the cardiology appointment next week."),
)  # fmt: skip
THREADS_PER_CBO = 2


def _cbo_user(organization: Organization) -> User | None:
    return (
        User.objects.filter(organization=organization, is_active=True, groups__name=Role.CBO_STAFF)
        .order_by("username")
        .first()
    )


def _assignments(organization: Organization, cbo_user: User) -> list[CboAssignment]:
    found = list(
        CboAssignment.objects.filter(
            partner__organization=organization,
            status=AssignmentStatus.ACCEPTED,
            member__care_manager__isnull=False,
        ).order_by("member__cin")[:THREADS_PER_CBO]
    )
    if found:
        for assignment in found:
            if assignment.cbo_care_manager_id is None:
                assignment.cbo_care_manager = cbo_user
                assignment.save(update_fields=["cbo_care_manager"])
        return found
    partner = Partner.objects.filter(organization=organization).first() or Partner.objects.create(
        organization=organization,
        group=Group.objects.get_or_create(name=f"cbo:{organization.pk}")[0],
        capacity=50,
    )
    members = Member.objects.filter(cbo=organization, care_manager__isnull=False).order_by("cin")
    made = []
    for member in members[:THREADS_PER_CBO]:
        if CboAssignment.objects.filter(member=member, program=member.program).exists():
            continue
        made.append(
            CboAssignment.objects.create(
                member=member,
                partner=partner,
                program=member.program,
                status=AssignmentStatus.ACCEPTED,
                assigned_by=member.care_manager,
                assigned_at=timezone.now(),
                decided_by=cbo_user,
                decided_at=timezone.now(),
                cbo_care_manager=cbo_user,
            )
        )
    return made


def seed_demo_threads() -> int:
    """Post the demo conversations; return how many messages were posted."""
    if Message.objects.exists():
        return 0
    posted = 0
    for organization in Organization.objects.filter(kind=Organization.Kind.CBO).order_by("name"):
        cbo_user = _cbo_user(organization)
        if cbo_user is None:
            continue
        with transaction.atomic():
            assignments = _assignments(organization, cbo_user)
        for assignment in assignments:
            member = Member.objects.select_related("care_manager").get(pk=assignment.member_id)
            tasks = list(selectors.member_tasks(member)[:1])
            for number, (side, body) in enumerate(CONVERSATION):
                author = member.care_manager if side == "plan" else assignment.cbo_care_manager
                place = access.standing(author, member, assignment)
                if place is None or not place.may_post:
                    break
                services.post_message(
                    assignment=assignment,
                    member=member,
                    author=author,
                    place=place,
                    body=body,
                    task_id=tasks[0].pk if tasks and number == 0 else None,
                )
                posted += 1
    return posted
