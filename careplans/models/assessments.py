"""Assessments as data (shared/domain/screening.md).

A QuestionSet is one version of the HRA or the SDOH screening: its questions (English and
Spanish wording, answer choices with points) and its scoring rules. A plan admin edits a draft
version and publishes it; a published version is never edited again (a change is a new
version), so an assessment always shows the words the member was asked. Scoring is data too:
a ScoringRule flags a Need when the points of the answers in one domain reach a threshold (one
positive answer, PHQ-2 >= 3, 2+ ADLs dependent, interpersonal safety above 10). A Need carries
its ICD-10-CM Z codes and the Community Supports that could address it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Member


class AssessmentKind(models.TextChoices):
    HRA = "hra", _("Health Risk Assessment")
    SDOH = "sdoh", _("SDOH screening")


class QuestionSetStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class QuestionSet(models.Model):
    kind = models.CharField(max_length=10, choices=AssessmentKind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    status = models.CharField(
        max_length=10, choices=QuestionSetStatus.choices, default=QuestionSetStatus.DRAFT
    )
    notes = models.TextField(blank=True, help_text="What changed in this version, and why.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="question_set_version_unique"),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(status="published"),
                name="question_set_one_published_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status == QuestionSetStatus.DRAFT


class AnswerType(models.TextChoices):
    SINGLE_CHOICE = "single", "One choice"
    MULTIPLE_CHOICE = "multiple", "Several choices"
    YES_NO = "yes_no", "Yes / no"
    NUMBER = "number", "Number"
    TEXT = "text", "Free text"


class Question(models.Model):
    """One question of a version. `choices`: [{"value", "en", "es", "points"}, ...]."""

    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(max_length=60, help_text="Stable name used in answers and scoring.")
    domain = models.SlugField(max_length=60, help_text="The section it scores into, e.g. food.")
    position = models.PositiveIntegerField(default=0)
    text_en = models.TextField("Question (English)")
    text_es = models.TextField("Question (Spanish)")
    answer_type = models.CharField(max_length=10, choices=AnswerType.choices)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["question_set", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question_set", "key"], name="question_key_unique"),
        ]

    def __str__(self) -> str:
        return self.key


class Need(models.Model):
    """A need an assessment can flag, e.g. food insecurity: its Z codes and Community Supports.

    `community_supports` holds codes from shared/domain/community_supports.md.
    """

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=100)
    icd10_codes = models.CharField("ICD-10-CM codes", max_length=200, blank=True)
    community_supports = models.JSONField(default=list, blank=True)
    guidance = models.CharField(
        max_length=300, blank=True, help_text="What to do when flagged, e.g. the safety protocol."
    )

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label

    @property
    def community_support_names(self) -> list[str]:
        from careplans.community_supports import community_support_name

        return [community_support_name(code) for code in self.community_supports]

    @property
    def community_support_choices(self) -> list[tuple[str, str]]:
        """(code, name) of each suggested Community Support: the page links each to a referral."""
        return list(zip(self.community_supports, self.community_support_names, strict=True))


class ScoringRule(models.Model):
    """Flag `need` when the points of this version's answers in `domain` reach `min_points`."""

    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="scoring_rules"
    )
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="+")
    domain = models.SlugField(max_length=60)
    min_points = models.PositiveIntegerField(default=1)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["question_set", "domain", "need"]

    def __str__(self) -> str:
        return f"{self.domain} >= {self.min_points} -> {self.need_id}"


# The wordings every question carries (text_en, text_es).
LANGUAGES = {"en": "English", "es": "Spanish"}


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    COMPLETED = "completed", _("Completed")


class Assessment(models.Model):
    """One sitting-spanning assessment of a member on one question-set version.

    Answers are {question key: value} (a list for several choices). `revision` increases with
    every save, so two people saving one draft at once cannot overwrite each other unseen.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="assessments")
    question_set = models.ForeignKey(QuestionSet, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    language = models.CharField(max_length=2, choices=LANGUAGES.items(), default="en")
    answers = models.JSONField(default=dict, blank=True)
    revision = models.PositiveIntegerField(default=1)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["member", "-started_at"]
        indexes = [
            models.Index(fields=["member", "status", "-completed_on"], name="assessment_member")
        ]

    def __str__(self) -> str:
        return f"{self.question_set} for member {self.member_id} ({self.status})"


class AssessmentNeed(models.Model):
    """A need flagged by a completed assessment, with the answers that flagged it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="needs")
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveIntegerField()
    evidence = models.CharField(max_length=500)

    class Meta:
        ordering = ["assessment", "need"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "need"], name="assessment_need_unique")
        ]

    def __str__(self) -> str:
        return f"{self.need_id} from assessment {self.assessment_id}"
