"""The member lists' filter <select>s, rendered in Python.

templates/_filter_select.html, included once per filter, walked every choice through the
template engine (58 counties, with a `stringformat` and a comparison each): about a third of
the caseload's Python time (bench/http_load.py). This tag writes the same markup, every value
escaped as `{{ }}` would; the include stays for the other lists that use it.
"""

from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def filter_select(field, label, empty) -> SafeString:
    """`{% filter_select filter.form.county _("County") _("All counties") %}`: a django-filter
    form field's labelled <select>, its current value selected, the empty choice as `empty`."""
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
