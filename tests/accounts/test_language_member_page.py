"""The member page in Spanish for a user who chose it: the header, the in-page navigation, every
section the page loads (each one's own URL, as htmx fetches it), an assessment, the care plan
with its versions, and the contact form with its choices and its messages. English users keep
the English page."""

import html
import re

import pytest
from django.urls import reverse

from careplans.models import QuestionSetStatus
from careplans.plans.selectors import active_plan
from members.extensions import sections_for
from tests.careplans.assessment_factories import AssessmentFactory, small_question_set
from tests.careplans.plan_factories import care_plan_with_one_of_each, enrolled_member
from tests.careplans.work_factories import ContactFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}

# Each section's heading in Spanish, by key (members/extensions.py, member_sections).
SPANISH_HEADINGS = {
    "risk": "Riesgo",
    "eligibility": "Elegibilidad",
    "enrollment": "Inscripción en el programa",
    "assessments": "Evaluaciones",
    "care-plan": "Plan de atención",
    "clocks": "Plazos",
    "referrals": "Remisiones a Apoyos Comunitarios",
    "contacts": "Contactos y cronología",
    "cbo": "Colaboración con la CBO",
    "cbo-messages": "Mensajes con la CBO",
}


@pytest.fixture
def spanish(care_manager):
    care_manager.language = "es"
    care_manager.save(update_fields=["language"])
    return care_manager


@pytest.fixture
def member(care_manager):
    member = enrolled_member(care_manager=care_manager, last_name="Alvarez")
    care_plan_with_one_of_each(member, by=care_manager)
    ContactFactory(member=member, recorded_by=care_manager)
    return member


