"""The PHI access log: one row for every time a person views a member's record.

HIPAA's audit-control standard (45 CFR 164.312(b)) asks for a record of who looked at which
member's information and when; plan admins answer "who viewed this member" from it.
"""

from django.conf import settings
from django.db import models


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

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    viewed = models.CharField(max_length=30, choices=View.choices)
    viewed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-viewed_at", "-id"]
        indexes = [models.Index(fields=["member", "-viewed_at"], name="accesslog_member_recent")]

    def __str__(self) -> str:
        return f"{self.user_id} viewed {self.viewed} of member {self.member_id}"
