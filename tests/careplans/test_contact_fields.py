"""careplans/templatetags/contact_form.py keeps the unbound "Record a contact" fields' markup:
it must be what rendering them makes, per reader kind and language, and a refused form must
still show its own values and messages."""

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation

from careplans.outreach.forms import ContactForm

TAG = engines["django"].from_string("{% load contact_form %}{% contact_fields form %}")


def _fields(form) -> str:
    return render_to_string("careplans/_contact_fields.html", {"form": form})


@pytest.mark.parametrize("partner", [False, True])
@pytest.mark.parametrize("language", ["en", "es"])
def test_kept_markup_is_the_rendered_fields_of_that_reader_and_language(partner, language):
    with translation.override(language):
        first = TAG.render({"form": ContactForm(partner=partner)})
        again = TAG.render({"form": ContactForm(partner=partner)})
        assert first == again == _fields(ContactForm(partner=partner))
    assert ('name="shared_with_cbo"' in first) is not partner  # a partner's form has no box


def test_a_refused_form_shows_its_own_values_and_messages():
    TAG.render({"form": ContactForm()})  # an unbound form's markup is kept
    refused = ContactForm({"kind": "outreach", "note": "Left a voicemail", "duration_minutes": "x"})
    assert not refused.is_valid()
    html = TAG.render({"form": refused})
    assert "Left a voicemail" in html
    assert 'id="id_duration_minutes_error"' in html
