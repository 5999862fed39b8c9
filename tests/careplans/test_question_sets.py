"""Plan admins edit the HRA and SDOH screening as versions in the portal; published ones never change."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from careplans.assessments import question_sets
from careplans.models import Need, Question, QuestionSet, QuestionSetStatus, ScoringRule
from tests.careplans.assessment_factories import (
    QuestionFactory,
    QuestionSetFactory,
    ScoringRuleFactory,
    seeded_question_sets,
    small_question_set,
)

COMMUNITY_SUPPORTS = {
    "housing_navigation",
    "housing_deposits",
    "housing_tenancy",
    "post_hospital_housing",
    "recuperative_care",
    "respite",
    "day_habilitation",
    "nf_transition_alf",
    "community_transition",
    "personal_care",
    "home_modifications",
    "medically_tailored_meals",
    "sobering_center",
    "asthma_remediation",
    "transitional_rent",
}


@pytest.fixture
def draft(plan_admin):
    published = small_question_set(version=1)
    return question_sets.new_version(kind=published.kind, by=plan_admin)


def _question_data(**overrides):
    data = {
        "key": "food_skipped",
        "domain": "food",
        "text_en": "Did you skip meals?",
        "text_es": "¿Se saltó comidas?",
        "answer_type": "single",
        "required": "on",
        "choices_text": "yes | Yes | Sí | 1\nno | No | No | 0",
    }
    data.update(overrides)
    return data


def test_load_question_sets_is_idempotent_and_bilingual(db):
    call_command("load_question_sets")
    counts = (QuestionSet.objects.count(), Question.objects.count(), Need.objects.count())
    call_command("load_question_sets")

    assert (QuestionSet.objects.count(), Question.objects.count(), Need.objects.count()) == counts
    assert set(QuestionSet.objects.filter(status="published").values_list("kind", "version")) == {
        ("hra", 1),
        ("sdoh", 1),
    }
    for question in Question.objects.all():
        assert question.text_en and question.text_es, question.key
        assert all(c["en"] and c["es"] for c in question.choices), question.key


def test_seed_covers_the_hra_domains_and_ahc_core(db):
    versions = seeded_question_sets()
    hra = set(versions["hra"].questions.values_list("domain", flat=True))
    sdoh = set(versions["sdoh"].questions.values_list("domain", flat=True))

    assert {"chronic_conditions", "medications", "adl", "iadl", "cognition", "phq2"} <= hra
    assert {"substance_use", "falls", "caregiver", "advance_care"} <= hra
    assert versions["hra"].questions.filter(domain="adl").count() == 6
    assert {"living_situation", "housing_quality", "food", "transportation", "utilities"} <= sdoh
    assert {"safety", "financial_strain", "living_alone"} <= sdoh
    assert versions["sdoh"].questions.filter(domain="safety").count() == 4


def test_every_need_maps_to_known_community_supports(db):
    seeded_question_sets()

    for need in Need.objects.all():
        assert set(need.community_supports) <= COMMUNITY_SUPPORTS, need.code
    assert Need.objects.get(code="caregiver_strain").community_supports == ["respite"]
    assert "Z59.41" in Need.objects.get(code="food_insecurity").icd10_codes


def test_new_version_copies_the_published_one_into_a_draft(client_for, plan_admin):
    published = small_question_set(version=1)

    response = client_for(plan_admin).post(
        reverse("careplans:question_set_new_version"), {"kind": published.kind}
    )

    draft = QuestionSet.objects.get(kind=published.kind, version=2)
    assert response.status_code == 302
    assert draft.status == QuestionSetStatus.DRAFT
    assert list(draft.questions.values_list("key", "text_es")) == list(
        published.questions.values_list("key", "text_es")
    )
    assert draft.scoring_rules.count() == published.scoring_rules.count() == 1


def test_a_second_draft_of_the_same_kind_is_refused(client_for, plan_admin, draft):
    response = client_for(plan_admin).post(
        reverse("careplans:question_set_new_version"), {"kind": draft.kind}
    )

    assert response.status_code == 409
    assert "already a draft" in response.content.decode()


def test_admin_adds_edits_reorders_and_removes_draft_questions(client_for, plan_admin, draft):
    client = client_for(plan_admin)

    added = client.post(reverse("careplans:question_new", args=[draft.pk]), _question_data())
    question = draft.questions.get(key="food_skipped")
    edited = client.post(
        reverse("careplans:question_edit", args=[draft.pk, question.pk]),
        _question_data(text_es="¿Tuvo que saltarse comidas?", required=""),
    )
    moved = client.post(
        reverse("careplans:question_move", args=[draft.pk, question.pk]), {"direction": "up"}
    )

    assert (added.status_code, edited.status_code, moved.status_code) == (302, 302, 302)
    question.refresh_from_db()
    assert question.text_es == "¿Tuvo que saltarse comidas?"
    assert question.required is False
    assert question.choices[0] == {"value": "yes", "en": "Yes", "es": "Sí", "points": 1}
    assert list(draft.questions.order_by("position").values_list("key", flat=True)) == [
        "food_worried",
        "food_skipped",
        "food_ran_out",
    ]
    removed = client.post(reverse("careplans:question_remove", args=[draft.pk, question.pk]))
    assert removed.status_code == 302
    assert not draft.questions.filter(key="food_skipped").exists()


def test_choice_messages_name_the_line(client_for, plan_admin, draft):
    response = client_for(plan_admin).post(
        reverse("careplans:question_new", args=[draft.pk]),
        _question_data(
            choices_text="yes | Yes | Sí | 1\nno | No | No | zero\nmaybe | Maybe |\nnever"
        ),
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert "Line 2: points must be a whole number, not “zero”." in page
    assert "Line 3: value, English and Spanish are required." in page
    assert "Line 4: expected 3 to 4 parts separated by “|”, found 1." in page
    assert not draft.questions.filter(key="food_skipped").exists()


def test_duplicate_key_is_refused_on_the_field(client_for, plan_admin, draft):
    response = client_for(plan_admin).post(
        reverse("careplans:question_new", args=[draft.pk]), _question_data(key="food_worried")
    )

    assert response.status_code == 422
    assert "Another question of this version is keyed food_worried." in response.content.decode()


def test_scoring_rules_are_edited_as_lines_with_line_messages(client_for, plan_admin, draft):
    client = client_for(plan_admin)
    url = reverse("careplans:question_set_rules", args=[draft.pk])

    bad = client.post(url, {"rules_text": "food | food_insecurity | 2\nfood | no_such_need | 1"})
    good = client.post(url, {"rules_text": "food | food_insecurity | 2 | Both food items"})

    assert bad.status_code == 422
    assert "Line 2: there is no need coded “no_such_need”" in bad.content.decode()
    assert good.status_code == 302
    rule = ScoringRule.objects.get(question_set=draft)
    assert (rule.domain, rule.min_points, rule.description) == ("food", 2, "Both food items")


def test_publishing_retires_the_previous_version(client_for, plan_admin, draft):
    previous = QuestionSet.objects.get(kind=draft.kind, status=QuestionSetStatus.PUBLISHED)

    response = client_for(plan_admin).post(
        reverse("careplans:question_set_publish", args=[draft.pk])
    )

    assert response.status_code == 302
    previous.refresh_from_db()
    draft.refresh_from_db()
    assert previous.status == QuestionSetStatus.RETIRED
    assert draft.status == QuestionSetStatus.PUBLISHED
    assert draft.published_at is not None


def test_publishing_a_rule_on_a_domain_without_questions_is_refused(plan_admin, draft):
    ScoringRuleFactory(question_set=draft, domain="no_such_domain")

    with pytest.raises(question_sets.ValidationError, match="no_such_domain"):
        question_sets.publish(question_set=draft, by=plan_admin)

    draft.refresh_from_db()
    assert draft.status == QuestionSetStatus.DRAFT


def test_published_versions_are_read_only(client_for, plan_admin):
    published = small_question_set(version=1)
    question = published.questions.get(key="food_worried")
    client = client_for(plan_admin)

    edit = client.post(
        reverse("careplans:question_edit", args=[published.pk, question.pk]),
        _question_data(key="food_worried", text_en="Changed?"),
    )
    remove = client.post(reverse("careplans:question_remove", args=[published.pk, question.pk]))
    rules = client.post(
        reverse("careplans:question_set_rules", args=[published.pk]), {"rules_text": ""}
    )
    page = client.get(reverse("careplans:question_set", args=[published.pk])).content.decode()

    assert (edit.status_code, remove.status_code, rules.status_code) == (302, 302, 302)
    question.refresh_from_db()
    assert question.text_en == "English wording of food_worried?"
    assert published.scoring_rules.count() == 1
    assert "read-only" in page
    with pytest.raises(question_sets.QuestionSetLocked):
        question_sets.save_question(question_set=published, question=question, key="x")


def test_retired_versions_cannot_be_republished(plan_admin):
    retired = QuestionSetFactory(status=QuestionSetStatus.RETIRED)
    QuestionFactory(question_set=retired)

    with pytest.raises(question_sets.QuestionSetLocked):
        question_sets.publish(question_set=retired, by=plan_admin)


def test_list_shows_versions_per_kind(client_for, plan_admin, draft):
    page = client_for(plan_admin).get(reverse("careplans:question_sets")).content.decode()

    sdoh = page.split('data-kind="sdoh"')[1].split("</section>")[0]
    hra = page.split('data-kind="hra"')[1].split("</section>")[0]
    rows = sdoh.split("<tr>")[2:]  # after the header row
    assert len(rows) == 2
    assert ">v2<" in rows[0] and "Draft" in rows[0]  # newest first
    assert ">v1<" in rows[1] and "Published" in rows[1]
    assert "No version yet." in hra


@pytest.mark.parametrize("role", ["care_manager", "supervisor", "cbo_user"])
def test_question_sets_are_404_for_everyone_but_plan_admins(client_for, request, role, draft):
    client = client_for(request.getfixturevalue(role))

    assert client.get(reverse("careplans:question_sets")).status_code == 404
    assert client.get(reverse("careplans:question_set", args=[draft.pk])).status_code == 404
    publish = client.post(reverse("careplans:question_set_publish", args=[draft.pk]))
    assert publish.status_code == 404
    draft.refresh_from_db()
    assert draft.status == QuestionSetStatus.DRAFT
