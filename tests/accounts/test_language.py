"""The interface in Spanish as well as English: the user's own choice (kept on their account),
else the browser's; `<html lang>` follows; the navigation, the caseload and My tasks are
translated; the committed catalogue is compiled from the current .po."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.careplans.work_factories import cicm_member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
CASELOAD = reverse("members:caseload")
TASKS = reverse("careplans:tasks")
LOCALE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"


def test_the_caseload_in_spanish_for_a_user_who_chose_it(client_for, care_manager):
    MemberFactory(care_manager=care_manager, last_name="Alvarez")
    care_manager.language = "es"
    care_manager.save(update_fields=["language"])

    html = client_for(care_manager).get(CASELOAD).content.decode()

    assert '<html lang="es">' in html
    assert "<h1>Mis casos</h1>" in html
    assert ">Mis tareas</a>" in html  # the navigation
    assert "Buscar por nombre o CIN" in html
    assert "1 miembro" in html
    assert ">Cerrar sesión</button>" in html
    assert 'value="en" lang="en">English</button>' in html  # the way back


def test_english_by_default_and_spanish_when_the_browser_asks(client_for, care_manager):
    client = client_for(care_manager)
    english = client.get(CASELOAD).content.decode()
    browser = client.get(CASELOAD, HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9").content.decode()

    assert '<html lang="en">' in english and "<h1>My caseload</h1>" in english
    assert 'value="es" lang="es">Español</button>' in english
    assert '<html lang="es">' in browser and "<h1>Mis casos</h1>" in browser


def test_the_switch_keeps_the_choice_on_the_account_and_returns_to_the_page(
    client_for, care_manager
):
    client = client_for(care_manager)

    response = client.post(reverse("accounts:language"), {"language": "es", "next": TASKS})

    assert response.status_code == 302 and response["Location"] == TASKS
    care_manager.refresh_from_db()
    assert care_manager.language == "es"
    # The account's choice wins over the browser's.
    html = client.get(TASKS, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="es">' in html and "<h1>Mis tareas</h1>" in html
    client.post(reverse("accounts:language"), {"language": "en", "next": TASKS})
    assert "<h1>My tasks</h1>" in client.get(TASKS).content.decode()


def test_the_switch_refuses_other_languages_and_foreign_addresses(client_for, care_manager):
    client = client_for(care_manager)
    assert client.post(reverse("accounts:language"), {"language": "fr"}).status_code == 400
    away = client.post(
        reverse("accounts:language"), {"language": "es", "next": "https://evil.example/"}
    )
    assert away["Location"] == reverse("home")


def test_my_tasks_in_spanish(client_for, care_manager):
    cicm_member(care_manager=care_manager, last_name="Alvarez")  # an overdue initial HRA
    from careplans.clocks.services import refresh_member_clocks

    refresh_member_clocks(member_ids=None)
    care_manager.language = "es"
    care_manager.save(update_fields=["language"])

    html = client_for(care_manager).get(TASKS).content.decode()

    assert "1 pendiente requiere acción (vencido o vence pronto)" in html
    assert ">Responsable</th>" in html
    assert "HRA inicial" in html and "Vencido" in html
    assert "Requiere acción (vencido o vence pronto)" in html  # the state filter


def _po_entries(path: Path) -> dict[tuple[str | None, str], str]:
    """(context, msgid) -> msgstr of a .po file; a plural entry's forms joined by "|"; a fuzzy
    entry's msgstr is left empty (gettext does not use it)."""
    entries, text = {}, path.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        fields, current = {}, None
        fuzzy = any(ln.startswith("#,") and "fuzzy" in ln for ln in block.splitlines())
        for line in block.splitlines():
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        forms = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
        if fields.get("msgid") and forms:
            key = (fields.get("msgctxt"), fields["msgid"].replace('\\"', '"'))
            translated = "" if fuzzy or not all(forms) else "|".join(forms)
            entries[key] = translated.replace('\\"', '"')
    return entries


def test_the_committed_catalogue_is_compiled_from_the_current_po():
    """`make messages` compiles it; a .po edited without compiling fails here."""
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    entries = _po_entries(LOCALE / "django.po")
    assert len(entries) > 400
    untranslated = [key for key, translated in entries.items() if not translated]
    assert not untranslated, "untranslated or fuzzy msgids"
    singular = {key: s for key, s in entries.items() if "|" not in s}
    stale = {
        key: s
        for key, s in singular.items()
        if (catalogue.pgettext(*key) if key[0] else catalogue.gettext(key[1])) != s
    }
    assert not stale
