"""Factories for question sets, questions, scoring rules and assessments.

`seeded_question_sets()` loads the real seed content (the same as `manage.py load_question_sets`)
for tests about the HRA and SDOH themselves; the factories build small versions for tests about
the machinery (versions, revisions, scoring as data).
"""

import factory

from careplans.assessments.question_sets import load_seed_content
from careplans.models import AssessmentKind, QuestionSet, QuestionSetStatus
from tests.factories import MemberFactory, care_manager

YES_NO = [
    {"value": "yes", "en": "Yes", "es": "Sí", "points": 1},
    {"value": "no", "en": "No", "es": "No", "points": 0},
]


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.Need"
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"need_{n}")
    label = factory.Sequence(lambda n: f"Need {n}")
    icd10_codes = "Z59.41"
    community_supports = ["medically_tailored_meals"]


class QuestionSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.QuestionSet"

    kind = AssessmentKind.SDOH
    version = factory.Sequence(lambda n: n + 100)
    title = "Screening"
    status = QuestionSetStatus.DRAFT


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.Question"

    question_set = factory.SubFactory(QuestionSetFactory)
    key = factory.Sequence(lambda n: f"question_{n}")
    domain = "food"
    position = factory.Sequence(lambda n: n)
    text_en = factory.LazyAttribute(lambda q: f"English wording of {q.key}?")
    text_es = factory.LazyAttribute(lambda q: f"¿Texto en español de {q.key}?")
    answer_type = "yes_no"
    choices = factory.LazyFunction(lambda: [dict(c) for c in YES_NO])
    required = True


class ScoringRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.ScoringRule"

    question_set = factory.SubFactory(QuestionSetFactory)
    need = factory.SubFactory(NeedFactory)
    domain = "food"
    min_points = 1


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "careplans.Assessment"

    member = factory.SubFactory(MemberFactory)
    question_set = factory.SubFactory(QuestionSetFactory)
    language = "en"
    answers = factory.LazyFunction(dict)
    started_by = factory.LazyFunction(care_manager)


def seeded_question_sets() -> dict[str, QuestionSet]:
    """The seed needs and HRA/SDOH v1 (published), keyed by kind."""
    load_seed_content()
    return {qs.kind: qs for qs in QuestionSet.objects.filter(status=QuestionSetStatus.PUBLISHED)}


def small_question_set(*, kind=AssessmentKind.SDOH, status=QuestionSetStatus.PUBLISHED, **kwargs):
    """A version with two yes/no food questions (one optional) and a food rule at 1 point."""
    question_set = QuestionSetFactory(kind=kind, status=status, **kwargs)
    QuestionFactory(question_set=question_set, key="food_worried", position=1)
    QuestionFactory(question_set=question_set, key="food_ran_out", position=2, required=False)
    ScoringRuleFactory(
        question_set=question_set,
        need=NeedFactory(code="food_insecurity", label="Food insecurity"),
        domain="food",
        min_points=1,
    )
    return question_set


def assessment_url_ids(member, care_manager) -> dict[str, int]:
    """Ids for the URL-by-role table: a draft version with a question, and a draft assessment."""
    question_set = small_question_set(status=QuestionSetStatus.DRAFT)
    question = question_set.questions.first()
    assessment = AssessmentFactory(
        member=member, question_set=question_set, started_by=care_manager
    )
    return {
        "assessment_id": assessment.pk,
        "question_set_id": question_set.pk,
        "question_id": question.pk,
    }
