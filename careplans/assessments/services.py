"""Assessments of a member: starting, saving over several sittings, completing; and reading them.

An assessment is answered on one question-set version (the one published when it was started)
and keeps it for good, so a completed assessment always shows the words the member was asked,
even after the plan admin publishes a new version. Saves carry the revision the person started
from; a save from an older revision (a second tab, a second person) is refused with
StaleRevision instead of silently overwriting, and the caller shows the person their answers
back. Completing checks the required answers and runs scoring (careplans.assessments.scoring),
storing each flagged need with its evidence.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from careplans.assessments import scoring
from careplans.clocks.services import refresh_after_commit
from careplans.models import (
    AnswerType,
    Assessment,
    AssessmentKind,
    AssessmentNeed,
    AssessmentStatus,
    Question,
    QuestionSet,
    QuestionSetStatus,
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


@dataclass
class WordedQuestion:
    """A question in the assessment's language, with the answer given (for forms and display)."""

    question: Question
    text: str
    choices: list[tuple[str, str]]
    answer: object
    answer_label: str

    @property
    def key(self) -> str:
        return self.question.key


# Selectors


def published_question_set(kind: str) -> QuestionSet | None:
    return QuestionSet.objects.filter(kind=kind, status=QuestionSetStatus.PUBLISHED).first()


def published_kinds() -> set[str]:
    return set(
        QuestionSet.objects.filter(status=QuestionSetStatus.PUBLISHED).values_list(
            "kind", flat=True
        )
    )


def member_assessments(member: Member) -> QuerySet[Assessment]:
    """The member's assessments, newest first, with their version and flagged needs (3 queries)."""
    return (
        Assessment.objects.filter(member=member)
        .select_related("question_set", "started_by", "completed_by")
        .prefetch_related(Prefetch("needs", queryset=AssessmentNeed.objects.select_related("need")))
        .order_by("-started_at", "-id")
    )


def member_assessment(member: Member, assessment_id: int) -> Assessment:
    """One of this member's assessments; 404 when it is another member's or missing."""
    return get_object_or_404(member_assessments(member), pk=assessment_id)


def questions_of(question_set: QuestionSet) -> list[Question]:
    return list(question_set.questions.order_by("position", "id"))


def choice_label(choice: dict, language: str) -> str:
    return choice.get(language) or choice.get("en") or str(choice["value"])


def worded_questions(
    questions: list[Question], *, language: str, answers: dict
) -> list[WordedQuestion]:
    worded = []
    for question in questions:
        choices = [(str(c["value"]), choice_label(c, language)) for c in question.choices]
        answer = answers.get(question.key)
        labels = dict(choices)
        picked = answer if isinstance(answer, list) else ([] if answer is None else [answer])
        worded.append(
            WordedQuestion(
                question=question,
                text=question.text_es if language == "es" else question.text_en,
                choices=choices,
                answer=answer,
                answer_label=", ".join(labels.get(str(v), str(v)) for v in picked),
            )
        )
    return worded


# Answers


def _number(value):
    number = float(value)
    return int(number) if number.is_integer() else number


def least_risk_answers(question_set: QuestionSet) -> dict:
    """An answer to every question that scores no points (a member with no needs)."""
    answers = {}
    for question in question_set.questions.order_by("position", "id"):
        if question.answer_type == AnswerType.NUMBER:
            answers[question.key] = 0
        elif question.answer_type == AnswerType.TEXT:
            continue
        else:
            calm = min(question.choices, key=lambda c: c.get("points", 0))["value"]
            multiple = question.answer_type == AnswerType.MULTIPLE_CHOICE
            answers[question.key] = [calm] if multiple else calm
    return answers


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


def _merged(saved: dict, changes: dict) -> dict:
    merged = {**saved, **changes}
    return {key: value for key, value in merged.items() if value not in (None, "", [])}


def missing_required(questions: list[Question], answers: dict, *, language: str) -> dict:
    return {
        q.key: "Answer “{}”: this question is required.".format(
            q.text_es if language == "es" else q.text_en
        )
        for q in questions
        if q.required and answers.get(q.key) in (None, "", [])
    }


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
