"""The fields of the "Record a contact" form on a member's contacts section.

The section loads with every member page and answers every contact saved; its nine fields, each
a label and a widget, were a real share of its Python time (bench/http_load.py, issue 14).
Unbound, as on every load, the form is the same for every member: only the language, the fields
a reader gets (a CBO partner has no "share" box) and their initial values (the current minute)
change it, and it holds nothing about the member. So that markup is kept per those; a bound form
(refused, with its messages) is rendered each time.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from core.markup_cache import MarkupCache

register = template.Library()

_UNBOUND = MarkupCache(limit=64)


def _render(form) -> SafeString:
    return render_to_string("careplans/_contact_fields.html", {"form": form})


@register.simple_tag
def contact_fields(form) -> SafeString:
    """`{% contact_fields form %}`: each field with its label and messages."""
    key = (get_language(), tuple((name, str(form[name].value())) for name in form.fields))
    return _UNBOUND.form_fields(form, key, _render)
