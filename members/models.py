"""The plan's members, loaded from the roster (shared/contracts members.csv), and who works them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.reference import LANGUAGE_NAMES, RACE_ETHNICITY_LABELS

from .identifiers import mbi_pattern, validate_mbi


class Program(models.TextChoices):
    """CICM for D-SNP members, ECM for Medi-Cal-only members (shared/domain/populations.md)."""

    CICM = "CICM", "CICM (D-SNP)"
    ECM = "ECM", "ECM (Medi-Cal)"


class Sex(models.TextChoices):
    F = "F", _("Female")
    M = "M", _("Male")
    X = "X", _("Non-binary")
    U = "U", _("Unknown")


class HousingStatus(models.TextChoices):
    HOUSED = "housed", _("Housed")
    HOMELESS = "homeless", _("Homeless")
    AT_RISK = "at_risk", _("At risk")
    UNKNOWN = "unknown", _("Unknown")


class ClockSummary(models.TextChoices):
    """A member's most urgent due date (shared/domain/timelines.md); empty when nothing is due."""

    DUE = "due", _("Due")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    # Fell due before the portal went live, for a member with no history loaded: the portal
    # cannot know whether it was met (careplans/clocks/history.py).
    NO_RECORD = "no_record", _("No record before go-live")


class RiskTier(models.TextChoices):
    """A member's risk tier from the latest stratification (shared/domain/risk.md)."""

    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


# Roster flags that are evidence for a population of focus (justice-involved, birth equity,
# long-term care, children's services): shown to the plan, not to a CBO partner, who sees the
# populations of focus by name only (least necessary).
ROSTER_FLAG_FIELDS = (
    "incarceration_release_date",
    "nursing_facility_resident",
    "wants_community_transition",
    "ltc_level_of_care",
    "currently_pregnant",
    "pregnancy_end_date",
    "ccs_enrolled",
    "child_welfare_involved",
)


class Member(models.Model):
    """One member of the plan, keyed by CIN. Imports update members by CIN, never by id."""

    cin = models.CharField("CIN", max_length=9, db_collation="C")
    mbi = models.CharField("MBI", max_length=11, blank=True, validators=[validate_mbi])
    last_name = models.CharField(max_length=100)
    first_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    race_ethnicity = models.CharField(max_length=40, blank=True)
    preferred_language = models.CharField(max_length=2, blank=True)
    county = models.CharField(max_length=40)
    address_line = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    zip = models.CharField("ZIP", max_length=10, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    plan_product = models.CharField(max_length=20)
    program = models.GeneratedField(
        expression=models.Case(
            models.When(plan_product__startswith="DSNP:", then=models.Value(Program.CICM)),
            default=models.Value(Program.ECM),
        ),
        output_field=models.CharField(max_length=4, choices=Program.choices),
        db_persist=True,
    )
    enrollment_start = models.DateField()
    enrollment_end = models.DateField(null=True, blank=True)
    housing_status = models.CharField(max_length=10, choices=HousingStatus.choices, blank=True)
    incarceration_release_date = models.DateField(null=True, blank=True)
    nursing_facility_resident = models.BooleanField(null=True)
    wants_community_transition = models.BooleanField(null=True)
    ltc_level_of_care = models.BooleanField("LTC level of care", null=True)
    pregnancy_end_date = models.DateField(null=True, blank=True)
    currently_pregnant = models.BooleanField(null=True)
    ccs_enrolled = models.BooleanField("CCS enrolled", null=True)
    child_welfare_involved = models.BooleanField(null=True)

    care_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        db_index=False,  # covered by the partial index member_caseload
    )
    cbo = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_members",
        db_index=False,  # covered by the partial index member_cbo
        verbose_name="CBO",
        help_text="The community-based organisation that shares this member's care.",
    )
    cbo_consent_on = models.DateField(
        "CBO data-sharing consent",
        null=True,
        blank=True,
        help_text="The member's consent to share their record with the CBO; none means no access.",
    )
    # The worst of the member's due-date clocks, kept here by careplans (which computes them) so
    # the caseload can show and filter it without the members app knowing about care plans.
    clock_state = models.CharField(
        "Due dates", max_length=10, choices=ClockSummary.choices, blank=True, db_default=""
    )
    next_due_on = models.DateField(null=True, blank=True)
    next_due_label = models.CharField(max_length=60, blank=True, db_default="")
    # The latest risk stratification, kept here by the risk app for the same reason.
    risk_tier = models.CharField(
        "Risk tier", max_length=6, choices=RiskTier.choices, blank=True, db_default=""
    )
    risk_score = models.SmallIntegerField(null=True, blank=True)
    risk_rising = models.BooleanField(db_default=False, default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "cin"]
        indexes = [
            # Partial indexes: a fresh roster has no care managers or CBOs yet, so a bulk
            # import pays for no index entries nobody will look up.
            models.Index(
                fields=["care_manager", "last_name", "first_name"],
                name="member_caseload",
                condition=models.Q(care_manager__isnull=False),
            ),
            models.Index(fields=["last_name", "first_name", "cin"], name="member_name"),
            models.Index(fields=["cbo"], name="member_cbo", condition=models.Q(cbo__isnull=False)),
        ]
        constraints = [
            # A constraint rather than unique=True: the C-collated unique index serves CIN
            # prefix searches itself, so Django's extra varchar_pattern_ops index is not needed.
            models.UniqueConstraint(fields=["cin"], name="member_cin_unique"),
            # The database refuses an MBI outside CMS's format, whoever writes it.
            models.CheckConstraint(
                condition=models.Q(mbi="") | models.Q(mbi__regex=mbi_pattern()),
                name="member_mbi_cms_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    @property
    def program_label(self) -> str:
        """GeneratedField gets no get_program_display(); the label comes from Program."""
        return Program(self.program).label if self.program else ""

    @property
    def race_ethnicity_label(self) -> str:
        return RACE_ETHNICITY_LABELS.get(self.race_ethnicity, self.race_ethnicity)

    @property
    def preferred_language_label(self) -> str:
        code = self.preferred_language
        return f"{LANGUAGE_NAMES[code]} ({code})" if code in LANGUAGE_NAMES else code

    @property
    def formatted_mbi(self) -> str:
        """CMS shows MBIs as 1EG4-TE5-MK73; stored without dashes."""
        m = self.mbi
        return f"{m[:4]}-{m[4:7]}-{m[7:]}" if len(m) == 11 else m

    def is_enrolled_on(self, day) -> bool:
        return self.enrollment_start <= day and (
            self.enrollment_end is None or self.enrollment_end >= day
        )


class CareManagerAssignment(models.Model):
    """History of who a member was assigned to, by whom and when. The current one is on Member.

    Kept as a domain table rather than generic model history: "who was this member's care manager
    in March" is a question supervisors and auditors ask, and bulk reassignment writes it in SQL.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="assignments")
    care_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    previous_care_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField()

    class Meta:
        ordering = ["-assigned_at", "-id"]
        indexes = [models.Index(fields=["member", "-assigned_at"], name="assignment_member_recent")]

    def __str__(self) -> str:
        return f"member {self.member_id} to {self.care_manager_id} at {self.assigned_at:%Y-%m-%d}"
