"""The rows of "My tasks", rendered in Python.

A page lists up to 50 items with seven cells each; through the template engine (an include per
row) that was about 600 variable lookups and 300 translations a page, a third of its Python time
(bench/http_load.py). The same markup built in Python (core/html_rows.py) costs a fraction; every
value is still escaped.
"""

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from core.html_rows import html_format, html_rows
from core.templatetags.portal import iso, member_url

register = template.Library()

_ROW = (
    '<tr class="item state-{}" data-kind="{}">{}<td>{}</td>'
    '<td><span class="chip due-{}">{}</span></td><td><a href="{}">{}</a></td>'
    "<td>{}</td><td>{}</td><td>{}</td></tr>\n"
)
_SELECT = (
    '<td><input type="checkbox" name="item" value="{}" form="snooze-form" aria-label="{}"></td>'
)


def _select(item, select_label: str | None) -> SafeString | str:
    """The row's checkbox for snoozing, `select_label` the translated "Select %(kind)s of
    %(name)s" (None: the reader may not snooze, no checkbox)."""
    if select_label is None:
        return ""
    label = select_label % {"kind": item.kind_label, "name": item.member_name}
    return html_format(_SELECT, item.key, label)


def _cells(item, select_label: str | None) -> tuple:
    return (
        item.state,
        item.kind,
        _select(item, select_label),
        iso(item.due_on),
        item.state,
        item.state_label,
        member_url(item.member_id),
        item.member_name,
        item.kind_label,
        item.what,
        item.owner or "—",
    )


@register.simple_tag
def task_rows(items, may_snooze: bool = False) -> SafeString:
    """`{% task_rows items may_snooze %}`: one <tr> per item (careplans.worklists.OpenItem);
    the checkbox's label is translated once a page, not once a row."""
    select_label = gettext("Select %(kind)s of %(name)s") if may_snooze else None
    return html_rows(_ROW, (_cells(item, select_label) for item in items))
