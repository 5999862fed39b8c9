"""Tell a member's plan care manager when a CBO's access to the member ended (consent revoked
or expired, assignment declined or ended) and the CBO's open tasks came back to them.

Connected to cbo_partners.grants.access_ended from this app's ready(): cbo_partners sits below
notifications in the layers and does not import it. The title names no member; the centre
shows the member's name only while the reader may see them.
"""

from django.utils import timezone

from .models import Notification


def notify_plan_care_managers(sender, ended, **kwargs) -> int:
    now, today = timezone.now(), timezone.localdate()
    rows = []
    for item in ended:
        if item.care_manager_id is None:
            continue
        tasks = (
            f"; {item.tasks_returned} open task{'s' if item.tasks_returned != 1 else ''} "
            "came back to you"
            if item.tasks_returned
            else ""
        )
        rows.append(
            Notification(
                user_id=item.care_manager_id,
                kind=Notification.Kind.CBO,
                key=f"cbo:{item.member_id}:{item.partner_id}",
                day=today,
                member_id=item.member_id,
                title=f"{item.partner_name} no longer sees a member{tasks}"[:200],
                link=f"/members/{item.member_id}/",
                created_at=now,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