def _text(page: str) -> str:
    """The page's words, tags and entities gone (what a reader sees)."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_the_member_page_header_and_navigation_in_spanish(client_for, spanish, member):
    page = client_for(spanish).get(reverse("members:detail", args=[member.pk])).content.decode()

    assert '<html lang="es">' in page
    assert 'aria-label="Partes de este expediente"' in page  # the in-page navigation
    text = _text(page)
    for words in (
        "Volver a la lista",
        "Datos demográficos",
        "Fecha de nacimiento",
        "Idioma preferido",
        "Situación de vivienda",
        "Administrador/a de casos",
        "Plan de atención",  # a section in the in-page navigation
        "Contactos y cronología (1)",  # with its count
        "Cargando las evaluaciones…",
        "Abrir plan de atención",
    ):
        assert words in text, words
    for english in ("Demographics", "Back to list", "Loading assessments", "Care plan"):
        assert english not in text, english


def test_every_section_of_the_member_page_in_spanish(client_for, spanish, member):
    client = client_for(spanish)
    sections = sections_for(spanish)
    assert {s.key for s in sections} >= {"assessments", "care-plan", "contacts", "clocks"}

    for section in sections:
        response = client.get(reverse(section.url_name, args=[member.pk]), **HTMX)
        assert response.status_code == 200, section.key
        heading = re.search(
            rf'<h2 id="{section.heading_id}">(.*?)</h2>', response.content.decode(), re.S
        )
        assert heading, section.key
        words = _text(heading.group(1)).strip()
        expected = SPANISH_HEADINGS.get(section.key)
        assert expected is not None, f"no Spanish heading known for the {section.key} section"
        assert words.startswith(expected), (section.key, words)


def test_the_care_plan_in_spanish(client_for, spanish, member):
    text = _text(
        client_for(spanish)
        .get(reverse("careplans:care_plan", args=[member.pk]), **HTMX)
        .content.decode()
    )

    for words in (
        "Problemas y necesidades",
        "Códigos Z",
        "Metas",
        "En palabras del miembro",
        "Meta medible",
        "Para: Food insecurity",  # the goal under its problem (the problem is data)
        "Tareas e intervenciones",
        "Administrador/a de casos del plan",  # the owner's kind, a choice label
        "Abierta",  # the task's status
        "Equipo de atención",
        "Agregar un problema",
        "Agregar una meta",
        "Agregar una tarea",
        "Marcar como revisado hoy",
        "Confirmación del miembro",
        "Aún sin revisar",
    ):
        assert words in text, words
    for english in ("Problems and needs", "Tasks and interventions", "Care team", "Add a goal"):
        assert english not in text, english


def test_the_care_plan_forms_own_messages_in_spanish(client_for, spanish, member):
    data = {"goal-revision": active_plan(member).revision, "goal-measurable_goal": "Caminar"}
    response = client_for(spanish).post(
        reverse("careplans:care_plan_goal_add", args=[member.pk]), data, **HTMX
    )

    assert response.status_code == 422
    text = _text(response.content.decode())
    assert "No se guardó: vea los mensajes abajo." in text
    assert "Una meta necesita una fecha objetivo." in text


def test_the_care_plan_versions_in_spanish(client_for, spanish, member):
    url = reverse("careplans:plan_versions", args=[member.pk])
    page = client_for(spanish).get(url, {"left": 1, "right": 2}).content.decode()

    assert '<html lang="es">' in page
    text = _text(page)
    assert "versiones del plan de atención" in text
    assert "Todas las versiones guardadas, la más reciente primero." in text
    assert "Versión 1 y versión 2 lado a lado" in text
    assert "Problemas" in text and "Meta medible" in text  # the compared fields


def test_an_assessment_in_spanish(client_for, spanish, member):
    question_set = small_question_set(status=QuestionSetStatus.PUBLISHED)
    assessment = AssessmentFactory(member=member, question_set=question_set, language="en")
    client = client_for(spanish)

    page = client.get(
        reverse("careplans:assessment", args=[member.pk, assessment.pk])
    ).content.decode()

    assert '<html lang="es">' in page
    text = _text(page)
    for words in ("Volver al miembro", "Preguntas", "Guardar borrador", "Completar", "En curso"):
        assert words in text, words
    # The questions are data in the assessment's own language (English here), not the page's.
    assert "English wording of food_worried?" in text
    assert "Save draft" not in text

    section = _text(
        client.get(
            reverse("careplans:member_assessments", args=[member.pk]), **HTMX
        ).content.decode()
    )
    assert "Iniciar evaluación SDOH" in section and "Necesidades identificadas" in section


def test_the_contact_form_and_its_messages_in_spanish(client_for, spanish, member):
    client = client_for(spanish)
    url = reverse("careplans:member_contacts", args=[member.pk])

    text = _text(client.get(url, **HTMX).content.decode())

    for words in (
        "Registrar un contacto",
        "Registrar un intento de contacto o un contacto",
        "Cuándo (fecha y hora)",
        "Con quién se habló",
        "Resultado",
        "Intento de contacto",  # a choice of "What"
        "Mensaje de texto",  # a choice of "How"
        "Cuidador/a o familiar",  # a choice of "Who was reached"
        "Compartir con la CBO del miembro",
        "Cronología",
        "Contacto por teléfono",  # a timeline entry: the contact recorded
        "Se habló con: Miembro",
    ):
        assert words in text, words

    response = client.post(
        reverse("careplans:member_contact_create", args=[member.pk]),
        {"kind": "contact", "occurred_at": "", "mode": "phone"},
        **HTMX,
    )
    assert response.status_code == 422
    errors = _text(response.content.decode())
    assert "Este campo es requerido." in errors  # Django's own message, in Spanish too
    assert "This field is required." not in errors


def test_english_users_keep_the_english_member_page(client_for, care_manager, member):
    client = client_for(care_manager)
    page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    plan = client.get(reverse("careplans:care_plan", args=[member.pk]), **HTMX).content.decode()

    assert '<html lang="en">' in page
    assert "Demographics" in page and "Loading assessments" in page
    assert "Contacts &amp; timeline" in page
    assert "Problems and needs" in plan and "Plan care manager" in plan and "Open" in plan
    assert "Plan de atención" not in page + plan


def test_the_referrals_section_and_timeline_in_spanish(client_for, spanish, member):
    from tests.factories import CboFactory
    from tests.referrals.helpers import cs_referral_to

    cs_referral_to(member, CboFactory(name="Casa Segura"), by=spanish)
    client = client_for(spanish)

    page = _text(client.get(reverse("members:detail", args=[member.pk])).content.decode())
    section = _text(
        client.get(reverse("referrals:member_section", args=[member.pk]), **HTMX).content.decode()
    )
    timeline = _text(
        client.get(reverse("careplans:member_timeline", args=[member.pk]), **HTMX).content.decode()
    )

    assert "Cargando las remisiones" in page and "Loading referrals" not in page
    assert "Casa Segura" in section and "Enviada" in section and "Sent" not in section
    assert "Remisión a Apoyos Comunitarios: enviada" in timeline


def test_the_kinds_other_apps_add_to_my_tasks_read_in_spanish():
    from django.utils import translation

    from careplans.worklists.selectors import task_kinds

    with translation.override("es"):
        labels = dict(task_kinds())

    assert labels["cbo_decision"] == "Decisión de la CBO"
    assert labels["cs_provider_decision"] == "Decisión sobre la remisión a Apoyos Comunitarios"
    assert labels["cs_referral"] == "Remisión a Apoyos Comunitarios"
