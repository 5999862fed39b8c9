"""Assessments of a member: starting, saving over several sittings, completing; and reading them.

An assessment is answered on one question-set version (the one published when it was started)
and keeps it for good, so a completed assessment always shows the words the member was asked,
even after the plan admin publishes a new version. Saves carry the revision the person started
from; a save from an older revision (a second tab, a second person) is refused with
StaleRevision instead of silently overwriting, and the caller shows the person their answers
back. Completing checks the required answers and runs scoring (careplans.assessments.scoring),
storing each flagged need with its evidence.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from careplans.assessments import scoring
from careplans.assessments.selectors import (
    _number,
    missing_required,
    published_question_set,
    questions_of,
)
from careplans.clocks.services import refresh_after_commit
from careplans.models import (
    AnswerType,
    Assessment,
    AssessmentKind,
    AssessmentNeed,
    AssessmentStatus,
    Question,
    ScoringRule,
)
from careplans.models.assessments import LANGUAGES
from members.models import Member


class StaleRevision(Exception):
    """The assessment changed since the caller read it; `current` is what is saved now."""

    def __init__(self, current: Assessment):
        self.current = current
        super().__init__(
            f"This assessment was changed by someone else since you opened it (it is now at "
            f"revision {current.revision}). Your answers were not saved."
        )


class AssessmentIncomplete(ValidationError):
    """Required questions without an answer: {question key: message naming the question}."""


# Selectors


# Answers


def clean_answers(questions: list[Question], answers: dict) -> dict:
    """Answers checked against the version's questions; None or blank means "no answer".

    Raises ValidationError {key: message} for unknown questions and impossible answers.
    """
    by_key = {q.key: q for q in questions}
    cleaned, errors = {}, {}
    for key, value in answers.items():
        question = by_key.get(key)
        if question is None:
            errors[key] = "There is no such question in this version."
            continue
        if value in (None, "", []):
            cleaned[key] = None
            continue
        allowed = {str(c["value"]) for c in question.choices}
        kind = question.answer_type
        if kind == AnswerType.MULTIPLE_CHOICE:
            values = [str(v) for v in (value if isinstance(value, list) else [value])]
            if not set(values) <= allowed:
                errors[key] = f"Choose from: {', '.join(sorted(allowed))}."
            elif message := _exclusive_conflict(question, values):
                errors[key] = message
            cleaned[key] = values
        elif kind == AnswerType.NUMBER:
            try:
                cleaned[key] = _number(value)
            except (TypeError, ValueError):
                errors[key] = "Enter a number."
        elif kind == AnswerType.TEXT:
            cleaned[key] = str(value).strip()[:2000]
        else:
            if str(value) not in allowed:
                errors[key] = f"Choose one of: {', '.join(sorted(allowed))}."
            cleaned[key] = str(value)
    if errors:
        raise ValidationError(errors)
    return cleaned


def is_exclusive(choice: dict) -> bool:
    """A choice that rules out the others ("None of these"): flagged `exclusive`, or by the
    convention of the seed content and the question editor, the value "none"."""
    return bool(choice.get("exclusive", str(choice["value"]) == "none"))


def _exclusive_conflict(question: Question, values: list[str]) -> str:
    """Why these several answers cannot go together ("Diabetes" with "None of these" was stored,
    issue 13 bug 6), or ''."""
    if len(set(values)) < 2:
        return ""
    for choice in question.choices:
        if is_exclusive(choice) and str(choice["value"]) in values:
            return f"“{choice['en']}” cannot be chosen together with other answers."
    return ""


def _merged(saved: dict, changes: dict) -> dict:
    merged = {**saved, **changes}
    return {key: value for key, value in merged.items() if value not in (None, "", [])}


# Services


def start_assessment(*, member: Member, kind: str, language: str, by) -> Assessment:
    """A new draft on the version of `kind` published now."""
    if kind not in AssessmentKind.values:
        raise ValidationError({"kind": "Choose the HRA or the SDOH screening."})
    if language not in LANGUAGES:
        raise ValidationError({"language": "Choose English or Spanish."})
    question_set = published_question_set(kind)
    if question_set is None:
        raise ValidationError(
            {"kind": f"No {AssessmentKind(kind).label} version is published yet."}
        )
    return Assessment.objects.create(
        member=member, question_set=question_set, language=language, started_by=by
    )


def _conflict(assessment: Assessment) -> Exception:
    current = Assessment.objects.select_related("question_set").get(pk=assessment.pk)
    if current.status == AssessmentStatus.COMPLETED:
        return ValidationError("This assessment is completed and can no longer be changed.")
    return StaleRevision(current)


def save_answers(*, assessment: Assessment, answers: dict, revision: int, by) -> Assessment:
    """Save a draft's answers (merged into what is saved; None clears one) as a new revision."""
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError("This assessment is completed and can no longer be changed.")
    if assessment.revision != revision:
        raise _conflict(assessment)
    questions = questions_of(assessment.question_set)
    merged = _merged(assessment.answers, clean_answers(questions, answers))
    updated = Assessment.objects.filter(
        pk=assessment.pk, revision=revision, status=AssessmentStatus.DRAFT
    ).update(answers=merged, revision=F("revision") + 1, updated_at=timezone.now())
    if not updated:
        raise _conflict(assessment)
    assessment.answers = merged
    assessment.revision = revision + 1
    return assessment


def complete_assessment(*, assessment: Assessment, revision: int, by) -> Assessment:
    """Check required answers, score, and store the flagged needs, in one transaction."""
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError("This assessment is already completed.")
    if assessment.revision != revision:
        raise _conflict(assessment)
    questions = questions_of(assessment.question_set)
    missing = missing_required(questions, assessment.answers, language=assessment.language)
    if missing:
        raise AssessmentIncomplete(missing)
    rules = ScoringRule.objects.filter(question_set=assessment.question_set).select_related("need")
    flagged = scoring.flagged_needs(questions=questions, rules=rules, answers=assessment.answers)
    today = timezone.localdate()
    with transaction.atomic():
        updated = Assessment.objects.filter(
            pk=assessment.pk, revision=revision, status=AssessmentStatus.DRAFT
        ).update(
            status=AssessmentStatus.COMPLETED,
            completed_by=by,
            completed_on=today,
            revision=F("revision") + 1,
            updated_at=timezone.now(),
        )
        if not updated:
            raise _conflict(assessment)
        AssessmentNeed.objects.bulk_create(
            AssessmentNeed(assessment=assessment, need=f.need, points=f.points, evidence=f.evidence)
            for f in flagged
        )
        refresh_after_commit(assessment.member_id)  # a completed HRA stops and starts clocks
    assessment.status = AssessmentStatus.COMPLETED
    assessment.completed_by = by
    assessment.completed_on = today
    assessment.revision = revision + 1
    return assessment
