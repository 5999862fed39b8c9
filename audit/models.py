"""The PHI access log: one row for every time a person (or a task acting for one) reads
member records.

HIPAA's audit-control standard (45 CFR 164.312(b)) asks for a record of who looked at which
member's information and when; plan admins answer "who viewed this member" from it. A read of
one member's record names it in `member`; a list, a search or an export names every member it
showed in `member_ids`, in one row per request. Rows are written only by the access layer
(accounts.access.log).
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q


class AccessLog(models.Model):
    class View(models.TextChoices):
        MEMBER_PAGE = "member_page", "Member page"
        MEMBER_API = "member_api", "Member record (API)"
        ACCESS_LOG = "access_log", "Access log of the member"
        ELIGIBILITY = "eligibility", "Eligibility and enrollment"
        ASSESSMENTS = "assessments", "Assessments"
        CARE_PLAN = "care_plan", "Care plan"
        CONTACTS = "contacts_timeline", "Contacts and timeline"
        CLOCKS = "clocks", "Due dates"
        RISK = "risk", "Risk tier and its facts"
        CBO_PARTNERSHIP = "cbo_partnership", "CBO partnership and consent"
        CONSENT_FORM = "consent_form", "Signed consent form"
        CBO_DECISIONS = "cbo_decisions", "CBO assignments waiting (list)"
        CBO_THREAD = "cbo_thread", "Messages with the CBO"
        MESSAGES = "messages", "Messages inbox (list)"
        REFERRALS = "referrals", "Community Supports referrals"
        CASELOAD = "caseload", "Caseload (list)"
        MEMBER_LIST = "member_list", "Member list or search"
        WORKLIST = "worklist", "Newly eligible worklist"
        TASK_LIST = "task_list", "Task list"
        EXPORT = "export", "Export (determinations.csv)"
        ADMIN = "admin", "Admin site"

    class Channel(models.TextChoices):
        WEB = "web", "Web or API request"
        TASK = "system/task", "System task or command"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="Empty for the system's own scheduled work.",
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    member_ids = ArrayField(
        models.BigIntegerField(),
        default=list,
        db_default=[],
        blank=True,
        help_text="The members a list, search or export showed (one row per request).",
    )
    viewed = models.CharField(max_length=30, choices=View.choices)
    viewed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(
        max_length=20, choices=Channel.choices, default=Channel.WEB, db_default=Channel.WEB
    )

    class Meta:
        ordering = ["-viewed_at", "-id"]
        indexes = [
            models.Index(fields=["member", "-viewed_at"], name="accesslog_member_recent"),
            GinIndex(fields=["member_ids"], name="accesslog_members_shown"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(member_ids=[]),
                name="accesslog_names_members",
            )
        ]

    def __str__(self) -> str:
        shown = self.member_id if self.member_id else f"{len(self.member_ids)} members"
        return f"{self.user_id} viewed {self.viewed} of {shown}"

    @property
    def address(self) -> str | None:
        """The client address, or "system/task" for a read outside a request."""
        if self.channel == self.Channel.TASK:
            return self.Channel.TASK.value
        return self.client_address


def naming_member(member_id: int) -> Q:
    """Rows that read this member's record, alone or in a list (both indexes serve it)."""
    return Q(member_id=member_id) | Q(member_ids__contains=[member_id])
