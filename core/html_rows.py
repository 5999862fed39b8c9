"""Rows of markup built in Python, escaped as Django escapes, without its per-value wrappers.

The long lists (caseload, "My tasks", the timeline) render their rows in Python rather than
through the template engine (issue 14). `format_html` then still cost a large share of those
requests: each argument goes through `conditional_escape` and `escape`, both wrapped by
`keep_lazy`, which inspects every argument for lazy strings; a task page made about 700 such
calls. These helpers give the same markup at a third of the cost (bench/http_load.py).
"""

from collections.abc import Iterable
from html import escape as _html_escape

from django.utils.safestring import SafeString


def escaped(value) -> str:
    """`value` as Django's `conditional_escape` gives it: markup (anything with `__html__`,
    such as SafeString) as it is, everything else (lazy translations included) html.escape'd
    after str(), which is exactly `django.utils.html.escape`."""
    if type(value) is str:  # the common case, and not markup: SafeString is a subclass
        return _html_escape(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _html_escape(str(value))


def html_format(template: str, *values) -> SafeString:
    """`format_html(template, *values)`: the template is trusted markup, every value escaped."""
    return SafeString(template.format(*map(escaped, values)))


def html_rows(template: str, rows: Iterable[Iterable], separator: str = "") -> SafeString:
    """`format_html_join(separator, template, rows)`: one filled template per row, joined."""
    return SafeString(separator.join(template.format(*map(escaped, values)) for values in rows))
