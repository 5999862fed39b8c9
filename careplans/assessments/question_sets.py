"""Plan admins edit the HRA and SDOH screening as versions, without a code change.

A change is always a new version: "New version" copies the published one (questions and scoring
rules) into a draft, the admin edits the draft, and publishing it retires the previous
published version in the same transaction (the database allows one published version per
kind). Published and retired versions are read-only, because assessments answered on them must
keep showing the words the member was asked; every write here refuses them with
QuestionSetLocked. Assessments already started keep their version; new ones use the published.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from careplans.assessments.question_set_content import NEEDS, QUESTION_SETS
from careplans.models import (
    AnswerType,
    AssessmentKind,
    Need,
    Question,
    QuestionSet,
    QuestionSetStatus,
    ScoringRule,
)

CHOICE_TYPES = {AnswerType.SINGLE_CHOICE, AnswerType.MULTIPLE_CHOICE, AnswerType.YES_NO}
DEFAULT_YES_NO = [
    {"value": "yes", "en": "Yes", "es": "Sí", "points": 1},
    {"value": "no", "en": "No", "es": "No", "points": 0},
]


class QuestionSetLocked(ValidationError):
    pass


def check_editable(question_set: QuestionSet) -> None:
    if not question_set.is_editable:
        raise QuestionSetLocked(
            f"{question_set} is {question_set.get_status_display().lower()} and read-only: "
            "assessments answered on it must keep its wording. Start a new version to change it."
        )


# Selectors


def question_sets_by_kind() -> dict[str, list[QuestionSet]]:
    """Every version of each kind, newest first, with its question count (one query)."""
    by_kind: dict[str, list[QuestionSet]] = {kind: [] for kind in AssessmentKind.values}
    for question_set in QuestionSet.objects.annotate(question_count=Count("questions")).order_by(
        "kind", "-version"
    ):
        by_kind[question_set.kind].append(question_set)
    return by_kind


def scoring_rules_of(question_set: QuestionSet) -> QuerySet[ScoringRule]:
    return question_set.scoring_rules.select_related("need").order_by("domain", "min_points", "id")


def needs_catalog() -> QuerySet[Need]:
    return Need.objects.order_by("code")


# Services


@transaction.atomic
def new_version(*, kind: str, by) -> QuestionSet:
    """A draft copy of the published version of `kind` (or of the latest, if none is published)."""
    versions = QuestionSet.objects.select_for_update().filter(kind=kind)
    draft = versions.filter(status=QuestionSetStatus.DRAFT).first()
    if draft is not None:
        raise ValidationError(f"{draft} is already a draft: edit it or publish it first.")
    source = versions.filter(status=QuestionSetStatus.PUBLISHED).first() or versions.first()
    next_version = (versions.aggregate(top=Max("version"))["top"] or 0) + 1
    draft = QuestionSet.objects.create(
        kind=kind,
        version=next_version,
        title=source.title if source else AssessmentKind(kind).label,
        created_by=by,
        notes=f"Copied from v{source.version}." if source else "",
    )
    if source is not None:
        Question.objects.bulk_create(
            Question(
                question_set=draft,
                key=q.key,
                domain=q.domain,
                position=q.position,
                text_en=q.text_en,
                text_es=q.text_es,
                answer_type=q.answer_type,
                choices=q.choices,
                required=q.required,
            )
            for q in source.questions.all()
        )
        ScoringRule.objects.bulk_create(
            ScoringRule(
                question_set=draft,
                need_id=r.need_id,
                domain=r.domain,
                min_points=r.min_points,
                description=r.description,
            )
            for r in source.scoring_rules.all()
        )
    return draft


def update_details(*, question_set: QuestionSet, title: str, notes: str) -> QuestionSet:
    check_editable(question_set)
    question_set.title = title
    question_set.notes = notes
    question_set.save(update_fields=["title", "notes"])
    return question_set


def save_question(
    *, question_set: QuestionSet, question: Question | None = None, **fields
) -> Question:
    """Add a question (at the end) or change one of a draft. `fields` are Question fields."""
    check_editable(question_set)
    if fields.get("answer_type") == AnswerType.YES_NO and not fields.get("choices"):
        fields["choices"] = DEFAULT_YES_NO
    if fields.get("answer_type") not in CHOICE_TYPES:
        fields["choices"] = []
    elif not fields.get("choices"):
        raise ValidationError("A choice question needs at least one choice.")
    clash = question_set.questions.filter(key=fields["key"])
    if question is not None:
        clash = clash.exclude(pk=question.pk)
    if clash.exists():
        raise ValidationError(
            {"key": f"Another question of this version is keyed {fields['key']}."}
        )
    if question is None:
        top = question_set.questions.aggregate(top=Max("position"))["top"]
        question = Question(question_set=question_set, position=(top or 0) + 1)
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    return question


def remove_question(*, question: Question) -> None:
    check_editable(question.question_set)
    question.delete()


@transaction.atomic
def move_question(*, question: Question, up: bool) -> None:
    """Swap the question with its neighbour, renumbering the version's positions 1..n."""
    check_editable(question.question_set)
    ordered = list(
        Question.objects.select_for_update()
        .filter(question_set=question.question_set_id)
        .order_by("position", "id")
    )
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, q in enumerate(ordered, start=1):
        q.position = position
    Question.objects.bulk_update(ordered, ["position"])


