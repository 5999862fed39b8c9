"""core/html_rows gives exactly the markup Django's format_html / format_html_join give, so
the rows built with it (caseload, tasks, timeline) escape every value as the templates would."""

import pytest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from core.html_rows import escaped, html_format, html_rows

NASTY = [
    "<script>alert('x')</script>",
    'O"Brien & <Sons>',
    mark_safe("<b>kept</b>"),
    gettext_lazy("Unassigned"),
    42,
    None,
    "",
]
TEMPLATE = '<td title="{}">{}</td>'


@pytest.mark.parametrize("value", NASTY, ids=repr)
def test_a_value_is_escaped_as_django_escapes_it(value):
    assert html_format(TEMPLATE, value, value) == format_html(TEMPLATE, value, value)


def test_rows_are_the_markup_format_html_join_gives():
    rows = [(a, b) for a in NASTY for b in NASTY]
    ours = html_rows(TEMPLATE, rows)
    assert ours == format_html_join("", TEMPLATE, rows)
    assert isinstance(ours, SafeString)
    assert "<script>" not in ours and "&lt;script&gt;" in ours


def test_markup_is_not_escaped_twice():
    assert escaped(html_format("<i>{}</i>", "<")) == "<i>&lt;</i>"
