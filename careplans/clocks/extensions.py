"""What the clocks add to a member's record: the "Due dates" section and running clocks in
"My tasks"; registered from careplans' AppConfig.ready()."""

from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_noop, ngettext

from careplans.clocks.rules import DUE_SOON
from careplans.models import MemberClock
from members import extensions
from members.extensions import MemberSection, SectionCount, TaskSource
from members.models import ClockSummary


def running_clocks(members, owner, today, due_soon_days) -> QuerySet:
    """Running clocks of `owner`'s members among `members` (their state is stored)."""
    return MemberClock.objects.filter(member__in=members, member__care_manager=owner).annotate(
        i_kind=F("clock"),
        i_id=F("id"),
        i_member=F("member_id"),
        i_last=F("member__last_name"),
        i_first=F("member__first_name"),
        i_what=F("basis"),
        i_due=F("due_on"),
        i_state=F("state"),
        i_owner=Concat(
            "member__care_manager__first_name",
            Value(" "),
            "member__care_manager__last_name",
            output_field=CharField(),
        ),
    )


def _overdue_label(overdue: int) -> str | None:
    """ "2 overdue" beside "Due dates" in the member page's navigation (nothing when none is)."""
    if not overdue:
        return None
    return ngettext("%(count)d overdue", "%(count)d overdue", overdue) % {"count": overdue}


OVERDUE_COUNT = SectionCount(
    sql="SELECT count(*) FROM careplans_memberclock"
    f" WHERE member_id = %(member_id)s AND state = '{ClockSummary.OVERDUE.value}'",
    label=_overdue_label,
)


def register() -> None:
    extensions.contribute(
        MemberSection(
            key="clocks",
            title=gettext_noop("Due dates"),
            url_name="careplans:member_clocks",
            order=40,
            heading_id="clocks-h",
            loading=gettext_noop("Loading due dates"),
            count=OVERDUE_COUNT,
        ),
        TaskSource(
            key="clocks",
            items=running_clocks,
            kinds=lambda: list(extensions.clock_labels().items()),
            order=20,
        ),
        DUE_SOON,
    )
