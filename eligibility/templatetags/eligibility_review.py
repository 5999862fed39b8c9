"""The review form's fields on a member's eligibility section.

Rendered through _field.html and Django's widget templates, the three fields were most of the
section's template time (bench/http_load.py: the section loads with every member page). Unbound,
as on every load, they are the same for every member of a program: only the program's populations
and the language change them, and they hold nothing about the member. So that markup is kept per
(program's choices, language); a bound form (a refused review, with its messages) is rendered
each time.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.markup_cache import MarkupCache

register = template.Library()

FIELDS = ("population", "decision", "reason")
_UNBOUND = MarkupCache(limit=64)


def _render(form) -> SafeString:
    """Each field through _field.html, as `{% include "_field.html" with field=... %}` lines."""
    html = "\n    ".join(render_to_string("_field.html", {"field": form[name]}) for name in FIELDS)
    return mark_safe(html)  # noqa: S308 - rendered templates, joined by whitespace


@register.simple_tag
def review_fields(form) -> SafeString:
    """`{% review_fields review_form %}`: the ReviewForm's fields with labels and messages."""
    key = (
        get_language(),
        tuple((value, str(label)) for value, label in form.fields["population"].choices),
    )
    return _UNBOUND.form_fields(form, key, _render)
