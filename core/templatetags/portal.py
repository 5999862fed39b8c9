"""Cheap filters for the rows of long lists (caseload, task list), where the generic ones cost.

Profiling the caseload page (bench/http_load.py) showed a `{% url %}` and three `|date` per row
taking a third of its Python time: `reverse()` walks the resolver for every row and `date`
formats through the locale machinery. These do the same for the one format the lists use.
"""

import datetime
from functools import lru_cache
from html import escape

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()
_PLACEHOLDER = 987654321


@register.filter
def iso(value: datetime.date | None) -> str:
    """A date as YYYY-MM-DD (what `|date:"Y-m-d"` gives), '' for none."""
    return value.isoformat() if value else ""


@lru_cache(maxsize=8)
def _member_url_pattern(script_prefix: str) -> str:
    url = reverse("members:detail", kwargs={"member_id": _PLACEHOLDER})
    return url.replace(str(_PLACEHOLDER), "{}")


@register.filter
def member_url(member_id: int) -> str:
    """The member page's URL, as `{% url 'members:detail' member_id %}`, reversed once."""
    return _member_url_pattern(get_script_prefix()).format(int(member_id))


@register.filter
def person(user, nobody: str = "—") -> str:
    """Who did something: the user's full name, else their username, else `nobody` (a command
    line or the schedule did it). `{{ job.requested_by|person:"command line" }}`.

    Spelled `a.b.get_full_name|default:a.b.username` instead, a template answers 500 when `a.b`
    is empty: Django resolves a filter's argument strictly (issue 13, bug 1).
    """
    if user is None:
        return nobody
    return user.get_full_name() or user.username


@register.simple_tag
def filter_select(field, label, empty) -> SafeString:
    """`{% filter_select filter.form.county _("County") _("All counties") %}`: a django-filter
    form field's labelled <select>, its current value selected, the empty choice as `empty`.

    Built in Python: as a template, included once per filter, it walked every choice through the
    engine (58 counties, a `stringformat` and a comparison each), about a third of the caseload's
    Python time (bench/http_load.py). Every value is escaped as `{{ }}` would."""
    current = str(field.value())
    options = "".join(
        f'<option value="{escape(str(value))}"{" selected" if current == str(value) else ""}>'
        f"{conditional_escape(text)}</option>"
        for value, text in field.field.choices
        if value
    )
    field_id = escape(str(field.id_for_label))
    return mark_safe(  # noqa: S308 - every value above is escaped
        f'\n<div class="field">\n  <label for="{field_id}">{conditional_escape(label)}</label>\n'
        f'  <select id="{field_id}" name="{escape(field.html_name)}" class="filter-control">\n'
        f'    <option value="">{conditional_escape(empty)}</option>\n'
        f"    {options}\n  </select>\n</div>\n"
    )