@transaction.atomic
def replace_scoring_rules(*, question_set: QuestionSet, rules: list[dict]) -> list[ScoringRule]:
    """Replace a draft's rules: [{"domain", "need" (a Need), "min_points", "description"}]."""
    check_editable(question_set)
    question_set.scoring_rules.all().delete()
    return ScoringRule.objects.bulk_create(
        ScoringRule(question_set=question_set, **rule) for rule in rules
    )


def publication_problems(question_set: QuestionSet) -> list[str]:
    questions = list(question_set.questions.all())
    problems = [] if questions else ["Add at least one question."]
    domains = {q.domain for q in questions}
    for rule in question_set.scoring_rules.all():
        if rule.domain not in domains:
            problems.append(f"Scoring rule for “{rule.domain}” scores a domain with no questions.")
    return problems


@transaction.atomic
def publish(*, question_set: QuestionSet, by) -> QuestionSet:
    """Publish a draft; the version published until now is retired in the same transaction."""
    question_set = QuestionSet.objects.select_for_update().get(pk=question_set.pk)
    check_editable(question_set)
    problems = publication_problems(question_set)
    if problems:
        raise ValidationError(problems)
    QuestionSet.objects.filter(kind=question_set.kind, status=QuestionSetStatus.PUBLISHED).update(
        status=QuestionSetStatus.RETIRED
    )
    question_set.status = QuestionSetStatus.PUBLISHED
    question_set.published_at = timezone.now()
    question_set.save(update_fields=["status", "published_at"])
    return question_set


@transaction.atomic
def load_seed_content(*, by=None) -> list[str]:
    """Create the needs catalog and v1 of each kind, published, when they are not there yet.

    Safe to run on every start of the demo: rows that exist are left as they are, so a plan
    admin's edits (and any later version) are never overwritten.
    """
    done = []
    for need in NEEDS:
        _, created = Need.objects.get_or_create(code=need["code"], defaults=need)
        if created:
            done.append(f"need {need['code']}")
    needs = {need.code: need for need in Need.objects.all()}
    for content in QUESTION_SETS:
        if QuestionSet.objects.filter(kind=content["kind"]).exists():
            continue
        question_set = QuestionSet.objects.create(
            kind=content["kind"],
            version=1,
            title=content["title"],
            notes=content["notes"],
            status=QuestionSetStatus.PUBLISHED,
            published_at=timezone.now(),
            created_by=by,
        )
        Question.objects.bulk_create(
            Question(question_set=question_set, position=position, **question)
            for position, question in enumerate(content["questions"], start=1)
        )
        ScoringRule.objects.bulk_create(
            ScoringRule(
                question_set=question_set,
                domain=domain,
                need=needs[code],
                min_points=min_points,
                description=description,
            )
            for domain, code, min_points, description in content["rules"]
        )
        done.append(str(question_set))
    return done
