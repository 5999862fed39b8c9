"""Reads of assessments: published question-set versions, a member's assessments, their
questions worded in the assessment's language, and what is still missing before completing.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404

from accounts import access
from careplans.assessments.sud import SUD_NEEDS
from careplans.models import (
    AnswerType,
    Assessment,
    AssessmentNeed,
    AssessmentStatus,
    Question,
    QuestionSet,
    QuestionSetStatus,
)
from members.models import Member


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


def published_question_set(kind: str) -> QuestionSet | None:
    return QuestionSet.objects.filter(kind=kind, status=QuestionSetStatus.PUBLISHED).first()


def published_kinds() -> set[str]:
    return set(
        QuestionSet.objects.filter(status=QuestionSetStatus.PUBLISHED).values_list(
            "kind", flat=True
        )
    )


def _newest_first(member: Member) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(member=member)
        .select_related("question_set")
        .order_by("-started_at", "-id")
    )


def _with_needs() -> Prefetch:
    return Prefetch("needs", queryset=AssessmentNeed.objects.select_related("need"))


def member_assessments(member: Member) -> QuerySet[Assessment]:
    """The member's assessments, newest first, with their version and flagged needs (3 queries)."""
    return (
        _newest_first(member)
        .select_related("started_by", "completed_by")
        .prefetch_related(_with_needs())
    )


def section_assessments(member: Member) -> list[Assessment]:
    """member_assessments as the member page's section lists them: kind, version, status, dates
    and needs, so without the two users (who started and completed) the other readers show;
    the needs' query is built only when there are assessments (most members have none)."""
    assessments = list(_newest_first(member))
    if assessments:
        prefetch_related_objects(assessments, _with_needs())
    return assessments


def flagged_needs(member: Member, *, reader) -> list[AssessmentNeed]:
    """What a CBO partner sees of assessments: the needs the member's completed assessments
    flagged (the latest flag of each), without the answers; the SUD needs only if the reader
    may see the member's SUD records (42 CFR Part 2). One query."""
    flags = (
        AssessmentNeed.objects.filter(
            assessment__member=member, assessment__status=AssessmentStatus.COMPLETED
        )
        .select_related("need", "assessment")
        .order_by("need__label", "need_id", "-assessment__completed_on", "-id")
    )
    if not access.may_see_sud(reader, member):
        flags = flags.exclude(need__code__in=SUD_NEEDS)
    latest: dict[int, AssessmentNeed] = {}
    for flag in flags:
        latest.setdefault(flag.need_id, flag)
    return list(latest.values())


def shows_sud(needs: list[AssessmentNeed]) -> bool:
    return any(flag.need.code in SUD_NEEDS for flag in needs)


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


def missing_required(questions: list[Question], answers: dict, *, language: str) -> dict:
    return {
        q.key: "Answer “{}”: this question is required.".format(
            q.text_es if language == "es" else q.text_en
        )
        for q in questions
        if q.required and answers.get(q.key) in (None, "", [])
    }
